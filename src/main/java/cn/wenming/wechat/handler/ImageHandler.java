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

/** A photo: evidence for the flow that takes photos (随手拍), starting a report if none is open. */
@Component
public class ImageHandler implements WxMpMessageHandler {

    private final ConversationManager conversations;

    ImageHandler(ConversationManager conversations) {
        this.conversations = conversations;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        Reply reply = conversations.onPhoto(Replies.conversation(context), Replies.messageKey(message),
                message.getMediaId());
        return Replies.of(message, reply, context);
    }
}
