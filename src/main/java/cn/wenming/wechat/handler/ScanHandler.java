package cn.wenming.wechat.handler;

import cn.wenming.conversation.ConversationTexts;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A follower scanned one of the account's QR codes (SCAN event): the feature that printed it answers. */
@Component
public class ScanHandler implements WxMpMessageHandler {

    private final QrScenes scenes;
    private final ConversationTexts texts;

    ScanHandler(QrScenes scenes, ConversationTexts texts) {
        this.scenes = scenes;
        this.texts = texts;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        context.put(Replies.INTENT, "scan");
        String reply = scenes.reply((String) context.get(Replies.APP_ID), message.getFromUser(),
                message.getEventKey(), false).orElseGet(texts::welcome);
        return Replies.text(message, reply);
    }
}
