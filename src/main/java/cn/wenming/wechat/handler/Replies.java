package cn.wenming.wechat.handler;

import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutTextMessage;

/** Building passive replies, shared by the handlers and the dispatcher. */
public final class Replies {

    /** Handlers put the intent they acted on under this context key, for the message log line. */
    public static final String INTENT = "intent";
    /** The dispatcher puts the account's appid under this context key. */
    public static final String APP_ID = "appId";

    private Replies() {
    }

    public static WxMpXmlOutTextMessage text(WxMpXmlMessage to, String content) {
        return WxMpXmlOutMessage.TEXT().content(content).fromUser(to.getToUser()).toUser(to.getFromUser()).build();
    }
}
