package cn.wenming.report;

import java.util.Optional;

/**
 * The one-click subscription to progress notices ({@code wx-open-subscribe}) offered on the H5 page that
 * confirms a report, where the account has a 订阅通知 template; the wechat module implements it.
 */
@org.springframework.modulith.NamedInterface("wechat")
public interface ProgressSubscriptions {

    /** What the page needs: the template, and the JS-SDK configuration signed for the page's URL. */
    record Offer(String appId, String templateId, long timestamp, String nonceStr, String signature) {
    }

    /** The offer for a page, or empty when the account has no such template or WeChat gave no ticket. */
    Optional<Offer> offer(String appId, String pageUrl);
}
