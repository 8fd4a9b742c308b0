package cn.wenming.wechat;

import cn.wenming.core.OpenIdHasher;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

/**
 * Identifies one message across WeChat's redeliveries. MsgId alone collided across users (WxJava
 * #333), so the sender and time are part of it; events have no MsgId and two different events can
 * share a second, so the event and its key are part of theirs (and a mass-send report's MsgID: two jobs
 * may finish in the same second). The sender appears only as its keyed
 * hash: no Redis key holds a raw openid.
 */
final class DeliveryKey {

    private DeliveryKey() {
    }

    static String of(String appId, WxMpXmlMessage message, OpenIdHasher hasher) {
        String sender = hasher.hash(message.getFromUser());
        if (WxConsts.XmlMsgType.EVENT.equals(message.getMsgType())) {
            return appId + ":" + sender + ":" + message.getCreateTime() + ":"
                    + message.getEvent() + ":" + nullToEmpty(message.getEventKey())
                    + (message.getMsgId() == null ? "" : ":" + message.getMsgId());
        }
        return appId + ":" + message.getMsgId() + ":" + sender + ":" + message.getCreateTime();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
