package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import cn.wenming.support.WeChatClient.Reply;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeChatPortalIntegrationTest extends IntegrationTest {

    private static final String GARBAGE = "垃圾分为哪几类";

    @Test
    void urlVerificationEchoesOnlyForAValidSignature() {
        String timestamp = WeChatClient.now();
        HttpResponse<String> ok = wechat().get(TestAccounts.DEV_APPID,
                WeChatClient.verificationQuery(TestAccounts.DEV_TOKEN, timestamp, "echo-1234"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("echo-1234");

        HttpResponse<String> forged = wechat().get(TestAccounts.DEV_APPID,
                WeChatClient.verificationQuery("not-the-token", timestamp, "echo-1234"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("echo-1234");

        String stale = String.valueOf(Instant.now().getEpochSecond() - 11 * 60);
        assertThat(wechat().get(TestAccounts.DEV_APPID,
                WeChatClient.verificationQuery(TestAccounts.DEV_TOKEN, stale, "e")).statusCode()).isEqualTo(403);
        assertThat(wechat().get("wxunknown000000000",
                WeChatClient.verificationQuery(TestAccounts.DEV_TOKEN, timestamp, "e")).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aQuestionIsAnsweredInEveryMode(Mode mode) {
        Reply reply = wechat().sendDev(WeChatClient.text("o_mode_" + mode, GARBAGE), mode);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.content()).contains("可回收物", "有害垃圾", "厨余垃圾", "其他垃圾");
        assertThat(reply.xml()).contains("<ToUserName><![CDATA[o_mode_" + mode + "]]>");
        if (mode == Mode.PLAIN) {
            assertThat(reply.body()).doesNotContain("<Encrypt>");
        } else {
            assertThat(reply.body()).contains("<Encrypt>", "<MsgSignature>", "<TimeStamp>", "<Nonce>")
                    .doesNotContain("可回收物");
        }
    }

    @Test
    void duringKeyRotationTheReplyUsesTheKeyThatWorked() {
        WeChatClient client = wechat();
        String xml = WeChatClient.text("o_rotation", GARBAGE);
        Reply withOld = client.send(TestAccounts.ROTATED_APPID, TestAccounts.ROTATED_TOKEN, TestAccounts.ROTATED_OLD_KEY,
                xml, Mode.SAFE);
        assertThat(withOld.status()).isEqualTo(200);
        // WeChatClient decrypts the reply with the key it sent with: success proves the old key was used.
        assertThat(withOld.content()).contains("可回收物");
        Reply withNew = client.send(TestAccounts.ROTATED_APPID, TestAccounts.ROTATED_TOKEN,
                TestAccounts.ROTATED_NEW_KEY, WeChatClient.text("o_rotation", GARBAGE), Mode.SAFE);
        assertThat(withNew.content()).contains("可回收物");
    }

    @Test
    void aMessageEncryptedForAnotherAppIdIsRefused() {
        // Right token, key and signatures, but another account's appid inside the ciphertext:
        // WxJava's decrypt alone would accept it.
        Reply foreign = wechat().send(TestAccounts.DEV_APPID, "wxsomeoneelse00001", TestAccounts.DEV_TOKEN,
                TestAccounts.DEV_AES_KEY, WeChatClient.text("o_x", GARBAGE), Mode.SAFE);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain("可回收物");
    }

    @Test
    void badInputGetsTheRightStatusAndNoStackTrace() {
        WeChatClient client = wechat();
        String now = WeChatClient.now();
        String good = WeChatClient.text("o_bad", GARBAGE);
        String signed = WeChatClient.signedQuery(TestAccounts.DEV_TOKEN, now);

        assertThat(client.post("wxunknown000000000", signed, good).statusCode()).isEqualTo(404);
        assertRefused(client.post(TestAccounts.DEV_APPID, WeChatClient.signedQuery("wrong", now), good), 403);
        assertRefused(client.post(TestAccounts.DEV_APPID, "timestamp=" + now + "&nonce=1", good), 403);
        String old = String.valueOf(Instant.now().getEpochSecond() - 700);
        assertRefused(client.post(TestAccounts.DEV_APPID, WeChatClient.signedQuery(TestAccounts.DEV_TOKEN, old), good), 403);
        String future = String.valueOf(Instant.now().getEpochSecond() + 700);
        assertRefused(client.post(TestAccounts.DEV_APPID, WeChatClient.signedQuery(TestAccounts.DEV_TOKEN, future), good), 403);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed + "&encrypt_type=aes&msg_signature=0000",
                "<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[abcd]]></Encrypt></xml>"), 403);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, "<xml><Content>unclosed</xml>"), 400);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, "not xml at all"), 400);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, "<xml><Content>no type</Content></xml>"), 400);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, "<?xml version=\"1.0\"?><!DOCTYPE x ["
                + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>"), 400);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<xml><Content>&c;</Content></xml>"), 400);
        String huge = good.replace(GARBAGE, "文".repeat(22_000));
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, huge), 413);
    }

    private static void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception", "at cn.", "at org.", "root:");
    }

    @Test
    void redeliveriesCauseOneEffectAndGetTheSameReply() throws Exception {
        // An out-of-domain question is recorded once in the curation log: that is the effect counted.
        String question = "今天股市行情" + System.nanoTime();
        String xml = WeChatClient.text("o_dup", question);
        WeChatClient client = wechat();
        List<CompletableFuture<Reply>> deliveries = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> client.sendDev(xml, Mode.SAFE))).toList();
        List<String> contents = deliveries.stream().map(CompletableFuture::join).map(Reply::content).toList();
        assertThat(contents).hasSize(3).doesNotContainNull();
        assertThat(contents).allMatch(c -> c.equals(contents.get(0)));
        assertThat(contents.get(0)).contains("12345");
        assertThat(client.sendDev(xml, Mode.PLAIN).content()).isEqualTo(contents.get(0));
        questionLog.flush();
        assertThat(jdbc.sql("SELECT count(*) FROM knowledge_question_log WHERE question = ?").param(question)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void differentEventsInTheSameSecondAreNotDuplicates() {
        WeChatClient client = wechat();
        Reply quiz = client.sendDev(WeChatClient.event("o_click", "CLICK", "QUIZ"), Mode.SAFE);
        Reply survey = client.sendDev(WeChatClient.event("o_click", "CLICK", "SURVEY"), Mode.SAFE);
        assertThat(quiz.content()).contains("答题");
        assertThat(survey.content()).contains("问卷");
    }

    @Test
    void followAndUnfollowAreRecordedAndTheWelcomeSaysWhatTheAccountDoes() {
        String openid = "o_follow_" + System.nanoTime();
        Reply welcome = wechat().sendDev(WeChatClient.event(openid, "subscribe", null), Mode.SAFE);
        assertThat(welcome.content()).contains("问", "随手拍", "答题", "问卷");
        assertThat(subscribed(openid)).isTrue();
        Reply bye = wechat().sendDev(WeChatClient.event(openid, "unsubscribe", null), Mode.SAFE);
        assertThat(bye.status()).isEqualTo(200);
        assertThat(bye.body()).isEqualTo("success");
        assertThat(subscribed(openid)).isFalse();
    }

    private boolean subscribed(String openid) {
        return jdbc.sql("SELECT subscribed FROM wechat_follower WHERE app_id = ? AND openid = ?")
                .params(TestAccounts.DEV_APPID, openid).query(Boolean.class).single();
    }

    @Test
    void everyMessageTypeGetsAPoliteChineseAnswer() {
        WeChatClient client = wechat();
        String head = "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o_types]]></FromUserName>"
                + "<CreateTime>" + WeChatClient.now() + "</CreateTime>";
        Reply voice = client.sendDev(head + "<MsgType><![CDATA[voice]]></MsgType><MediaId>m</MediaId><Format>amr</Format>"
                + "<Recognition><![CDATA[垃圾分为哪几类？]]></Recognition><MsgId>" + WeChatClient.nextMsgId() + "</MsgId></xml>",
                Mode.SAFE);
        assertThat(voice.content()).contains("可回收物");
        Reply silentVoice = client.sendDev(head + "<MsgType><![CDATA[voice]]></MsgType><MediaId>m</MediaId>"
                + "<Format>amr</Format><MsgId>" + WeChatClient.nextMsgId() + "</MsgId></xml>", Mode.SAFE);
        assertThat(silentVoice.content()).contains("打字");
        Reply image = client.sendDev(head + "<MsgType><![CDATA[image]]></MsgType><PicUrl>http://x/p.jpg</PicUrl>"
                + "<MediaId>m</MediaId><MsgId>" + WeChatClient.nextMsgId() + "</MsgId></xml>", Mode.SAFE);
        assertThat(image.content()).contains("收到照片", "请回复编号选择问题类别");
        Reply location = client.sendDev(head + "<MsgType><![CDATA[location]]></MsgType><Location_X>30.1</Location_X>"
                + "<Location_Y>120.2</Location_Y><Scale>15</Scale><Label>某路</Label><MsgId>" + WeChatClient.nextMsgId()
                + "</MsgId></xml>", Mode.SAFE);
        assertThat(location.content()).contains("收到位置");
        Reply link = client.sendDev(head + "<MsgType><![CDATA[link]]></MsgType><Title>t</Title><Description>d</Description>"
                + "<Url>http://x</Url><MsgId>" + WeChatClient.nextMsgId() + "</MsgId></xml>", Mode.SAFE);
        assertThat(link.content()).contains("文字");
        Reply view = client.sendDev(WeChatClient.event("o_types", "VIEW", "http://x"), Mode.SAFE);
        assertThat(view.body()).isEqualTo("success");
    }

    @Test
    void aNumberAfterSuggestionsAnswersTheChosenQuestion() {
        String openid = "o_pick_" + System.nanoTime();
        // A bare keyword matches several entries: the resident gets a numbered list.
        String offered = wechat().sendDev(WeChatClient.text(openid, "垃圾"), Mode.SAFE).content();
        assertThat(offered).startsWith("您是不是想问").contains("1. ", "2. ", "回复数字");
        String second = offered.lines().filter(line -> line.startsWith("2. ")).findFirst().orElseThrow().substring(3);

        String picked = wechat().sendDev(WeChatClient.text(openid, "2"), Mode.SAFE).content();
        String direct = wechat().sendDev(WeChatClient.text("o_other_" + System.nanoTime(), second), Mode.SAFE).content();
        assertThat(picked).isEqualTo(direct).doesNotStartWith("您是不是想问");
        // The list belongs to the resident who got it.
        assertThat(wechat().sendDev(WeChatClient.text("o_stranger_" + System.nanoTime(), "2"), Mode.SAFE).content())
                .isNotEqualTo(picked);
    }

    @Test
    void afterAnAnswerMoreListsRelatedQuestions() {
        String openid = "o_more_" + System.nanoTime();
        Reply answer = wechat().sendDev(WeChatClient.text(openid, "核心价值观个人层面是什么"), Mode.SAFE);
        assertThat(answer.content()).contains("爱国");
        String more = wechat().sendDev(WeChatClient.text(openid, "还有吗"), Mode.SAFE).content();
        assertThat(more).satisfiesAnyOf(
                text -> assertThat(text).startsWith("您可能还想了解").contains("1. ", "回复数字"),
                text -> assertThat(text).contains("暂时只知道这些"));
        // Without an answer before it, "还有吗" is not a follow-up.
        String alone = wechat().sendDev(WeChatClient.text("o_more_new_" + System.nanoTime(), "还有吗"), Mode.SAFE)
                .content();
        assertThat(alone).doesNotStartWith("您可能还想了解");
    }

    @Test
    void askingForAPersonHandsTheChatToHumanAgents() {
        Reply reply = wechat().sendDev(WeChatClient.text("o_human", "转人工"), Mode.SAFE);
        assertThat(reply.xml()).contains("<MsgType><![CDATA[transfer_customer_service]]></MsgType>")
                .contains("<ToUserName><![CDATA[o_human]]></ToUserName>");
    }

    @Test
    void featureIntentsLeadToTheirFeature() {
        assertThat(wechat().sendDev(WeChatClient.text("o_i_report", "我要举报"), Mode.SAFE).content())
                .contains("请回复编号选择问题类别", "1.乱扔垃圾");
        assertThat(wechat().sendDev(WeChatClient.text("o_i_quiz", "开始答题"), Mode.SAFE).content())
                .contains("文明知识答题开始", "第1/5题");
        assertThat(wechat().sendDev(WeChatClient.text("o_i_survey", "参加调查"), Mode.SAFE).content())
                .contains("正在进行的问卷", "创文快速调查", "/h5/survey/civic-satisfaction");
        assertThat(wechat().sendDev(WeChatClient.text("o_i", "你好"), Mode.SAFE).content()).contains("您好");
    }
}
