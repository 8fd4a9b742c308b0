package cn.wenming.wechat;

import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutTextMessage;

/**
 * A passive reply as XML that stays well-formed whatever text it carries. WxJava writes every string
 * field as {@code <![CDATA[value]]>} without looking inside, so a resident's {@code ]]>} quoted back
 * (a report summary's "描述：…", an address, an openid in plaintext mode) would end the section early
 * and break the reply: WeChat then shows 「该公众号暂时无法提供服务」.
 */
final class ReplyXml {

    private static final String END = "]]>";
    /** Ends the section after "]]" and opens a new one for ">": read back, the text is unchanged. */
    private static final String SPLIT_END = "]]]]><![CDATA[>";

    private ReplyXml() {
    }

    /** The reply's XML. The message is changed in place: it is serialised once and not used after. */
    static String of(WxMpXmlOutMessage out) {
        out.setToUserName(inCdata(out.getToUserName()));
        out.setFromUserName(inCdata(out.getFromUserName()));
        if (out instanceof WxMpXmlOutTextMessage text) {
            text.setContent(inCdata(text.getContent()));
        }
        return out.toXml();
    }

    /** {@code text} made safe to place between {@code <![CDATA[} and {@code ]]>}. */
    static String inCdata(String text) {
        return text == null || !text.contains(END) ? text : text.replace(END, SPLIT_END);
    }
}
