package cn.wenming.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.ChromiumTest;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.awt.Color;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console in real Chromium (Debian's, driven by Playwright): a report made through the chat is
 * accepted and dispatched by the 创城办, signed and completed with a photo by the unit, rated by the
 * resident, and counted on the dashboard. Screenshots go to target/screenshots for review.
 */
class ConsoleBrowserTest extends ChromiumTest {

    private static final Path SHOTS = Path.of("target/screenshots");
    private static final String UNIT = "书香社区居委会";





    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Test
    void aChatReportIsDispatchedHandledRatedAndCounted() {
        // A resident reports 楼道飞线充电 in 书香社区 through the encrypted chat.
        String openid = "o_browser_" + System.nanoTime();
        WeChatClient chat = wechat();
        chat.sendDev(WeChatClient.text(openid, "楼道里有人飞线充电"), Mode.SAFE);
        FAKE_WECHAT.media("media-browser", TestPhotos.jpeg(640, 480, Color.ORANGE));
        chat.sendDev(WeChatClient.image(openid, "media-browser", WeChatClient.nextMsgId(), WeChatClient.now()),
                Mode.SAFE);
        chat.sendDev(WeChatClient.location(openid, 28.2101, 112.9101, "书香苑7栋"), Mode.SAFE);
        Matcher ticketMatch = Pattern.compile("WM\\d{10}").matcher(
                chat.sendDev(WeChatClient.text(openid, "提交"), Mode.SAFE).content());
        assertThat(ticketMatch.find()).isTrue();
        String ticket = ticketMatch.group();

        staffAccount("dispatcher1", "王调度", StaffRole.DISPATCHER, null);
        staffAccount("shuxiang", "李社区", StaffRole.HANDLER, UNIT);

        try (BrowserContext dispatcherContext = chromium.newContext()) {
            Page page = signIn(dispatcherContext, "dispatcher1");
            page.navigate(url("/console/reports?state=SUBMITTED"));
            shot(page, "1-dispatcher-list");
            page.locator("a[href='/console/reports/" + ticket + "']").first().click();
            assertThat(page.locator("h1")).containsText("待受理");
            page.locator("form[data-action=ACCEPT] button").click();
            assertThat(page.locator("h1")).containsText("已受理");
            assertThat(page.locator("form[data-action=DISPATCH] select[name=unit]")).hasValue(UNIT);
            page.locator("form[data-action=DISPATCH] button").click();
            assertThat(page.locator("h1")).containsText("已派单");
            assertThat(page.locator("svg polygon")).hasCount(1);
            shot(page, "2-dispatched");
        }

        try (BrowserContext handlerContext = chromium.newContext()) {
            Page page = signIn(handlerContext, "shuxiang");
            page.navigate(url("/console/reports"));
            page.locator("a[href='/console/reports/" + ticket + "']").first().click();
            page.locator("form[data-action=SIGN] button").click();
            assertThat(page.locator("h1")).containsText("已签收");
            page.locator("form[data-action=RESOLVE] textarea").fill("已拆除飞线，并提醒住户到充电桩充电");
            page.locator("form[data-action=RESOLVE] input[type=file]").setInputFiles(new FilePayload("after.jpg",
                    "image/jpeg", TestPhotos.jpeg(800, 600, Color.GREEN)));
            page.locator("form[data-action=RESOLVE] button").click();
            assertThat(page.locator("h1")).containsText("已办结");
            assertThat(page.locator(".photos img")).hasCount(2);
            shot(page, "3-resolved");
        }

        // The resident was told (outbox) and rates by replying 1.
        assertThat(chat.sendDev(WeChatClient.text(openid, "1"), Mode.SAFE).content()).contains("感谢您的评价");

        try (BrowserContext dispatcherContext = chromium.newContext()) {
            Page page = signIn(dispatcherContext, "dispatcher1");
            page.navigate(url("/console/reports/" + ticket));
            assertThat(page.locator("h1")).containsText("已回访");
            assertThat(page.locator("body")).containsText("满意");
            page.navigate(url("/console/dashboard"));
            assertThat(page.locator("body")).containsText("满意率");
            shot(page, "4-dashboard");
        }
        assertThat(jdbc.sql("SELECT state FROM report WHERE ticket_no = ?").param(ticket).query(String.class).single())
                .isEqualTo("REVIEWED");
    }
}
