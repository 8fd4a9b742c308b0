package cn.wenming.reach;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.console.StaffRole;
import cn.wenming.support.ChromiumTest;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A campaign push in real Chromium: the editor links their WeChat by scanning the console's one-time
 * code, drafts a push to a community and previews it; an admin approves it, it is sent, WeChat's finish
 * report arrives, and the push page shows each step in its audit trail. Screenshots in target/screenshots.
 */
class ReachBrowserTest extends ChromiumTest {

    private static final Path SHOTS = Path.of("target/screenshots");

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("reach-" + name + ".png")).setFullPage(true));
    }

    @Test
    void aPushIsDraftedPreviewedApprovedAndSentWithItsAuditTrail() {
        WeChatClient chat = wechat();
        for (int i = 0; i < 2; i++) {
            chat.sendDev(ReachIntegrationTest.scanEvent("o_reach_browser_" + i + "_" + System.nanoTime(),
                    "c:MH-HB-LA", true), Mode.SAFE);
        }
        staffAccount("reach_browser_editor", "浏览器编辑", StaffRole.EDITOR, null);
        staffAccount("reach_browser_admin", "浏览器管理员", StaffRole.ADMIN, null);
        String editorWeChat = "o_reach_browser_editor_" + System.nanoTime();

        long id;
        try (BrowserContext editorContext = chromium.newContext()) {
            Page page = signIn(editorContext, "reach_browser_editor");
            page.navigate(url("/console/reach/pushes"));
            assertThat(page.locator("#link-state")).containsText("未绑定");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("绑定我的微信")).click();
            assertThat(page.locator("#link-qr")).isVisible();
            shot(page, "1-link-code");
            chat.sendDev(ReachIntegrationTest.scanEvent(editorWeChat,
                    ReachIntegrationTest.linkScene(FAKE_WECHAT.qrCodes()), false), Mode.SAFE);

            page.navigate(url("/console/reach/pushes"));
            assertThat(page.locator("#link-state")).containsText("已绑定");
            page.locator("#new-push input[name=title]").fill("柳岸社区文明楼道倡议");
            page.locator("#new-push textarea[name=content]").fill("柳岸社区的居民朋友们：本周开展楼道清理，请把杂物搬回家。");
            page.locator("#new-push select[name=targetType]").selectOption("community");
            page.locator("#new-push select[name=targetCode]").selectOption("MH-HB-LA");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存草稿")).click();
            assertThat(page.locator("#push-state")).hasText("草稿");
            id = Long.parseLong(page.url().substring(page.url().lastIndexOf('/') + 1));
            assertThat(page.locator("#approve")).hasCount(0);

            page.locator("#preview").click();
            assertThat(page.locator("#push-state")).hasText("已预览，待审批");
            assertThat(page.locator("main")).not().containsText(editorWeChat);
            shot(page, "2-previewed");
        }
        assertThat(FAKE_WECHAT.reach.previews()).hasSize(1);
        assertThat(FAKE_WECHAT.reach.previews().get(0).body().get("touser").getAsString()).isEqualTo(editorWeChat);
        assertThat(FAKE_WECHAT.reach.sent()).isEmpty();

        try (BrowserContext adminContext = chromium.newContext()) {
            Page page = signIn(adminContext, "reach_browser_admin");
            page.navigate(url("/console/reach/pushes/" + id));
            page.locator("#approve").click();
            assertThat(page.locator("#push-state")).hasText("已发送");
            assertThat(FAKE_WECHAT.reach.sent()).hasSize(1);

            long msgId = FAKE_WECHAT.reach.msgId("wenming-push-" + id);
            chat.sendDev(ReachIntegrationTest.finished(msgId, 2, 2, 2, 0), Mode.SAFE);
            page.reload();
            assertThat(page.locator("#push-state")).hasText("已送达");
            assertThat(page.locator("#delivery")).containsText("送达 2 人");
            assertThat(page.locator("#trail .action")).containsText(new String[] {"reach.push.finished",
                "reach.push.send", "reach.push.approve", "reach.push.preview", "reach.push.draft"});
            shot(page, "3-sent");
        }
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }
}
