package cn.wenming.wechat.handler;

import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpSubscribeMsgEvent;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * The resident's answer in a 订阅通知 pop-up (subscribe_msg_popup_event): each accepted template is
 * recorded for one notice. No reply.
 */
@Component
public class SubscribePopupHandler implements WxMpMessageHandler {

    /** (app id, openid, template id) of an acceptance. */
    public interface Acceptances {
        void accepted(String appId, String openid, String templateId);
    }

    private final Acceptances acceptances;

    SubscribePopupHandler(Acceptances acceptances) {
        this.acceptances = acceptances;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        context.put(Replies.INTENT, "subscribe-popup");
        WxMpSubscribeMsgEvent.SubscribeMsgPopupEvent popup = message.getSubscribeMsgPopupEvent();
        if (popup != null && popup.getList() != null) {
            for (WxMpSubscribeMsgEvent.PopupEvent answer : popup.getList()) {
                if ("accept".equals(answer.getSubscribeStatusString()) && answer.getTemplateId() != null) {
                    acceptances.accepted((String) context.get(Replies.APP_ID), message.getFromUser(),
                            answer.getTemplateId());
                }
            }
        }
        return null;
    }
}
