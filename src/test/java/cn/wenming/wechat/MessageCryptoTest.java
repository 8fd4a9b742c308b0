package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.support.TestAccounts;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;

/**
 * Conformance with Tencent's published vectors (WXBizMsgCrypt Java and Python samples, and the
 * official signature example), plus the checks WxJava leaves out.
 */
class MessageCryptoTest {

    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    // Vector A: Tencent's Java sample WXBizMsgCryptTest.
    private static final String A_APPID = "wxb11529c136998cb6";
    private static final String A_RANDOM = "aaaabbbbccccdddd";
    private static final String A_MSG = "我是中文abcd123";
    private static final String A_CIPHER =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    private static final String A_MSG2 = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName>"
            + "<FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime>"
            + "<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA["
            + "eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA["
            + "testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description>"
            + "</Video></xml>";
    private static final String A_CIPHER2 = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWz"
            + "QRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQ"
            + "vFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27Ocqp"
            + "QNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQ"
            + "psJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3Css"
            + "H/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0"
            + "XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb";

    // Vector B: Tencent's Python sample Sample.py, with msg_signature.
    private static final String B_TOKEN = "spamtest";
    private static final String B_APPID = "wx2c2769f8efd9abc2";
    private static final String B_TIMESTAMP = "1409735669";
    private static final String B_NONCE = "1320562132";
    private static final String B_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
    private static final String B_CIPHER = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QL"
            + "vbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6"
            + "tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+"
            + "77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehV"
            + "sNPfUM669WuMyVWQLCzpu9GhglF2PE=";
    private static final String B_PLAIN = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
            + "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n"
            + "<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n"
            + "<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>";

    @Test
    void vectorAEncryptsExactlyAsTencentsJavaSample() {
        MessageCrypto crypto = new MessageCrypto(A_APPID, "pamtest", KEY, null);
        byte[] key = MessageCrypto.decodeKey(KEY);
        assertThat(crypto.encrypt(key, A_RANDOM, A_MSG)).isEqualTo(A_CIPHER);
        assertThat(crypto.encrypt(key, A_RANDOM, A_MSG2)).isEqualTo(A_CIPHER2);
        assertThat(crypto.decrypt(A_CIPHER).xml()).isEqualTo(A_MSG);
        assertThat(crypto.decrypt(A_CIPHER2).xml()).isEqualTo(A_MSG2);
    }

    @Test
    void derivedIvIsTheFirstSixteenKeyBytes() {
        assertThat(java.util.HexFormat.of().formatHex(MessageCrypto.decodeKey(KEY), 0, 16))
                .isEqualTo("69b71d79f8218a39259a7a29aabb2dba");
    }

    @Test
    void vectorBVerifiesAndDecryptsAsTencentsPythonSample() {
        MessageCrypto crypto = new MessageCrypto(B_APPID, B_TOKEN, KEY, null);
        assertThat(crypto.verifyMsgSignature(B_MSG_SIGNATURE, B_TIMESTAMP, B_NONCE, B_CIPHER)).isTrue();
        assertThat(crypto.verifyMsgSignature(B_MSG_SIGNATURE, B_TIMESTAMP, "1320562133", B_CIPHER)).isFalse();
        assertThat(crypto.decrypt(B_CIPHER).xml()).isEqualTo(B_PLAIN);
    }

    @Test
    void appIdInsideTheMessageMustBeOurs() {
        // Same key, different account: WxJava would accept this message, we must not.
        MessageCrypto otherAccount = new MessageCrypto("wxsomeoneelse00001", B_TOKEN, KEY, null);
        assertThatThrownBy(() -> otherAccount.decrypt(B_CIPHER)).isInstanceOf(SecurityException.class);
    }

    @Test
    void vectorCAndDPlainSignatures() {
        assertThat(MessageCrypto.sign("AAAAA", "1714037059", "486452656"))
                .isEqualTo("899cf89e464efb63f54ddac96b0a0a235f53aa78");
        MessageCrypto crypto = new MessageCrypto(A_APPID, "pamtest", KEY, null);
        assertThat(crypto.verifySignature("76480565cbe296026c53aaacd1ad523a1ddba24f", "1409304348", "xxxxxx")).isTrue();
        assertThat(crypto.verifySignature("76480565cbe296026c53aaacd1ad523a1ddba24e", "1409304348", "xxxxxx")).isFalse();
        assertThat(crypto.verifySignature(null, "1409304348", "xxxxxx")).isFalse();
    }

    @Test
    void previousKeyOpensMessagesDuringRotationAndIsReportedForTheReply() {
        MessageCrypto rotated = new MessageCrypto(TestAccounts.ROTATED_APPID, "t", TestAccounts.ROTATED_NEW_KEY,
                TestAccounts.ROTATED_OLD_KEY);
        String oldCipher = new WxCryptUtil("t", TestAccounts.ROTATED_OLD_KEY, TestAccounts.ROTATED_APPID)
                .encryptContext("<xml>old</xml>").getEncrypt();
        String newCipher = new WxCryptUtil("t", TestAccounts.ROTATED_NEW_KEY, TestAccounts.ROTATED_APPID)
                .encryptContext("<xml>new</xml>").getEncrypt();
        MessageCrypto.Decrypted old = rotated.decrypt(oldCipher);
        assertThat(old.xml()).isEqualTo("<xml>old</xml>");
        assertThat(old.key()).isEqualTo(MessageCrypto.decodeKey(TestAccounts.ROTATED_OLD_KEY));
        assertThat(rotated.decrypt(newCipher).key()).isEqualTo(MessageCrypto.decodeKey(TestAccounts.ROTATED_NEW_KEY));
        MessageCrypto withoutPrevious = new MessageCrypto(TestAccounts.ROTATED_APPID, "t", TestAccounts.ROTATED_NEW_KEY, null);
        assertThatThrownBy(() -> withoutPrevious.decrypt(oldCipher)).isInstanceOf(SecurityException.class);
    }

    @Test
    void encryptedReplyIsSignedAndReadableByWxJava() {
        MessageCrypto crypto = new MessageCrypto(A_APPID, "pamtest", KEY, null);
        String envelope = crypto.encryptedReply(MessageCrypto.decodeKey(KEY), "<xml>回复</xml>", "1409304348", "xxxxxx");
        String plain = new WxCryptUtil("pamtest", KEY, A_APPID).decryptXml(
                envelope.replaceAll("(?s).*<MsgSignature><!\\[CDATA\\[(.*?)]]>.*", "$1"), "1409304348", "xxxxxx", envelope);
        assertThat(plain).isEqualTo("<xml>回复</xml>");
    }

    @Test
    void garbageNeverDecrypts() {
        MessageCrypto crypto = new MessageCrypto(A_APPID, "pamtest", KEY, null);
        assertThatThrownBy(() -> crypto.decrypt("not base64 at all!")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> crypto.decrypt("AAAA")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> crypto.decrypt(B_CIPHER)).isInstanceOf(SecurityException.class);
    }

    @Test
    void malformedKeysAreRefusedAtConfiguration() {
        assertThatThrownBy(() -> MessageCrypto.decodeKey("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
