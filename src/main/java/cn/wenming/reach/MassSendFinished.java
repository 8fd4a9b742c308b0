package cn.wenming.reach;

/** WeChat's MASSSENDJOBFINISH event: how a mass message was delivered, announced by the WeChat gateway. */
@org.springframework.modulith.NamedInterface("wechat")
public record MassSendFinished(String appId, long msgId, String status, int totalCount, int filterCount,
        int sentCount, int errorCount) {
}
