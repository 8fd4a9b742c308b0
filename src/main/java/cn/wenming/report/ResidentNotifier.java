package cn.wenming.report;

/** Sends a resident a chat message outside a passive reply; the wechat module implements it. */
public interface ResidentNotifier {

    /** True when WeChat accepted the message. */
    boolean sendText(String appId, String openid, String content);
}
