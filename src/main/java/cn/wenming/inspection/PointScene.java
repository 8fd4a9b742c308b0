package cn.wenming.inspection;

import cn.wenming.core.MessageCatalog;
import cn.wenming.core.QrScene;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** A resident (or an inspector) scanned a point's WeChat code: 随手拍 with the place filled in. */
@Component
class PointScene implements QrScene {

    private final PointLibrary library;
    private final Checklists checklists;
    private final PointLinks links;
    private final MessageCatalog texts;

    PointScene(PointLibrary library, Checklists checklists, PointLinks links,
            @Value("${wenming.messages-dir:config/messages}") Path messages) {
        this.library = library;
        this.checklists = checklists;
        this.links = links;
        this.texts = MessageCatalog.load(messages, "inspection", "scanned", "scanned-inspector", "unknown-point");
    }

    @Override
    public String prefix() {
        return PointLinks.SCENE_PREFIX;
    }

    @Override
    public String onScan(String appId, String openid, String value, boolean newFollower) {
        return library.find(value).filter(Point::active).map(point -> texts.text("scanned", "name", point.name(),
                "type", checklists.name(point.typeCode()), "report", links.landing(point) + "?account=" + appId)
                + "\n" + texts.text("scanned-inspector", "inspect", links.absolute(PointController.inspectorEntry(point))))
                .orElseGet(() -> texts.text("unknown-point"));
    }
}
