package cn.wenming.wechat.handler;

import cn.wenming.conversation.ConversationTexts;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A voice message is a question when WeChat's speech recognition gave us its text. */
@Component
public class VoiceHandler implements WxMpMessageHandler {

    private final ConversationTexts texts;

    private final TextHandler text;

    VoiceHandler(TextHandler text, ConversationTexts texts) {
        this.texts = texts;
        this.text = text;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        String recognised = message.getRecognition();
        if (recognised == null || recognised.isBlank()) {
            return Replies.text(message, texts.voiceNotRecognised());
        }
        return text.answer(message, recognised, context);
    }
}
