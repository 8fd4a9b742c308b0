package cn.wenming.wechat.handler;

import cn.wenming.core.QrScene;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The features that own QR scenes, by prefix; a scan of anything else gets the ordinary welcome. */
@Component
class QrScenes {

    /** What WeChat puts before the scene in a subscribe event's EventKey. */
    static final String SUBSCRIBE_PREFIX = "qrscene_";

    private final Map<String, QrScene> byPrefix;

    QrScenes(List<QrScene> scenes) {
        this.byPrefix = scenes.stream().collect(Collectors.toUnmodifiableMap(QrScene::prefix, Function.identity()));
    }

    /** The owning feature's reply to a scan of {@code eventKey}, if a feature owns that scene. */
    Optional<String> reply(String appId, String openid, String eventKey, boolean newFollower) {
        if (eventKey == null) {
            return Optional.empty();
        }
        String scene = eventKey.startsWith(SUBSCRIBE_PREFIX) ? eventKey.substring(SUBSCRIBE_PREFIX.length()) : eventKey;
        int colon = scene.indexOf(':');
        if (colon <= 0 || scene.length() > QrScene.MAX_SCENE) {
            return Optional.empty();
        }
        QrScene target = byPrefix.get(scene.substring(0, colon));
        return target == null ? Optional.empty()
                : Optional.ofNullable(target.onScan(appId, openid, scene.substring(colon + 1), newFollower));
    }
}
