package cn.wenming.wechat.handler;

import cn.wenming.report.ReportChat;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A photo: evidence for a 随手拍 report, starting one if none is open. */
@Component
public class ImageHandler implements WxMpMessageHandler {

    private final ReportChat reports;

    ImageHandler(ReportChat reports) {
        this.reports = reports;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        context.put(Replies.INTENT, "report");
        return Replies.text(message, reports.photo(Replies.resident(message, context), message.getMediaId()));
    }
}
