package cn.wenming.survey;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.support.ChromiumTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The H5 civic-satisfaction survey in real Chromium on a phone-sized screen: a resident signs in with
 * the dev switch and completes it by tapping, meeting a validation message and the show-if question on
 * the way. Screenshots go to target/screenshots/survey-*.png.
 */
class SurveyBrowserTest extends ChromiumTest {

    private static final Path SHOTS = Path.of("target/screenshots");


    @Autowired
    private OpenIdHasher hasher;

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("survey-" + name + ".png")).setFullPage(true));
    }

    private static void choose(Page page, String label) {
        page.locator("label.choice").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(label))
                .first().click();
    }

    private static void next(Page page, String expectedPosition) {
        page.locator("#submit-answer").click();
        if (expectedPosition != null) {
            assertThat(page.locator("#position")).hasText(expectedPosition);
        }
    }

    @Test
    void aResidentCompletesTheCivicSurveyByTapping() {
        String openid = "o_survey_browser_" + System.nanoTime();
        try (BrowserContext context = chromium.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setLocale("zh-CN"))) {
            Page page = context.newPage();
            page.navigate(url("/h5/survey"));
            assertThat(page.locator("h1")).hasText("问卷调查");
            shot(page, "1-list");
            page.locator("#survey-civic-satisfaction").click();

            page.getByLabel("测试用户标识（开发用）").fill(openid);
            page.locator("button[type=submit]").click();
            page.waitForURL(url("/h5/survey/civic-satisfaction"));
            assertThat(page.locator("h1")).hasText("创建全国文明城市群众满意度调查");
            assertThat(page.locator("#intro")).containsText("约需3分钟");
            assertThat(page.locator("#position")).hasText("1");
            assertThat(page.locator("#total")).hasText("10");
            assertThat(page.locator("#skip")).hasCount(0);
            shot(page, "2-first-question");

            // Submitting without a choice: the message, in Chinese, on the same question.
            next(page, "1");
            assertThat(page.locator("#error")).hasText("这道题需要回答。");
            shot(page, "3-validation");
            choose(page, "听说过，不太了解");
            next(page, "2");

            assertThat(page.locator("#hint")).hasText("多选题：请选择1到6项。");
            for (String value : new String[] {"爱国", "敬业", "诚信", "友善"}) {
                choose(page, value);
            }
            shot(page, "4-multiple");
            next(page, "3");
            choose(page, "知道，没用过");
            next(page, "4");
            choose(page, "比较支持");
            next(page, "5");
            choose(page, "志愿服务");
            choose(page, "社区清洁等公益活动");
            next(page, "6");

            assertThat(page.locator("#question")).containsText("志愿服务大约多少小时");
            assertThat(page.locator("#total")).hasText("11");
            assertThat(page.locator("#skip")).isVisible();
            page.locator("#value").fill("36");
            shot(page, "5-number");
            next(page, "7");

            for (String position : new String[] {"8", "9", "10"}) {
                choose(page, "满意");
                next(page, position);
            }
            choose(page, "比较满意");
            next(page, "11");
            assertThat(page.locator("#question")).containsText("意见和建议");
            page.locator("#value").fill("希望多设垃圾分类指引牌。");
            assertThat(page.locator("#submit-answer")).hasText("提交");
            shot(page, "6-last");
            page.locator("#submit-answer").click();

            assertThat(page.locator("#thanks")).containsText("问卷已完成，感谢您的参与！");
            shot(page, "7-thanks");

            page.navigate(url("/h5/survey/civic-satisfaction"));
            assertThat(page.locator("#thanks")).containsText("感谢您的参与");
        }
        Map<String, Object> row = jdbc.sql("SELECT id, status, openid FROM survey_response WHERE respondent_key = ?")
                .param("anon:" + hasher.hash("survey:civic-satisfaction:" + openid)).query().singleRow();
        assertThat(row.get("status")).isEqualTo("complete");
        assertThat(row.get("openid")).isNull();
        assertThat(jdbc.sql("SELECT value FROM survey_answer WHERE response_id = ? AND question_code = 'C2'")
                .param(row.get("id")).query(String.class).single()).isEqualTo("36");
    }
}
