package cn.wenming.wechat.handler;

import cn.wenming.ask.AskResult;
import cn.wenming.ask.AskService;
import cn.wenming.ask.ResidentMessages;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * A typed message: asked of the same service as {@code /api/ask}, rendered for the chat; "人工"
 * hands the conversation to the account's human agents.
 */
@Component
public class TextHandler implements WxMpMessageHandler {

    private final AskService ask;

    TextHandler(AskService ask) {
        this.ask = ask;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        if (ask.wantsHuman(message.getContent())) {
            // WeChat passes the conversation to the account's human agents (多客服).
            context.put(Replies.INTENT, "human");
            return WxMpXmlOutMessage.TRANSFER_CUSTOMER_SERVICE().fromUser(message.getToUser())
                    .toUser(message.getFromUser()).build();
        }
        return answer(message, message.getContent(), context);
    }

    WxMpXmlOutMessage answer(WxMpXmlMessage message, String question, Map<String, Object> context) {
        AskResult result = ask.ask(question, message.getFromUser());
        context.put(Replies.INTENT, result.intent());
        return Replies.text(message, ResidentMessages.render(result));
    }
}
