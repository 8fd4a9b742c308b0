package cn.wenming.wechat;

import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

/**
 * Identifies one message across WeChat's redeliveries. MsgId alone collided across users (WxJava
 * #333), so the sender and time are part of it; events have no MsgId and two different events can
 * share a second, so the event and its key are part of theirs.
 */
final class DeliveryKey {

    private DeliveryKey() {
    }

    static String of(String appId, WxMpXmlMessage message) {
        if (WxConsts.XmlMsgType.EVENT.equals(message.getMsgType())) {
            return appId + ":" + message.getFromUser() + ":" + message.getCreateTime() + ":"
                    + message.getEvent() + ":" + nullToEmpty(message.getEventKey());
        }
        return appId + ":" + message.getMsgId() + ":" + message.getFromUser() + ":" + message.getCreateTime();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
