package cn.wenming.reach;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** WeChat's mass-message and temporary-QR APIs as reach needs them; the wechat module implements it. */
@org.springframework.modulith.NamedInterface("wechat")
public interface WeChatMassMessages {

    /**
     * What a push sends: {@code kind} is {@code text} (content is the text), {@code image} or
     * {@code mpnews} (content is the media_id of an image or a published article in the 素材库).
     */
    record Message(String kind, String content) {
    }

    /** WeChat refused a call; {@code errorCode} is WeChat's errcode (0 when it could not be reached). */
    final class Refused extends RuntimeException {

        private final int errorCode;

        public Refused(int errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }

        public int errorCode() {
            return errorCode;
        }
    }

    /** Sends the message to one follower's WeChat as a preview (WeChat's preview API). */
    void preview(String appId, String openid, Message message);

    /**
     * Sends to every follower; returns WeChat's msg_id. A second request with the same {@code clientMsgId}
     * sends nothing and returns the first request's msg_id.
     */
    long sendToAll(String appId, Message message, String clientMsgId);

    /** Sends to these followers (2 to 10 000 openids, a 服务号 only); otherwise as {@link #sendToAll}. */
    long sendToFollowers(String appId, List<String> openids, Message message, String clientMsgId);

    /** True for a 订阅号 (one mass message a day), false for a 服务号 (four a month per follower). */
    boolean subscriptionAccount(String appId);

    /** The content of a temporary QR code for {@code scene}, or empty when the account cannot make one. */
    Optional<String> temporaryQrCode(String appId, String scene, Duration validFor);
}
