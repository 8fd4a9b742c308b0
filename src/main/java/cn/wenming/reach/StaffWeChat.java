package cn.wenming.reach;

import cn.wenming.console.AuditLog;
import cn.wenming.core.QrScene;
import cn.wenming.core.ResidentUnsubscribed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff member's own WeChat, for previews of pushes. The console shows a temporary QR code whose
 * scene ({@code s:<one-time token>}) is good for ten minutes and one scan; the scan links the scanner's
 * openid to the staff account. Only the token's hash is stored, and the openid is never shown.
 */
@Component
class StaffWeChat implements QrScene {

    static final Duration VALID = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final WeChatMassMessages wechat;
    private final ReachTexts texts;
    private final AuditLog audit;

    StaffWeChat(JdbcClient jdbc, WeChatMassMessages wechat, ReachTexts texts, AuditLog audit) {
        this.jdbc = jdbc;
        this.wechat = wechat;
        this.texts = texts;
        this.audit = audit;
    }

    @Override
    public String prefix() {
        return "s";
    }

    /** A new link code for this staff member, as the content of a temporary QR code; empty if WeChat made none. */
    Optional<String> linkCode(String appId, String username) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("DELETE FROM reach_staff_link_code WHERE expires_at < now() OR staff_username = ?").params(username)
                .update();
        jdbc.sql("INSERT INTO reach_staff_link_code (token_hash, staff_username, app_id, expires_at)"
                + " VALUES (?, ?, ?, now() + make_interval(secs => ?))")
                .params(hash(token), username, appId, VALID.toSeconds()).update();
        return wechat.temporaryQrCode(appId, scene(token), VALID);
    }

    boolean linked(String appId, String username) {
        return openid(appId, username).isPresent();
    }

    Optional<String> openid(String appId, String username) {
        return jdbc.sql("SELECT openid FROM reach_staff_wechat WHERE app_id = ? AND staff_username = ?")
                .params(appId, username).query(String.class).optional();
    }

    @Override
    @Transactional
    public String onScan(String appId, String openid, String value, boolean newFollower) {
        Optional<String> username = jdbc.sql("DELETE FROM reach_staff_link_code WHERE token_hash = ? AND app_id = ?"
                + " AND expires_at > now() RETURNING staff_username").params(hash(value), appId)
                .query(String.class).optional();
        if (username.isEmpty()) {
            return texts.text("staff-link-expired");
        }
        jdbc.sql("""
                INSERT INTO reach_staff_wechat (staff_username, app_id, openid) VALUES (?, ?, ?)
                ON CONFLICT (staff_username, app_id) DO UPDATE SET openid = EXCLUDED.openid, linked_at = now()""")
                .params(username.get(), appId, openid).update();
        audit.record("reach.staff-wechat-linked", "staff", username.get(), null, "已绑定预览微信");
        return texts.text("staff-linked");
    }

    /** A staff member who unfollows gets no more previews. */
    @EventListener
    void forget(ResidentUnsubscribed event) {
        jdbc.sql("DELETE FROM reach_staff_wechat WHERE app_id = ? AND openid = ?").params(event.appId(), event.openid())
                .update();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
