package cn.wenming.wechat.handler;

import cn.wenming.conversation.ConversationTexts;
import java.util.Map;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * Anything no other rule takes. A message (video, link …) gets a short help text; an event the
 * service does not act on (VIEW, SCAN, LOCATION …) gets no reply, since the resident sent nothing.
 */
@Component
public class HelpHandler implements WxMpMessageHandler {

    private final ConversationTexts texts;

    HelpHandler(ConversationTexts texts) {
        this.texts = texts;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        if (WxConsts.XmlMsgType.EVENT.equals(message.getMsgType())) {
            return null;
        }
        context.put(Replies.INTENT, "help");
        return Replies.text(message, texts.help());
    }
}
