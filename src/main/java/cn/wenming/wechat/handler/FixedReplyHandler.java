package cn.wenming.wechat.handler;

import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;

/** A message type the service does not act on yet: it gets one fixed, polite explanation. */
abstract class FixedReplyHandler implements WxMpMessageHandler {

    private final String reply;

    FixedReplyHandler(String reply) {
        this.reply = reply;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        context.put(Replies.INTENT, "help");
        return Replies.text(message, reply);
    }
}
