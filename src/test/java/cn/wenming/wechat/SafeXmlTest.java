package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafeXmlTest {

    @Test
    void readsTheTopLevelFields() {
        assertThat(SafeXml.fields("<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt>abc</Encrypt></xml>"))
                .containsEntry("ToUserName", "gh").containsEntry("Encrypt", "abc");
    }

    @Test
    void predefinedEntitiesAndCdataAreOrdinaryText() {
        assertThat(SafeXml.fields("<xml><Content>a &amp; b &lt;c&gt;</Content><Label><![CDATA[x & <y>]]></Label></xml>"))
                .containsEntry("Content", "a & b <c>").containsEntry("Label", "x & <y>");
    }

    @Test
    void refusesAnyDoctypeBeforeExpandingAnything() {
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<xml><Content>&lol3;</Content></xml>";
        String externalEntity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><Content>&xxe;</Content></xml>";
        assertThatThrownBy(() -> SafeXml.fields(billionLaughs)).isInstanceOf(SafeXml.MalformedMessageException.class);
        assertThatThrownBy(() -> SafeXml.fields(externalEntity)).isInstanceOf(SafeXml.MalformedMessageException.class);
    }

    @Test
    void refusesMalformedOrForeignDocuments() {
        assertThatThrownBy(() -> SafeXml.fields("<xml><a></xml>")).isInstanceOf(SafeXml.MalformedMessageException.class);
        assertThatThrownBy(() -> SafeXml.fields("")).isInstanceOf(SafeXml.MalformedMessageException.class);
        assertThatThrownBy(() -> SafeXml.fields("<html/>")).isInstanceOf(SafeXml.MalformedMessageException.class);
        assertThatThrownBy(() -> SafeXml.fields("not xml")).isInstanceOf(SafeXml.MalformedMessageException.class);
        assertThatThrownBy(() -> SafeXml.fields("<xml></xml><xml></xml>")).isInstanceOf(SafeXml.MalformedMessageException.class);
    }
}
