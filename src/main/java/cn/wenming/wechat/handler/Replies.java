package cn.wenming.wechat.handler;

import cn.wenming.conversation.Conversation;
import cn.wenming.conversation.Reply;
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
    /** The dispatcher puts the resident's conversation record, read with its delivery check, here. */
    public static final String CONVERSATION = "conversation";

    private Replies() {
    }

    static Conversation conversation(Map<String, Object> context) {
        return (Conversation) context.get(CONVERSATION);
    }

    /** Identifies the message across redeliveries; starts with CreateTime so keys sort by arrival. */
    static String messageKey(WxMpXmlMessage message) {
        return message.getCreateTime() + ":" + message.getMsgId();
    }

    /** The passive reply for the conversation manager's answer: a text, or a hand-over to human agents. */
    static WxMpXmlOutMessage of(WxMpXmlMessage message, Reply reply, Map<String, Object> context) {
        context.put(INTENT, reply.intent());
        if (reply.toHuman()) {
            // WeChat passes the conversation to the account's human agents (多客服).
            return WxMpXmlOutMessage.TRANSFER_CUSTOMER_SERVICE().fromUser(message.getToUser())
                    .toUser(message.getFromUser()).build();
        }
        return text(message, reply.text());
    }

    public static WxMpXmlOutTextMessage text(WxMpXmlMessage to, String content) {
        return WxMpXmlOutMessage.TEXT().content(content).fromUser(to.getToUser()).toUser(to.getFromUser()).build();
    }
}
