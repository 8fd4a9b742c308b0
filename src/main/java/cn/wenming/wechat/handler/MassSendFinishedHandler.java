package cn.wenming.wechat.handler;

import cn.wenming.reach.MassSendFinished;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** WeChat's report on a finished mass message (MASSSENDJOBFINISH), announced for the push it belongs to; no reply. */
@Component
public class MassSendFinishedHandler implements WxMpMessageHandler {

    private final ApplicationEventPublisher events;

    MassSendFinishedHandler(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        context.put(Replies.INTENT, "mass-finished");
        // XStream's field mapping puts <MsgID> into msgId, not massMsgId (WxJava declares both names).
        Long msgId = message.getMassMsgId() != null ? message.getMassMsgId() : message.getMsgId();
        if (msgId != null) {
            events.publishEvent(new MassSendFinished((String) context.get(Replies.APP_ID), msgId,
                    message.getStatus(), count(message.getTotalCount()), count(message.getFilterCount()),
                    count(message.getSentCount()), count(message.getErrorCount())));
        }
        return null;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
