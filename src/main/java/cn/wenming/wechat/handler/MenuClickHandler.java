package cn.wenming.wechat.handler;

import cn.wenming.ask.Intent;
import cn.wenming.ask.ResidentMessages;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A CLICK on the custom menu: its key (config/menu.json) names the feature the resident wants. */
@Component
public class MenuClickHandler implements WxMpMessageHandler {

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        Intent intent = Intent.fromMenuKey(message.getEventKey());
        context.put(Replies.INTENT, intent.key());
        return Replies.text(message, ResidentMessages.forIntent(intent));
    }
}
