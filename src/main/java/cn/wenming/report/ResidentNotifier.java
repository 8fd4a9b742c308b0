package cn.wenming.report;

/** Tells a resident about their report outside a passive reply; the wechat module implements it. */
@org.springframework.modulith.NamedInterface("wechat")
public interface ResidentNotifier {

    /**
     * What to say: the text (for a customer-service message), and the report, its new state and the
     * page to open (for a template message).
     */
    record Notice(String text, String ticketNo, String stateLabel, String url) {
    }

    /** True when WeChat accepted the message. */
    boolean notify(String appId, String openid, Notice notice);
}
