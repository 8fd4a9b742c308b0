package cn.wenming.reach;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * WeChat's mass-message and temporary-QR APIs as reach needs them; the wechat module implements it.
 * Refusals and silence from WeChat are {@link WeChatRefused}.
 */
@org.springframework.modulith.NamedInterface("wechat")
public interface WeChatMassMessages {

    /** Sends the message to one follower's WeChat as a preview (WeChat's preview API). */
    void preview(String appId, String openid, MassMessage message);

    /**
     * Sends to every follower; returns WeChat's msg_id. A second request with the same {@code clientMsgId}
     * sends nothing and returns the first request's msg_id.
     */
    long sendToAll(String appId, MassMessage message, String clientMsgId);

    /** Sends to these followers (2 to 10 000 openids, a 服务号 only); otherwise as {@link #sendToAll}. */
    long sendToFollowers(String appId, List<String> openids, MassMessage message, String clientMsgId);

    /** True for a 订阅号 (one mass message a day), false for a 服务号 (four a month per follower). */
    boolean subscriptionAccount(String appId);

    /** The content of a temporary QR code for {@code scene}, or empty when the account cannot make one. */
    Optional<String> temporaryQrCode(String appId, String scene, Duration validFor);
}
