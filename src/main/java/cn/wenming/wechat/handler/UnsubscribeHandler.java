package cn.wenming.wechat.handler;

import cn.wenming.report.ReportChat;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * An unfollow is recorded and the resident's identity is detached from their reports (the reports
 * stay: the street light still needs fixing). WeChat shows no reply to it, so none is sent.
 */
@Component
public class UnsubscribeHandler implements WxMpMessageHandler {

    private final FollowerRepository followers;
    private final ReportChat reports;

    UnsubscribeHandler(FollowerRepository followers, ReportChat reports) {
        this.followers = followers;
        this.reports = reports;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        followers.unsubscribed((String) context.get(Replies.APP_ID), message.getFromUser());
        reports.forget(Replies.resident(message, context));
        context.put(Replies.INTENT, "unsubscribe");
        return null;
    }
}
