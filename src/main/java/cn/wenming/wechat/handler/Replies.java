package cn.wenming.wechat.handler;

import cn.wenming.quiz.Player;
import cn.wenming.report.ReportChat;
import java.util.Map;
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

    /** The resident who sent the message, on the account it was sent to. */
    static ReportChat.Resident resident(WxMpXmlMessage message, Map<String, Object> context) {
        return new ReportChat.Resident((String) context.get(APP_ID), message.getFromUser());
    }

    /** The same resident as a quiz player. */
    static Player player(WxMpXmlMessage message, Map<String, Object> context) {
        return new Player((String) context.get(APP_ID), message.getFromUser());
    }

    /** Identifies the message across redeliveries; starts with CreateTime so keys sort by arrival. */
    static String messageKey(WxMpXmlMessage message) {
        return message.getCreateTime() + ":" + message.getMsgId();
    }

    public static WxMpXmlOutTextMessage text(WxMpXmlMessage to, String content) {
        return WxMpXmlOutMessage.TEXT().content(content).fromUser(to.getToUser()).toUser(to.getFromUser()).build();
    }
}
