package cn.wenming.wechat.handler;

import cn.wenming.conversation.ConversationManager;
import cn.wenming.conversation.Reply;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A CLICK on the custom menu: its key (config/menu.json) names the feature the resident wants. */
@Component
public class MenuClickHandler implements WxMpMessageHandler {

    private final ConversationManager conversations;

    MenuClickHandler(ConversationManager conversations) {
        this.conversations = conversations;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        Reply reply = conversations.onMenu(Replies.conversation(context), Replies.messageKey(message),
                message.getEventKey());
        return Replies.of(message, reply, context);
    }
}
