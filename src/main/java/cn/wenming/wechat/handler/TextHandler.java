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

/** A typed message: handed to the conversation manager, which decides what it is and who serves it. */
@Component
public class TextHandler implements WxMpMessageHandler {

    private final ConversationManager conversations;

    TextHandler(ConversationManager conversations) {
        this.conversations = conversations;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        return answer(message, message.getContent(), context);
    }

    /** Text from a typed or a recognised voice message. */
    WxMpXmlOutMessage answer(WxMpXmlMessage message, String text, Map<String, Object> context) {
        Reply reply = conversations.onText(Replies.conversation(context), Replies.messageKey(message), text);
        return Replies.of(message, reply, context);
    }
}
