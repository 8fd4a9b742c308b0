package cn.wenming.wechat.handler;

import cn.wenming.conversation.ConversationTexts;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * A new follower: recorded, and told what the account can do — or, when they followed by scanning
 * a code a feature printed (EventKey {@code qrscene_…}), answered by that feature.
 */
@Component
public class SubscribeHandler implements WxMpMessageHandler {

    private final ConversationTexts texts;

    private final FollowerRepository followers;
    private final QrScenes scenes;

    SubscribeHandler(FollowerRepository followers, ConversationTexts texts, QrScenes scenes) {
        this.texts = texts;
        this.followers = followers;
        this.scenes = scenes;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        String appId = (String) context.get(Replies.APP_ID);
        followers.subscribed(appId, message.getFromUser());
        context.put(Replies.INTENT, "subscribe");
        return Replies.text(message, scenes.reply(appId, message.getFromUser(), message.getEventKey(), true)
                .orElseGet(texts::welcome));
    }
}
