package cn.wenming.wechat.handler;

import cn.wenming.conversation.ConversationTexts;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A new follower: recorded, and told what the account can do. */
@Component
public class SubscribeHandler implements WxMpMessageHandler {

    private final ConversationTexts texts;

    private final FollowerRepository followers;

    SubscribeHandler(FollowerRepository followers, ConversationTexts texts) {
        this.texts = texts;
        this.followers = followers;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        followers.subscribed((String) context.get(Replies.APP_ID), message.getFromUser());
        context.put(Replies.INTENT, "subscribe");
        return Replies.text(message, texts.welcome());
    }
}
