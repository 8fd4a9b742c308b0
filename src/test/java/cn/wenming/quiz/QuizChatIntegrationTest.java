package cn.wenming.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The quiz through the real gateway (AES), on the shipped question bank. */
class QuizChatIntegrationTest extends IntegrationTest {

    private static final Pattern OPTION = Pattern.compile("^([A-H])\\. (.+)$", Pattern.MULTILINE);
    private static final Pattern QUESTION = Pattern.compile("第\\d+/\\d+题（.+?）\\n(.+)");

    @Autowired
    private QuizBank bank;

    private String say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE).content();
    }

    /** The right (or a wrong) reply to the question at the end of a chat message. */
    private String reply(String message, boolean right) {
        String tail = ShownQuestion.tail(message);
        Matcher q = QUESTION.matcher(tail);
        assertThat(q.find()).as("a question in: %s", message).isTrue();
        QuizQuestion question = bank.enabled().values().stream().filter(x -> x.question().equals(q.group(1).strip()))
                .findFirst().orElseThrow();
        if (question.type() == QuizQuestion.Type.JUDGE) {
            return question.correct().contains(0) == right ? "对" : "错";
        }
        List<String> letters = new ArrayList<>();
        Matcher option = OPTION.matcher(tail);
        while (option.find()) {
            int original = question.options().indexOf(option.group(2).strip());
            if (question.correct().contains(original) == right) {
                letters.add(option.group(1));
            }
        }
        return right ? String.join("", letters) : letters.get(0);
    }

    @Test
    void aFullRoundInTheChatEndsWithAScoreARankAndACertificateThatOpens() throws Exception {
        String openid = "o_quiz_chat_" + System.nanoTime();
        assertThat(say(openid, "证书姓名 张小明")).contains("张小明");
        String message = say(openid, "答题");
        assertThat(message).contains("文明知识答题开始", "共5题", "第1/5题");
        assertThat(say(openid, "Z")).contains("请回复", "第1/5题");
        for (int i = 1; i <= 5; i++) {
            Thread.sleep(1600);
            message = say(openid, reply(message, true));
            assertThat(message).startsWith("回答正确！");
        }
        assertThat(message).contains("本轮结束", "答对5/5题", "得100分", "今日排名第", "荣誉证书");
        Matcher link = Pattern.compile("(http\\S+/h5/quiz/certificate/\\d+\\.png\\?sig=\\w+)").matcher(message);
        assertThat(link.find()).isTrue();
        String url = link.group(1).replace("http://127.0.0.1:8080", "http://127.0.0.1:" + port);
        HttpResponse<byte[]> png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        BufferedImage image = TestPhotos.decode(png.body());
        assertThat(image.getWidth()).isEqualTo(1200);
        HttpResponse<byte[]> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.replaceAll("sig=\\w+", "sig=0000"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(say(openid, "排行榜")).contains("今日答题排行", "张小明", "您排第");
    }

    @Test
    void wrongAnswersTeachTheFactGoToTheWrongBookAndQuittingCounts() {
        String openid = "o_quiz_wrong_" + System.nanoTime();
        String message = say(openid, "答题");
        String answered = say(openid, reply(message, false));
        assertThat(answered).startsWith("回答错误，正确答案：").contains("第2/5题");
        // Inside a round a quiz command is served and the round waits; a word that is no answer gets the question again.
        assertThat(say(openid, "错题")).contains("您的错题", "答题进行中");
        assertThat(say(openid, "Z")).contains("请回复", "第2/5题");
        String quit = say(openid, "退出");
        assertThat(quit).contains("本轮结束", "答对0/5题", "得0分", "回复“错题”");
        String book = say(openid, "错题");
        assertThat(book).contains("您的错题（最近1道）", "答案：");
        assertThat(jdbc.sql("SELECT count(*) FROM quiz_round WHERE openid = ? AND finished_at IS NOT NULL")
                .param(openid).query(Integer.class).single()).isEqualTo(1);
        // Back to questions: a knowledge question is answered again.
        assertThat(say(openid, "垃圾分为哪几类")).contains("可回收物");
    }

    @Test
    void theDailyCapIsPoliteAndPracticeStillWorks() {
        String openid = "o_quiz_cap_" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            say(openid, "答题");
            say(openid, "退出");
        }
        assertThat(say(openid, "答题")).contains("今天的3次计分答题已用完", "练习");
        assertThat(say(openid, "练习")).contains("练习开始（不计分）", "第1/5题");
    }

    @Test
    void aResidentBindsACommunityOnceAndAChangeNeedsAConfirmation() {
        String openid = "o_quiz_bind_" + System.nanoTime();
        assertThat(say(openid, "社区 荷风社区")).contains("已绑定荷风社区");
        assertThat(say(openid, "社区 火星社区")).contains("没有找到这个社区");
        assertThat(say(openid, "社区 青石社区")).contains("您已绑定荷风社区", "确认更换");
        assertThat(jdbc.sql("SELECT community_code FROM quiz_resident WHERE openid = ?").param(openid)
                .query(String.class).single()).isEqualTo("MH-HB-HF");
        assertThat(say(openid, "确认更换")).contains("已绑定青石社区");
        assertThat(say(openid, "单位 mhjy")).contains("明湖区教育局");
        say(openid, "答题");
        assertThat(jdbc.sql("SELECT community_code FROM quiz_round WHERE openid = ?").param(openid)
                .query(String.class).single()).isEqualTo("QH-HX-QS");
    }
}
