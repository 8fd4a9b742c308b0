package cn.wenming.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.RedisRoundTrips;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Several messages in a row through the encrypted gateway, as a resident would send them: a flow
 * never traps anyone, something else asked in the middle is served with one line about the open
 * flow, 取消 leaves any flow, and each message costs a bounded number of Redis round trips.
 */
@Import(RedisRoundTrips.Counting.class)
class ConversationIntegrationTest extends IntegrationTest {

    private static final String DRAFT_REMINDER = "您的随手拍还没提交";
    private static final String QUIZ_REMINDER = "答题进行中";

    @Autowired
    private ConversationStore conversations;

    @Autowired
    private StringRedisTemplate redis;

    private String say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE).content();
    }

    private static String resident() {
        return "o_conv_" + System.nanoTime();
    }

    @Test
    void aQuestionInTheMiddleOfADraftIsAnsweredAndTheDraftSurvives() {
        String openid = resident();
        assertThat(say(openid, "我要举报")).contains("请回复编号选择问题类别");
        String answer = say(openid, "垃圾分为哪几类");
        assertThat(answer).contains("可回收物").contains(DRAFT_REMINDER);
        String traditional = say(openid, "商場裡能抽菸嗎？");
        assertThat(traditional).doesNotContain("请回复编号").contains(DRAFT_REMINDER);
        assertThat(say(openid, "继续")).contains("接着来", "请回复编号选择问题类别");
        assertThat(say(openid, "1")).doesNotContain(DRAFT_REMINDER);
        assertThat(say(openid, "取消")).contains("已取消本次举报");
        assertThat(say(openid, "垃圾分为哪几类")).contains("可回收物").doesNotContain(DRAFT_REMINDER);
    }

    @Test
    void aStatusQueryInTheMiddleOfAQuizRoundIsServedAndTheRoundGoesOn() {
        String openid = resident();
        assertThat(say(openid, "答题")).contains("第1/5题");
        String status = say(openid, "我上周举报的乱停车处理了没");
        assertThat(status).contains("您还没有提交过随手拍").contains(QUIZ_REMINDER);
        String hint = say(openid, "嗯嗯好的吧");
        assertThat(hint).contains("第1/5题");
        String verdict = say(openid, "A");
        assertThat(verdict).containsAnyOf("回答正确", "回答错误", "超时了").contains("第2/5题");
        assertThat(say(openid, "取消")).contains("本轮结束");
        assertThat(say(openid, "核心价值观个人层面是什么")).contains("爱国").doesNotContain(QUIZ_REMINDER);
    }

    @Test
    void aSurveyCommandInTheMiddleOfADraftOpensTheSurveyAndCancelLeavesEachFlowInTurn() {
        String openid = resident();
        assertThat(say(openid, "随手拍")).contains("请回复编号");
        String surveys = say(openid, "填个调查表");
        assertThat(surveys).contains("《创文快速调查》").contains(DRAFT_REMINDER);
        assertThat(say(openid, "1")).contains("第1/5题");
        assertThat(say(openid, "取消")).contains("已退出问卷");
        // The draft is still there, and the next 取消 is for it.
        assertThat(say(openid, "取消")).contains("已取消本次举报");
        assertThat(say(openid, "取消")).contains("现在没有正在填写的举报、答题或问卷");
    }

    @Test
    void noRedisKeyHoldsARawOpenid() {
        String openid = resident();
        say(openid, "我要举报");
        say(openid, "垃圾分为哪几类");
        say(openid, "答题");
        wechat().sendDev(WeChatClient.event(openid, "CLICK", "SURVEY"), Mode.SAFE);
        assertThat(redis.keys("*" + openid + "*")).isEmpty();
        assertThat(redis.keys("*")).isNotEmpty();
    }

    @Test
    void aLocationWithoutCoordinatesIsAskedForAgain() {
        String openid = resident();
        String xml = "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>" + WeChatClient.now() + "</CreateTime><MsgType><![CDATA[location]]>"
                + "</MsgType><Label><![CDATA[某处]]></Label><MsgId>" + WeChatClient.nextMsgId() + "</MsgId></xml>";
        assertThat(wechat().sendDev(xml, Mode.SAFE).content()).contains("没有收到位置");
    }

    @Test
    void junkAndCodeNeverOpenAFlow() {
        String openid = resident();
        assertThat(say(openid, "'; DROP TABLE report;--")).doesNotContain("答题开始", "我来帮您记录", "正在进行的问卷");
        assertThat(say(openid, "<script>alert(1)</script>")).doesNotContain("答题开始", "我来帮您记录")
                .doesNotContain("<script>");
        assertThat(say(openid, "🙂🙂🙂")).contains("答不上来");
        assertThat(say(openid, "1")).doesNotContain("答题开始", "我来帮您记录");
    }

    @Test
    void aFullDraftSaysSoAndStaysBounded() {
        String openid = resident();
        assertThat(say(openid, "小区门口的路灯不亮了")).contains("照片");
        assertThat(say(openid, "跳过")).contains("位置");
        assertThat(wechat().sendDev(WeChatClient.location(openid, 28.2455, 112.9312, "荷风社区2栋"), Mode.SAFE)
                .content()).contains("回复“提交”确认");
        String reply = "";
        for (int i = 0; i < 10; i++) {
            reply = say(openid, "路灯旁边第" + i + "个灯杆也坏了，晚上走路完全看不见，老人小孩都容易摔倒");
        }
        assertThat(reply).contains("描述已经够详细了", "回复“提交”确认");
        String key = conversations.key(TestAccounts.DEV_APPID, openid);
        assertThat(redis.opsForHash().size(key)).as("fields in the conversation record").isLessThanOrEqualTo(16);
        assertThat(redis.getExpire(key)).isPositive();
        assertThat(say(openid, "提交")).contains("已提交", "编号WM");
    }

    @Test
    void aResidentWhoUnsubscribesMidFlowLeavesNothingPersonalBehind() {
        String openid = resident();
        assertThat(say(openid, "证书姓名 王小五")).contains("王小五");
        say(openid, "问卷");
        assertThat(say(openid, "1")).contains("第1/5题");
        assertThat(say(openid, "1")).contains("第2/5题");
        say(openid, "我要举报");
        say(openid, "1");
        String key = conversations.key(TestAccounts.DEV_APPID, openid);
        assertThat(redis.hasKey(key)).isTrue();

        wechat().sendDev(WeChatClient.event(openid, "unsubscribe", null), Mode.SAFE);

        assertThat(redis.hasKey(key)).as("the conversation record").isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM quiz_resident WHERE openid = ?").param(openid).query(Integer.class)
                .single()).as("quiz name and bindings").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE openid = ? OR respondent_key = ?")
                .params(openid, openid).query(Integer.class).single()).as("survey answers under the openid").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE respondent_key LIKE 'unsubscribed:%'")
                .query(Integer.class).single()).as("the answers stay, detached").isPositive();
    }

    @Test
    void redisRoundTripsPerMessageAreBounded() {
        String openid = resident();
        say(openid, "你好");
        RedisRoundTrips.takeCount();
        assertThat(say(openid, "垃圾分为哪几类")).contains("可回收物");
        int question = RedisRoundTrips.takeCount();
        say(openid, "小区门口的路灯不亮了");
        RedisRoundTrips.takeCount();
        assertThat(say(openid, "跳过")).contains("请发送位置");
        int draftStep = RedisRoundTrips.takeCount();
        assertThat(say(openid, "取消")).contains("已取消");
        say(openid, "答题");
        RedisRoundTrips.takeCount();
        assertThat(say(openid, "B")).contains("第2/5题");
        int quizAnswer = RedisRoundTrips.takeCount();
        say(openid, "退出");
        say(openid, "问卷");
        RedisRoundTrips.takeCount();
        assertThat(say(openid, "1")).contains("第1/5题");
        int surveyStep = RedisRoundTrips.takeCount();
        System.out.printf("Redis round trips: question %d, draft step %d, quiz answer %d, survey step %d%n", question,
                draftStep, quizAnswer, surveyStep);
        assertThat(question).as("a plain question").isBetween(1, 3);
        assertThat(draftStep).as("a draft step").isBetween(1, 4);
        assertThat(quizAnswer).as("a quiz answer").isBetween(1, 4);
        assertThat(surveyStep).as("a survey step").isBetween(1, 4);
    }
}
