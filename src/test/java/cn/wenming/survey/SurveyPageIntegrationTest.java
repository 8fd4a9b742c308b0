package cn.wenming.survey;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The H5 survey pages over HTTP: sign-in first, one question per screen, the show-if question, the
 * service's validation messages, resuming where the resident left off, and the thank-you page of an
 * anonymous survey that stores no openid.
 */
class SurveyPageIntegrationTest extends IntegrationTest {

    @Autowired
    private OpenIdHasher hasher;

    private static final String CIVIC = "/h5/survey/civic-satisfaction";

    @Test
    void aResidentWhoIsNotSignedInIsSentToSignInAndBack() {
        HttpResponse<String> page = new Browser(port).get(CIVIC + "?account=wxabc");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow())
                .contains("/h5/login?next=%2Fh5%2Fsurvey%2Fcivic-satisfaction").contains("account=wxabc");
    }

    @Test
    void theListShowsTheOpenSurveys() {
        HttpResponse<String> list = new Browser(port).get("/h5/survey");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("创建全国文明城市群众满意度调查", "创文快速调查", "href=\"" + CIVIC + "\"");
    }

    @Test
    void aResidentAnswersTheCivicSurveyLeavesComesBackAndFinishes() {
        String openid = "o_survey_page_" + System.nanoTime();
        Browser browser = new Browser(port);
        browser.devSignIn(openid);

        String first = browser.get(CIVIC).body();
        assertThat(first).contains("创建全国文明城市群众满意度调查", "您好！我们正在了解市民", "本问卷匿名填写",
                "第<strong id=\"position\">1</strong>/<span id=\"total\">10</span>题", "您知道我市正在创建全国文明城市吗？",
                "type=\"radio\"", "听说过，不太了解").doesNotContain("id=\"skip\"");

        String second = answer(browser, "A1", "1");
        assertThat(second).contains(">2<", "下列哪些属于社会主义核心价值观", "type=\"checkbox\"", "多选题：请选择1到6项。")
                .doesNotContain("id=\"intro\"");
        // Nothing ticked: the service's message, on the same question.
        String invalid = answer(browser, "A2");
        assertThat(invalid).contains("这道题需要回答。", "下列哪些属于社会主义核心价值观");
        // A value that is not an option.
        assertThat(answer(browser, "A2", "1", "7")).contains("请从选项中选择。", "下列哪些属于社会主义核心价值观");
        assertThat(answer(browser, "A2", "1", "2", "3", "4")).contains("您知道发现不文明行为可以通过");
        // A stale form for an answered question saves nothing and shows the current one.
        assertThat(answer(browser, "A1", "3")).contains("您知道发现不文明行为可以通过");
        assertThat(answer(browser, "A3", "2")).contains("您支持我市创建全国文明城市吗？");

        // Leaving and coming back (a new browser, signed in again) resumes at the next question.
        Browser again = new Browser(port);
        again.devSignIn(openid);
        String resumed = again.get(CIVIC).body();
        assertThat(resumed).contains("第<strong id=\"position\">4</strong>", "您支持我市创建全国文明城市吗？")
                .doesNotContain("id=\"intro\"");

        assertThat(answer(again, "B1", "1")).contains("近一年您参加过哪些创建活动");
        // 志愿服务 brings C2, the number question, which is optional.
        String c2 = answer(again, "C1", "1", "3");
        assertThat(c2).contains("近一年您参加志愿服务大约多少小时", "（选填）", "id=\"skip\"", "请填写0到2000之间的整数。",
                "/<span id=\"total\">11</span>题");
        assertThat(answer(again, "C2", "很多")).contains("请填写整数。", "近一年您参加志愿服务大约多少小时");
        assertThat(answer(again, "C2", "5000")).contains("请填写0到2000之间的数。");
        assertThat(answer(again, "C2", "24")).contains("您对居住地周边环境卫生满意吗？", "不清楚");
        answer(again, "D1", "1");
        answer(again, "D2", "2");
        answer(again, "D3", "9");
        String e1 = answer(again, "D4", "1");
        assertThat(e1).contains("您对文明城市创建还有什么意见和建议？", "<textarea", "id=\"skip\"", "不超过500字。");
        assertThat(answer(again, "E1", "x".repeat(501))).contains("请控制在500字以内。");
        String thanks = skip(again, "E1");
        assertThat(thanks).contains("问卷已完成，感谢您的参与！");
        // Coming back to a completed survey shows the thank-you page again.
        assertThat(again.get(CIVIC).body()).contains("问卷已完成，感谢您的参与！").doesNotContain("answer-form");
        assertThat(answer(again, "E1", "再来一次")).contains("问卷已完成，感谢您的参与！");

        String key = "anon:" + hasher.hash("survey:civic-satisfaction:" + openid);
        Map<String, Object> row = jdbc.sql("SELECT id, status, openid, respondent_key, channel FROM survey_response"
                + " WHERE survey_id = 'civic-satisfaction' AND respondent_key = ?").param(key).query().singleRow();
        assertThat(row).containsEntry("status", "complete").containsEntry("channel", "h5");
        assertThat(row.get("openid")).isNull();
        assertThat((String) row.get("respondent_key")).startsWith("anon:").doesNotContain(openid);
        Map<String, String> answers = new java.util.HashMap<>();
        jdbc.sql("SELECT question_code, value FROM survey_answer WHERE response_id = ?").param(row.get("id"))
                .query((rs, n) -> answers.put(rs.getString(1), rs.getString(2))).list();
        assertThat(answers).containsEntry("A1", "1").containsEntry("A2", "1,2,3,4").containsEntry("C1", "1,3")
                .containsEntry("C2", "24").containsEntry("D3", "9").containsEntry("E1", "").hasSize(11);
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE openid = ?").param(openid)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void withoutVolunteeringTheHoursQuestionIsNotAsked() {
        Browser browser = new Browser(port);
        browser.devSignIn("o_survey_page_novol_" + System.nanoTime());
        browser.get(CIVIC);
        answer(browser, "A1", "3");
        answer(browser, "A2", "5");
        answer(browser, "A3", "3");
        answer(browser, "B1", "3");
        String next = answer(browser, "C1", "2", "4");
        assertThat(next).contains("您对居住地周边环境卫生满意吗？", "第<strong id=\"position\">6</strong>/<span id=\"total\">10</span>题")
                .doesNotContain("志愿服务大约多少小时");
        // Skipping a required question is refused with the message.
        assertThat(skip(browser, "D1")).contains("这道题需要回答。", "您对居住地周边环境卫生满意吗？");
    }

    @Test
    void anUnknownSurveyGetsAPolitePage() {
        Browser browser = new Browser(port);
        browser.devSignIn("o_survey_page_unknown_" + System.nanoTime());
        HttpResponse<String> page = browser.get("/h5/survey/no-such-survey");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("没有这份问卷。");
    }

    /** Posts an answer as the form would and follows the redirect, returning the page shown next. */
    private static String answer(Browser browser, String question, String... values) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("question", question));
        for (String value : values) {
            fields.add(Map.entry("value", value));
        }
        return follow(browser, browser.postFormValues(CIVIC + "/answer", fields));
    }

    private static String skip(Browser browser, String question) {
        return follow(browser, browser.postFormValues(CIVIC + "/answer",
                List.of(Map.entry("question", question), Map.entry("skip", "1"))));
    }

    private static String follow(Browser browser, HttpResponse<String> response) {
        if (response.statusCode() == 302) {
            String location = response.headers().firstValue("Location").orElseThrow();
            assertThat(location).endsWith(CIVIC);
            return browser.get(CIVIC).body();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
