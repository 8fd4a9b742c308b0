package cn.wenming.wechat;

import cn.wenming.core.PermanentQrCodes;
import cn.wenming.core.QrScene;
import java.util.Optional;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.result.WxMpQrCodeTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Permanent QR codes from WeChat's qrcode API, made once per scene and kept in PostgreSQL. */
@Component
class WeChatPermanentQrCodes implements PermanentQrCodes {

    private static final Logger log = LoggerFactory.getLogger(WeChatPermanentQrCodes.class);

    private final JdbcClient jdbc;
    private final WxMpService wechat;
    private final WeChatAccounts accounts;

    WeChatPermanentQrCodes(JdbcClient jdbc, WxMpService wechat, WeChatAccounts accounts) {
        this.jdbc = jdbc;
        this.wechat = wechat;
        this.accounts = accounts;
    }

    @Override
    public Optional<String> content(String appId, String scene) {
        if (scene == null || scene.isEmpty() || scene.length() > QrScene.MAX_SCENE
                || !accounts.makesPermanentQrCodes(appId)) {
            return Optional.empty();
        }
        Optional<String> kept = jdbc.sql("SELECT content FROM wechat_qr_code WHERE app_id = ? AND scene = ?")
                .params(appId, scene).query(String.class).optional();
        if (kept.isPresent()) {
            return kept;
        }
        try {
            WxMpQrCodeTicket ticket = wechat.switchoverTo(appId).getQrcodeService().qrCodeCreateLastTicket(scene);
            // Two instances making the same code at once both get WeChat's one code for the scene.
            jdbc.sql("INSERT INTO wechat_qr_code (app_id, scene, ticket, content) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (app_id, scene) DO NOTHING").params(appId, scene, ticket.getTicket(), ticket.getUrl())
                    .update();
            return Optional.of(ticket.getUrl());
        } catch (WxErrorException e) {
            log.warn("WeChat made no permanent QR code for a scene of account {}: {}", appId, e.getError().getErrorCode());
            return Optional.empty();
        }
    }
}
