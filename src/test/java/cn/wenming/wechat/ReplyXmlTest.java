package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.wechat.handler.Replies;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyXmlTest {

    @ParameterizedTest
    @ValueSource(strings = {"描述：a]]>b", "]]>", "]]]>", "a]]", "]]>]]>x", "<![CDATA[x]]>", "plain"})
    void anyTextReadsBackUnchangedFromWellFormedXml(String text) {
        WxMpXmlMessage to = new WxMpXmlMessage();
        to.setFromUser("o]]>resident");
        to.setToUser("gh_account");
        String xml = ReplyXml.of(Replies.text(to, text));
        assertThat(SafeXml.fields(xml)).containsEntry("Content", text).containsEntry("ToUserName", "o]]>resident")
                .containsEntry("FromUserName", "gh_account").containsEntry("MsgType", "text");
    }
}
