package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import cn.wenming.support.WeChatClient.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

class WeChatPortalIntegrationTest extends IntegrationTest {

    private static final String GARBAGE = "垃圾分为哪几类";

    @Autowired
    private StringRedisTemplate redis;

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

    /** An account as WeChat's side knows it. */
    private record Account(String appId, String token, String aesKey) {
    }

    private static final Account SAFE_ONLY = new Account(TestAccounts.DEV_APPID, TestAccounts.DEV_TOKEN,
            TestAccounts.DEV_AES_KEY);
    private static final Account NO_KEY = new Account(TestAccounts.PLAIN_APPID, TestAccounts.PLAIN_TOKEN, null);
    private static final Account MIGRATING = new Account(TestAccounts.MIGRATING_APPID, TestAccounts.MIGRATING_TOKEN,
            TestAccounts.MIGRATING_KEY);

    private Reply send(Account account, String xml, Mode mode) {
        return wechat().send(account.appId(), account.token(), account.aesKey(), xml, mode);
    }

    private Reply send(Account account, String xml, Mode mode, String timestamp, String nonce) {
        return wechat().send(account.appId(), account.appId(), account.token(), account.aesKey(), xml, mode,
                timestamp, nonce);
    }

    /** A question outside the knowledge base: each one handled is one row in the curation log. */
    private static String loggedQuestion() {
        return "今天股市行情" + System.nanoTime();
    }

    private long timesHandled(String question) {
        questionLog.flush();
        return jdbc.sql("SELECT count(*) FROM knowledge_question_log WHERE question = ?").param(question)
                .query(Long.class).single();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aQuestionIsAnsweredInEveryMode(Mode mode) {
        // Each mode to an account that takes it: without a key plaintext, with one safe mode, and
        // compatible mode only where a migration allows it.
        Account account = switch (mode) {
            case PLAIN -> NO_KEY;
            case COMPATIBLE -> MIGRATING;
            case SAFE -> SAFE_ONLY;
        };
        Reply reply = send(account, WeChatClient.text("o_mode_" + mode, GARBAGE), mode);
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
        // Plaintext bodies go to the account without an AES key, which takes them.
        String plain = TestAccounts.PLAIN_APPID;
        String signedPlain = WeChatClient.signedQuery(TestAccounts.PLAIN_TOKEN, now);

        assertThat(client.post("wxunknown000000000", signed, good).statusCode()).isEqualTo(404);
        assertRefused(client.post(plain, WeChatClient.signedQuery("wrong", now), good), 403);
        assertRefused(client.post(plain, "timestamp=" + now + "&nonce=1", good), 403);
        String old = String.valueOf(Instant.now().getEpochSecond() - 700);
        assertRefused(client.post(plain, WeChatClient.signedQuery(TestAccounts.PLAIN_TOKEN, old), good), 403);
        String future = String.valueOf(Instant.now().getEpochSecond() + 700);
        assertRefused(client.post(plain, WeChatClient.signedQuery(TestAccounts.PLAIN_TOKEN, future), good), 403);
        assertRefused(client.post(TestAccounts.DEV_APPID, signed + "&encrypt_type=aes&msg_signature=0000",
                "<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[abcd]]></Encrypt></xml>"), 403);
        assertRefused(client.post(plain, signedPlain + "&encrypt_type=aes&msg_signature=0000",
                "<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[abcd]]></Encrypt></xml>"), 400);
        assertRefused(client.post(plain, signedPlain + "&encrypt_type=rot13", good), 400);
        assertRefused(client.post(plain, signedPlain, "<xml><Content>unclosed</xml>"), 400);
        assertRefused(client.post(plain, signedPlain, "not xml at all"), 400);
        assertRefused(client.post(plain, signedPlain, "<xml><Content>no type</Content></xml>"), 400);
        assertRefused(client.post(plain, signedPlain, "<?xml version=\"1.0\"?><!DOCTYPE x ["
                + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>"), 400);
        assertRefused(client.post(plain, signedPlain, "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<xml><Content>&c;</Content></xml>"), 400);
        // The DOCTYPE is refused before anything else, whatever mode the account takes.
        assertRefused(client.post(TestAccounts.DEV_APPID, signed, "<?xml version=\"1.0\"?><!DOCTYPE x ["
                + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>"), 400);
        String huge = good.replace(GARBAGE, "文".repeat(22_000));
        assertRefused(client.post(plain, signedPlain, huge), 413);
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
        assertThat(client.sendDev(xml, Mode.SAFE).content()).isEqualTo(contents.get(0));
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

    // Issue 13, item 4: one captured signature must not impersonate anyone.

    @Test
    void plaintextIsRefusedWhenTheAccountHasAnAesKey() {
        WeChatClient client = wechat();
        String question = loggedQuestion();
        Reply plaintext = send(SAFE_ONLY, WeChatClient.text("o_plain_" + System.nanoTime(), question), Mode.PLAIN);
        assertThat(plaintext.status()).isEqualTo(403);
        assertThat(plaintext.body()).contains("plaintext message refused", "safe mode only").doesNotContain("12345");
        // encrypt_type=raw is WeChat's other spelling of plaintext.
        String query = WeChatClient.signedQuery(TestAccounts.DEV_TOKEN, WeChatClient.now()) + "&encrypt_type=raw";
        assertRefused(client.post(TestAccounts.DEV_APPID, query, WeChatClient.text("o_raw", question)), 403);
        assertThat(send(new Account(TestAccounts.ROTATED_APPID, TestAccounts.ROTATED_TOKEN, TestAccounts.ROTATED_NEW_KEY),
                WeChatClient.text("o_plain_rot", question), Mode.PLAIN).status()).isEqualTo(403);
        assertThat(timesHandled(question)).isZero();

        // An account without a key keeps working in plaintext mode, and only in it.
        Reply keyless = send(NO_KEY, WeChatClient.text("o_keyless", GARBAGE), Mode.PLAIN);
        assertThat(keyless.status()).isEqualTo(200);
        assertThat(keyless.content()).contains("可回收物");
        assertThat(send(new Account(TestAccounts.PLAIN_APPID, TestAccounts.PLAIN_TOKEN, TestAccounts.DEV_AES_KEY),
                WeChatClient.text("o_keyless", GARBAGE), Mode.SAFE).status()).isEqualTo(400);
    }

    @Test
    void compatibleModeOnlyWhenAllowed() {
        String question = loggedQuestion();
        Reply refused = send(SAFE_ONLY, WeChatClient.text("o_compat_" + System.nanoTime(), question), Mode.COMPATIBLE);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("compatible-mode body refused", "allow-compatible-mode");
        assertThat(timesHandled(question)).isZero();

        // allow-compatible-mode: true (an account migrating to safe mode) takes all three.
        for (Mode mode : Mode.values()) {
            Reply reply = send(MIGRATING, WeChatClient.text("o_migrating_" + mode, GARBAGE), mode);
            assertThat(reply.status()).as(mode.name()).isEqualTo(200);
            assertThat(reply.content()).as(mode.name()).contains("可回收物");
            assertThat(reply.body().contains("<Encrypt>")).as(mode.name()).isEqualTo(mode != Mode.PLAIN);
        }
    }

    @Test
    void aCapturedSignatureCannotBeReplayedWithAnotherBody() {
        WeChatClient client = wechat();
        // Plaintext mode: the body is covered by nothing, so the (timestamp, nonce) pair must not come back.
        String timestamp = WeChatClient.now();
        String nonce = WeChatClient.nextNonce();
        String captured = WeChatClient.signedQuery(TestAccounts.PLAIN_TOKEN, timestamp, nonce);
        String victim = "o_victim_" + System.nanoTime();
        assertThat(client.post(TestAccounts.PLAIN_APPID, captured, WeChatClient.text(victim, GARBAGE)).statusCode())
                .isEqualTo(200);
        String forgedQuestion = loggedQuestion();
        // Another resident, the same resident with another message, the same MsgId with other text.
        for (String forged : List.of(WeChatClient.text("o_someone_" + System.nanoTime(), forgedQuestion),
                WeChatClient.text(victim, forgedQuestion),
                WeChatClient.event(victim, "CLICK", "REPORT"))) {
            HttpResponse<String> replayed = client.post(TestAccounts.PLAIN_APPID, captured, forged);
            assertRefused(replayed, 403);
            assertThat(replayed.body()).contains("already used for another request");
        }
        assertThat(timesHandled(forgedQuestion)).isZero();

        // Safe mode: even someone able to seal a new message (the token and key leaked) cannot reuse a pair.
        String safeTimestamp = WeChatClient.now();
        String safeNonce = WeChatClient.nextNonce();
        assertThat(send(SAFE_ONLY, WeChatClient.text(victim, GARBAGE), Mode.SAFE, safeTimestamp, safeNonce).status())
                .isEqualTo(200);
        Reply resealed = send(SAFE_ONLY, WeChatClient.text(victim, forgedQuestion), Mode.SAFE, safeTimestamp, safeNonce);
        assertThat(resealed.status()).isEqualTo(403);
        String capturedSafe = WeChatClient.signedQuery(TestAccounts.DEV_TOKEN, safeTimestamp, safeNonce);
        assertRefused(client.post(TestAccounts.DEV_APPID, capturedSafe, WeChatClient.text(victim, forgedQuestion)), 403);
        assertThat(timesHandled(forgedQuestion)).isZero();

        // A pair seen on URL verification (those URLs end up in logs) carries no message afterwards.
        String verifyTimestamp = WeChatClient.now();
        String verification = WeChatClient.verificationQuery(TestAccounts.PLAIN_TOKEN, verifyTimestamp, "echo-77");
        assertThat(client.get(TestAccounts.PLAIN_APPID, verification).body()).isEqualTo("echo-77");
        String fromVerification = verification.substring(0, verification.indexOf("&echostr="));
        assertRefused(client.post(TestAccounts.PLAIN_APPID, fromVerification,
                WeChatClient.text(victim, forgedQuestion)), 403);
        assertThat(timesHandled(forgedQuestion)).isZero();
    }

    @Test
    void aTrueWeChatRetryIsStillAnsweredOnce() {
        // WeChat retries a message it got no answer to with the same timestamp, nonce, MsgId and
        // CreateTime: not a replay. The delivery ledger answers it with the first reply.
        for (Account account : List.of(SAFE_ONLY, NO_KEY)) {
            Mode mode = account == NO_KEY ? Mode.PLAIN : Mode.SAFE;
            String question = loggedQuestion();
            String xml = WeChatClient.text("o_retry_" + System.nanoTime(), question);
            String timestamp = WeChatClient.now();
            String nonce = WeChatClient.nextNonce();
            List<CompletableFuture<Reply>> deliveries = IntStream.range(0, 3).mapToObj(i ->
                    CompletableFuture.supplyAsync(() -> send(account, xml, mode, timestamp, nonce))).toList();
            List<Reply> replies = new ArrayList<>(deliveries.stream().map(CompletableFuture::join).toList());
            replies.add(send(account, xml, mode, timestamp, nonce));
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
            assertThat(replies).extracting(Reply::content).allMatch(c -> c.equals(replies.get(0).content()));
            assertThat(replies.get(0).content()).contains("12345");
            assertThat(timesHandled(question)).as(mode.name()).isEqualTo(1);
        }
    }

    @Test
    void anExactReplayAfterWeChatsRetryWindowIsRefused() {
        // WeChat stops retrying after ~15 s and the ledger forgets after wechat.dedupe-ttl (60 s); the same
        // request later, while its timestamp is still accepted, is a recording played back.
        String question = loggedQuestion();
        String xml = WeChatClient.text("o_late_" + System.nanoTime(), question);
        String timestamp = WeChatClient.now();
        String nonce = WeChatClient.nextNonce();
        assertThat(send(SAFE_ONLY, xml, Mode.SAFE, timestamp, nonce).status()).isEqualTo(200);
        String key = "wenming:wx:nonce:" + TestAccounts.DEV_APPID + ":" + timestamp + ":" + nonce;
        String firstUse = redis.opsForValue().get(key);
        assertThat(firstUse).as("the pair is remembered").isNotNull();
        Long ttl = redis.getExpire(key);
        assertThat(ttl).as("until the timestamp leaves the 10-minute skew window").isBetween(590L, 601L);
        long twoMinutesAgo = System.currentTimeMillis() - 120_000;
        redis.opsForValue().set(key, firstUse.substring(0, firstUse.indexOf(' ') + 1) + twoMinutesAgo,
                Duration.ofSeconds(ttl));

        Reply late = send(SAFE_ONLY, xml, Mode.SAFE, timestamp, nonce);
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.body()).contains("after WeChat's retry window");
        assertThat(timesHandled(question)).isEqualTo(1);
    }

    // Issue 13, item 9: resident text and media ids that would break what we build from them.

    @Test
    void cdataTerminatorInResidentTextKeepsTheReplyWellFormed() {
        String openid = "o_cdata_" + System.nanoTime();
        String description = "小区门口路灯不亮了]]><MsgType>news</MsgType>";
        assertThat(wechat().sendDev(WeChatClient.text(openid, description), Mode.SAFE).parsedContent()).contains("照片");
        assertThat(wechat().sendDev(WeChatClient.text(openid, "跳过"), Mode.SAFE).parsedContent()).contains("位置");
        String location = WeChatClient.location(openid, 28.245, 112.93, "荷风路]]>12号");
        String timestamp = WeChatClient.now();
        String nonce = WeChatClient.nextNonce();
        Reply summary = send(SAFE_ONLY, location, Mode.SAFE, timestamp, nonce);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.parsedContent()).contains("描述：" + description, "位置：荷风路]]>12号");
        // A retry gets the stored reply: the same well-formed XML.
        assertThat(send(SAFE_ONLY, location, Mode.SAFE, timestamp, nonce).parsedContent())
                .isEqualTo(summary.parsedContent());

        // In plaintext mode the sender's openid comes back as ToUserName, unchecked by any signature.
        Reply plain = send(NO_KEY, WeChatClient.text("o]]>x", GARBAGE), Mode.PLAIN);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.parsedContent()).contains("可回收物");
        assertThat(plain.parsedToUser()).isEqualTo("o]]>x");
    }

    @Test
    void mediaIdsAreEncodedInApiUrls() {
        String openid = "o_media_" + System.nanoTime();
        String mediaId = "m&media_id=other/x y#frag+" + System.nanoTime();
        FAKE_WECHAT.media(mediaId, TestPhotos.jpeg(640, 480, java.awt.Color.ORANGE));
        Reply photo = wechat().sendDev(WeChatClient.image(openid, mediaId, WeChatClient.nextMsgId(), WeChatClient.now()),
                Mode.SAFE);
        assertThat(photo.content()).contains("收到照片").doesNotContain("打不开");
        assertThat(FAKE_WECHAT.mediaDownloads()).containsExactly(mediaId);
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }
}
