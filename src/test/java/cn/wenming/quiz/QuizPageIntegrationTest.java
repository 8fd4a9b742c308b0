package cn.wenming.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.report.GridMap;
import cn.wenming.resident.SignedInResident;
import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The quiz on the H5 page, over HTTP with a browser's cookies and CSRF token, on the shipped bank. */
class QuizPageIntegrationTest extends IntegrationTest {

    static final Pattern QUESTION = Pattern.compile("id=\"question\">([^<]*)</p>");
    static final Pattern CHOICE = Pattern.compile(
            "name=\"choice\" value=\"([^\"]+)\">\\s*(?:<span class=\"letter\">[^<]*</span>\\s*)?<span class=\"text\">([^<]*)</span>");
    private static final Pattern ROUND = Pattern.compile("name=\"round\" value=\"(\\d+)\"");
    private static final Pattern POSITION = Pattern.compile("name=\"position\" value=\"(\\d+)\"");

    @Autowired
    private QuizBank bank;

    /** The question a page shows, found in the bank by its text. */
    static QuizQuestion shown(QuizBank bank, String html) {
        Matcher q = QUESTION.matcher(html);
        assertThat(q.find()).as("a question in: %s", html).isTrue();
        String text = unescape(q.group(1)).strip();
        return bank.enabled().values().stream().filter(x -> x.question().equals(text)).findFirst().orElseThrow();
    }

    /** The shown values (letters, or 对/错) a right (or wrong) answer ticks. */
    static List<String> pick(QuizBank bank, String html, boolean right) {
        QuizQuestion question = shown(bank, html);
        List<String> out = new ArrayList<>();
        Matcher option = CHOICE.matcher(html);
        while (option.find()) {
            int original = question.choices().indexOf(unescape(option.group(2)).strip());
            assertThat(original).as("option %s", option.group(2)).isGreaterThanOrEqualTo(0);
            if (question.correct().contains(original) == right) {
                out.add(option.group(1));
            }
        }
        return right ? out : out.subList(0, 1);
    }

    static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private Browser signedIn(String openid) {
        Browser browser = new Browser(port);
        browser.devSignIn(openid);
        browser.get("/h5/quiz");
        return browser;
    }

    private HttpResponse<String> answer(Browser browser, String page, List<String> choices) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("round", group(ROUND, page)));
        fields.add(Map.entry("position", group(POSITION, page)));
        choices.forEach(c -> fields.add(Map.entry("choice", c)));
        return browser.postFormValues("/h5/quiz/answer", fields);
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in: %s", pattern, text).isTrue();
        return m.group(1);
    }

    private String start(Browser browser, String mode) {
        HttpResponse<String> started = browser.postForm("/h5/quiz/start", Map.of("mode", mode));
        assertThat(started.statusCode()).isEqualTo(302);
        assertThat(started.headers().firstValue("Location").orElseThrow()).endsWith("/h5/quiz");
        return browser.get("/h5/quiz").body();
    }

    @Test
    void theQuizNeedsASignedInResident() {
        HttpResponse<String> page = new Browser(port).get("/h5/quiz");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).contains("/h5/login?next=%2Fh5%2Fquiz");
        assertThat(new Browser(port).get("/h5/quiz/boards").statusCode()).isEqualTo(302);
        assertThat(new Browser(port).get("/h5/quiz/wrong-book").statusCode()).isEqualTo(302);
    }

    @Test
    void aQuestionPageKeepsTheAnswerAndAnswersAreJudgedExplainedAndBookedAsWrong() {
        String openid = "o_quiz_h5_" + System.nanoTime();
        Browser browser = signedIn(openid);
        String home = browser.get("/h5/quiz").body();
        assertThat(home).contains("每日答题", "练习", "0/3");

        String page = start(browser, "DAILY");
        assertThat(page).contains("文明知识答题开始", "第<strong id=\"position\">1</strong>/<span>5</span>题",
                "id=\"countdown\" data-remaining=\"30\"");
        QuizQuestion first = shown(bank, page);
        // Nothing in the page tells the answer: no explanation, no marks on the right option.
        assertThat(page).doesNotContain(first.explanation(), "正确答案", "checked", "correct", "data-answer");
        Matcher choice = Pattern.compile("<input[^>]*name=\"choice\"[^>]*>").matcher(page);
        List<String> inputs = new ArrayList<>();
        while (choice.find()) {
            inputs.add(choice.group().replaceAll("value=\"[^\"]*\"", ""));
        }
        assertThat(inputs).hasSize(first.choices().size());
        assertThat(inputs.stream().distinct()).hasSize(1);

        // Nothing chosen: asked again, politely, same question.
        HttpResponse<String> empty = answer(browser, page, List.of());
        assertThat(empty.statusCode()).isEqualTo(302);
        String again = browser.get("/h5/quiz").body();
        assertThat(again).contains("后再提交", "id=\"position\">1<");

        HttpResponse<String> wrong = answer(browser, page, pick(bank, page, false));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("回答错误", "正确答案", "您的选择", "下一题", "id=\"countdown\"");
        assertThat(wrong.body()).contains(escape(first.explanation()));

        // A reload of the answered question's form never answers the next one.
        HttpResponse<String> reload = answer(browser, page, pick(bank, page, true));
        assertThat(reload.statusCode()).isEqualTo(302);
        page = browser.get("/h5/quiz").body();
        assertThat(page).contains("已经作答过", "id=\"position\">2<");

        HttpResponse<String> right = answer(browser, page, pick(bank, page, true));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("回答正确！", "正确答案", "下一题").doesNotContain("您的选择");

        HttpResponse<String> quit = browser.postForm("/h5/quiz/quit", Map.of());
        assertThat(quit.statusCode()).isEqualTo(200);
        assertThat(quit.body()).contains("本轮结束", "1/5", "id=\"score\">20<", "今日排名", "去错题本复习")
                .doesNotContain("查看荣誉证书");

        String book = browser.get("/h5/quiz/wrong-book").body();
        assertThat(book).contains(escape(first.question()), "答案：");
        assertThat(browser.get("/h5/quiz").body()).contains("1/3", "每日答题");
    }

    @Test
    void aPerfectRoundShowsScoreTimeRankAndACertificateThatOpens() {
        Browser browser = signedIn("o_quiz_h5_full_" + System.nanoTime());
        browser.postForm("/h5/quiz/name", Map.of("name", "王小红"));
        assertThat(browser.get("/h5/quiz").body()).contains("王小红");
        String page = start(browser, "DAILY");
        HttpResponse<String> answered = null;
        for (int i = 1; i <= 5; i++) {
            assertThat(page).contains("id=\"position\">" + i + "<");
            answered = answer(browser, page, pick(bank, page, true));
            assertThat(answered.body()).contains("回答正确！");
            if (i < 5) {
                page = browser.get("/h5/quiz").body();
            }
        }
        assertThat(answered.body()).contains("本轮结束", "5/5", "id=\"score\">100<", "用时", "今日排名", "查看荣誉证书")
                .doesNotContain("去错题本复习");
        String link = unescape(group(Pattern.compile("href=\"([^\"]+)\" id=\"certificate\""), answered.body()));
        assertThat(link).startsWith("/h5/quiz/certificate/");
        HttpResponse<byte[]> png = browser.getBytes(link);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
        assertThat(browser.get("/h5/quiz/boards").body()).contains("王小红", "您今天排第");
    }

    @Test
    void usedUpAttemptsArePoliteAndPracticeStillWorks() {
        Browser browser = signedIn("o_quiz_h5_cap_" + System.nanoTime());
        for (int i = 0; i < 3; i++) {
            start(browser, "DAILY");
            browser.postForm("/h5/quiz/quit", Map.of());
        }
        HttpResponse<String> refused = browser.postForm("/h5/quiz/start", Map.of("mode", "DAILY"));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(browser.get("/h5/quiz").body()).contains("今天的3次计分答题已用完", "可以点“练习”继续练习", "3/3");
        String practice = start(browser, "PRACTICE");
        assertThat(practice).contains("练习开始（不计分）", "id=\"position\">1<");
        HttpResponse<String> quit = browser.postForm("/h5/quiz/quit", Map.of());
        assertThat(quit.body()).contains("练习结束", "练习不计分").doesNotContain("今日排名");
    }

    @Test
    void changingTheCommunityNeedsAConfirmation() {
        String openid = "o_quiz_h5_bind_" + System.nanoTime();
        Browser browser = signedIn(openid);
        browser.postForm("/h5/quiz/community", Map.of("community", "荷风社区"));
        assertThat(browser.get("/h5/quiz").body()).contains("已绑定荷风社区", "id=\"my-community\">荷风社区<");

        browser.postForm("/h5/quiz/community", Map.of("community", "青石社区"));
        String confirm = browser.get("/h5/quiz").body();
        assertThat(confirm).contains("您已绑定荷风社区，确定更换为青石社区吗？", "确认更换", "name=\"confirmed\" value=\"true\"")
                .doesNotContain("回复");
        assertThat(community(openid)).isEqualTo("MH-HB-HF");

        browser.postForm("/h5/quiz/community", Map.of("community", "青石社区", "confirmed", "true"));
        assertThat(browser.get("/h5/quiz").body()).contains("已绑定青石社区");
        assertThat(community(openid)).isEqualTo("QH-HX-QS");

        browser.postForm("/h5/quiz/community", Map.of("community", "火星社区"));
        assertThat(browser.get("/h5/quiz").body()).contains("没有找到这个社区");
        browser.postForm("/h5/quiz/name", Map.of("name", "<script>"));
        assertThat(browser.get("/h5/quiz").body()).contains("请填写您的名字");
        browser.postForm("/h5/quiz/unit", Map.of("unit", "mhjy"));
        assertThat(browser.get("/h5/quiz").body()).contains("已绑定明湖区教育局");
    }

    @Test
    void boardsShowABoundCommunitysParticipationWithItsStreetAndDistrict() {
        Browser browser = signedIn("o_quiz_h5_board_" + System.nanoTime());
        int before = participants(browser.get("/h5/quiz/boards").body(), "QH-XC-XY");
        browser.postForm("/h5/quiz/community", Map.of("community", "新苑社区"));
        start(browser, "DAILY");
        browser.postForm("/h5/quiz/quit", Map.of());

        String boards = browser.get("/h5/quiz/boards").body();
        assertThat(participants(boards, "QH-XC-XY")).isEqualTo(before + 1);
        assertThat(participants(boards, "QH-XC")).isGreaterThanOrEqualTo(before + 1);
        assertThat(participants(boards, "QH")).isGreaterThanOrEqualTo(before + 1);
        assertThat(boards).contains("个人今日排行", "个人本周排行", "个人总榜排行", "社区排行", "街道排行", "区排行", "单位排行",
                "新苑社区", "新城街道", "清河区", "参与率", "平均最好成绩", "/5200");
        assertThat(browser.get("/h5/quiz/boards?period=day").body()).contains("新苑社区");
        assertThat(browser.get("/h5/quiz/boards?period=all").body()).contains("新苑社区");
    }

    @Test
    void withRedisDownThePageSaysSoPolitelyNotA5xx() throws Exception {
        QuizEngine engine = mock(QuizEngine.class);
        when(engine.current(any())).thenThrow(new RedisConnectionFailureException("Redis is down"));
        QuizPageController controller = new QuizPageController(engine, mock(QuizBoards.class),
                mock(QuizResidents.class), mock(Certificates.class), mock(QuizProperties.class), mock(GridMap.class),
                mock(JdbcClient.class), mock(OpenIdHasher.class), Clock.systemUTC(),
                new QuizTexts(Path.of("config/messages")));
        MockMvc mvc = MockMvcBuilders.standaloneSetup(controller).build();
        mvc.perform(get("/h5/quiz").sessionAttr("wenming.resident",
                new SignedInResident(TestAccounts.DEV_APPID, "o_quiz_h5_down", true)))
                .andExpect(status().isOk())
                .andExpect(view().name("quiz/unavailable"))
                .andExpect(model().attribute("message", "答题暂不可用，请稍后再试。"));
    }

    private static int participants(String html, String code) {
        Matcher m = Pattern.compile("data-code=\"" + Pattern.quote(code) + "\" data-participants=\"(\\d+)\"")
                .matcher(html);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private String community(String openid) {
        return jdbc.sql("SELECT community_code FROM quiz_resident WHERE openid = ?").param(openid)
                .query(String.class).single();
    }

    /** What Thymeleaf's th:text makes of a text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
