package cn.wenming.quiz;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.ChromiumTest;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The H5 quiz in real Chromium (Debian's, driven by Playwright) on a phone-sized screen: a resident
 * signs in with the dev switch, names the certificate, plays a full daily round by tapping, sees the
 * result and opens the certificate. Screenshots go to target/screenshots/quiz-*.png.
 */
class QuizBrowserTest extends ChromiumTest {

    private static final Path SHOTS = Path.of("target/screenshots");


    @Autowired
    private QuizBank bank;

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("quiz-" + name + ".png")).setFullPage(true));
    }

    @Test
    void aResidentPlaysADailyRoundByTappingAndOpensTheCertificate() {
        String openid = "o_quiz_browser_" + System.nanoTime();
        try (BrowserContext context = chromium.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setLocale("zh-CN"))) {
            Page page = context.newPage();
            page.navigate(url("/h5/quiz"));
            page.getByLabel("测试用户标识（开发用）").fill(openid);
            page.locator("button[type=submit]").click();
            page.waitForURL(url("/h5/quiz"));
            assertThat(page.locator("h1")).hasText("文明知识答题");
            assertThat(page.locator(".dev-banner")).isVisible();

            page.getByLabel("证书姓名").fill("李文明");
            page.locator("form[action='/h5/quiz/name'] button").click();
            assertThat(page.locator("#my-name")).hasText("李文明");
            shot(page, "1-home");

            page.locator("#start-daily").click();
            for (int i = 1; i <= 5; i++) {
                assertThat(page.locator("#position")).hasText(String.valueOf(i));
                QuizQuestion question = bank.enabled().values().stream()
                        .filter(q -> q.question().equals(page.locator("#question").textContent().strip()))
                        .findFirst().orElseThrow();
                // The answer is nowhere in the page before the resident answers.
                assertThat(page.content()).doesNotContain(question.explanation());
                Locator choices = page.locator("label.choice");
                assertThat(choices).hasCount(question.choices().size());
                for (int c = 0; c < choices.count(); c++) {
                    String text = choices.nth(c).locator(".text").textContent().strip();
                    if (question.correct().contains(question.choices().indexOf(text))) {
                        choices.nth(c).click();
                    }
                }
                if (i == 1) {
                    shot(page, "2-question");
                }
                // Slower than the implausibly-fast mark, so the round is not flagged.
                page.waitForTimeout(1700);
                page.locator("#submit-answer").click();
                assertThat(page.locator("#verdict")).hasText("回答正确！");
                assertThat(page.locator(".explanation")).hasText(question.explanation());
                if (i == 1) {
                    shot(page, "3-feedback");
                }
                if (i < 5) {
                    page.locator("#next").click();
                }
            }
            assertThat(page.locator("#result h2")).hasText("本轮结束");
            assertThat(page.locator("#score")).hasText("100");
            assertThat(page.locator("#rank")).containsText("第");
            assertThat(page.locator("#wrong-book")).hasCount(0);
            shot(page, "4-result");

            Page certificate = context.waitForPage(() -> page.locator("#certificate").click());
            certificate.waitForLoadState();
            assertThat(certificate.url()).contains("/h5/quiz/certificate/");
            assertThat(certificate.locator("img")).hasCount(1);
            APIResponse png = context.request().get(certificate.url());
            assertThat(png.status()).isEqualTo(200);
            assertThat(png.headers().get("content-type")).isEqualTo("image/png");
            shot(certificate, "5-certificate");

            page.navigate(url("/h5/quiz/boards"));
            assertThat(page.locator("#board-today")).containsText("李文明");
            assertThat(page.locator("#my-rank")).containsText("您今天排第");
            shot(page, "6-boards");
        }
        assertThat(jdbc.sql("SELECT flagged FROM quiz_round WHERE openid = ?").param(openid).query(Boolean.class)
                .single()).isFalse();
    }
}
