package cn.wenming.report;

/** Tells a resident about their report outside a passive reply; the wechat module implements it. */
@org.springframework.modulith.NamedInterface("wechat")
public interface ResidentNotifier {

    /**
     * What to say: the text (for a customer-service message), and the report, its new state, a one-line
     * summary and the page to open (for a template message, whose fields WeChat cuts at 20 characters
     * and shows without {@code first} or {@code remark} since 2023-05-04). The summary comes from
     * {@code config/messages/report.yml} ({@code brief-*}); it may be null for older outbox rows.
     */
    record Notice(String text, String ticketNo, String stateLabel, String brief, String url) {
    }

    /** True when WeChat accepted the message. */
    boolean notify(String appId, String openid, Notice notice);
}
