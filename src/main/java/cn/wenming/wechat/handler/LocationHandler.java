package cn.wenming.wechat.handler;

import cn.wenming.report.ReportChat;
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

    private final ReportChat reports;

    LocationHandler(ReportChat reports) {
        this.reports = reports;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        context.put(Replies.INTENT, "report");
        return Replies.text(message, reports.location(Replies.resident(message, context), message.getLocationX(),
                message.getLocationY(), message.getLabel()));
    }
}
