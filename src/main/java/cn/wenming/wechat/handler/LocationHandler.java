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

/** A shared location: where the reported problem is, starting a 随手拍 report if none is open. */
@Component
public class LocationHandler implements WxMpMessageHandler {

    private final ConversationManager conversations;

    LocationHandler(ConversationManager conversations) {
        this.conversations = conversations;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        Reply reply = conversations.onLocation(Replies.conversation(context), Replies.messageKey(message),
                message.getLocationX(), message.getLocationY(), message.getLabel());
        return Replies.of(message, reply, context);
    }
}
