package cn.wenming.wechat.handler;

import cn.wenming.core.ResidentUnsubscribed;
import org.springframework.context.ApplicationEventPublisher;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * An unfollow is recorded and announced ({@link ResidentUnsubscribed}): each feature forgets what it
 * holds about the resident (reports stay, without their identity: the street light still needs
 * fixing). WeChat shows no reply to it, so none is sent.
 */
@Component
public class UnsubscribeHandler implements WxMpMessageHandler {

    private final FollowerRepository followers;
    private final ApplicationEventPublisher events;

    UnsubscribeHandler(FollowerRepository followers, ApplicationEventPublisher events) {
        this.followers = followers;
        this.events = events;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        followers.unsubscribed((String) context.get(Replies.APP_ID), message.getFromUser());
        // Each feature forgets what it holds for the resident (drafts, identity on reports, quiz, surveys).
        events.publishEvent(new ResidentUnsubscribed((String) context.get(Replies.APP_ID), message.getFromUser()));
        context.put(Replies.INTENT, "unsubscribe");
        return null;
    }
}
