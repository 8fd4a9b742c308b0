package cn.wenming.volunteer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.console.StaffRole;
import cn.wenming.credits.CreditShop;
import cn.wenming.support.ChromiumTest;
import cn.wenming.support.QrReader;
import cn.wenming.support.TestAccounts;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Geolocation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 17 end to end in real Chromium at phone size: a resident registers, signs up, checks in and out
 * by the leader's rotating code, sees the hours and downloads the certificate, then redeems the points
 * for an item that a merchant confirms on their page. Screenshots: target/screenshots/volunteer-*.png.
 */
class VolunteerBrowserTest extends ChromiumTest {

    private static final Path SHOTS = Path.of("target/screenshots");

    @Autowired
    private Volunteers volunteers;

    @Autowired
    private Activities activities;

    @Autowired
    private CreditShop shop;

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("volunteer-" + name + ".png")).setFullPage(true));
    }

    private BrowserContext phone() {
        return chromium.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setLocale("zh-CN")
                .setIsMobile(true).setHasTouch(true));
    }

    private Page devSignIn(BrowserContext context, String openid, String path) {
        Page page = context.newPage();
        page.navigate(url(path));
        page.getByLabel("测试用户标识（开发用）").fill(openid);
        page.locator("button[type=submit]").click();
        page.waitForURL(url(path));
        return page;
    }

    /** What a phone camera reads from a QR image on a page, pointed at this test's server. */
    private String scan(BrowserContext context, String imagePath) {
        APIResponse png = context.request().get(url(imagePath));
        assertThat(png.status()).isEqualTo(200);
        URI read = URI.create(QrReader.read(png.body()));
        return url(read.getRawPath() + "?" + read.getRawQuery());
    }

    @Test
    void aResidentVolunteersChecksInAndOutSeesHoursAndRedeemsPointsThatAMerchantConfirms() {
        String resident = VolunteerSeeds.unique("o_vol_browser_");
        String leader = VolunteerSeeds.unique("o_vol_leader_");
        long team = volunteers.createTeam(VolunteerSeeds.unique("荷风社区小蜜蜂队"), "荷风社区居委会", VolunteerSeeds.COMMUNITY);
        long leaderId = volunteers.register(TestAccounts.DEV_APPID, leader, new Volunteers.Registration("王队长",
                "13900001111", VolunteerSeeds.COMMUNITY, null, null));
        volunteers.approve(leaderId);
        volunteers.addMember(team, leaderId, true);
        Instant start = Instant.now().plus(Duration.ofMinutes(10));
        String title = VolunteerSeeds.unique("路口文明劝导");
        long activity = activities.publish(new Activities.NewActivity(title, "文明劝导", team, VolunteerSeeds.COMMUNITY,
                "荷风路与明湖路交叉口", null, VolunteerSeeds.LATITUDE, VolunteerSeeds.LONGITUDE, "穿红马甲",
                List.of(new Activities.NewSlot(start, start.plus(Duration.ofHours(2)), 10))), "organizer");
        long slot = activities.slotsOf(activity).get(0).id();
        String item = VolunteerSeeds.unique("文明帆布袋");
        long itemId = shop.saveItem(null, item, "可折叠", 10, 1, true);
        String merchant = VolunteerSeeds.unique("shop");
        staffAccount(merchant, "文明超市", StaffRole.MERCHANT, null);

        try (BrowserContext mine = phone(); BrowserContext leaders = phone(); BrowserContext shops = phone()) {
            // The resident's phone shares its location (a few metres from the crossing) when a page asks.
            mine.grantPermissions(List.of("geolocation"));
            mine.setGeolocation(new Geolocation(VolunteerSeeds.LATITUDE + 0.0002, VolunteerSeeds.LONGITUDE));
            Page page = devSignIn(mine, resident, "/h5/volunteer");
            page.getByLabel("姓名").fill("李志愿");
            page.getByLabel("手机号").fill("13812345678");
            page.getByLabel("所在社区").selectOption(VolunteerSeeds.COMMUNITY);
            page.getByLabel("特长（选填）").fill("劝导");
            page.locator("#register-submit").click();
            assertThat(page.locator("#notice")).hasText("注册成功，现在可以报名志愿活动了。");
            assertThat(page.locator("#me")).containsText("138****5678");
            shot(page, "1-registered");

            page.locator("#find-near").click();
            page.waitForURL(u -> u.contains("latitude="));
            assertThat(page.locator("#activities h2")).hasText("附近可报名的活动");
            page.locator("#slot-" + slot + " button").click();
            assertThat(page.locator("#notice")).containsText("报名成功：" + title);
            assertThat(page.locator("#mine")).containsText("已确认");
            shot(page, "2-signed-up");

            Page lead = devSignIn(leaders, leader, "/h5/volunteer/lead/" + slot);
            assertThat(lead.locator("#code")).isVisible();
            shot(lead, "3-leader-code");
            page.navigate(scan(leaders, "/h5/volunteer/lead/" + slot + "/code.png"));
            assertThat(page.locator("#check-submit")).hasText("签到");
            // The page fills in the phone's location as soon as the phone gives it.
            page.waitForFunction("document.getElementById('latitude').value !== ''");
            page.locator("#check-submit").click();
            assertThat(page.locator("#check-done")).containsText("签到成功");
            assertThat(jdbc.sql("SELECT location_ok FROM volunteer_signup WHERE slot_id = :s").param("s", slot)
                    .query(Boolean.class).single()).isTrue();
            shot(page, "4-checked-in");

            // Time passes: the slot and the check-in move 100 minutes into the past, so "now" is 90 minutes in.
            jdbc.sql("UPDATE volunteer_slot SET starts_at = starts_at - interval '100 minutes',"
                    + " ends_at = ends_at - interval '100 minutes' WHERE id = :s").param("s", slot).update();
            jdbc.sql("UPDATE volunteer_signup SET checked_in_at = checked_in_at - interval '100 minutes'"
                    + " WHERE slot_id = :s").param("s", slot).update();
            page.navigate(scan(leaders, "/h5/volunteer/lead/" + slot + "/code.png"));
            assertThat(page.locator("#check-submit")).hasText("签退");
            page.locator("#check-submit").click();
            assertThat(page.locator("#check-done")).hasText("签退成功，本次记录志愿服务 1.5 小时。");
            shot(page, "5-checked-out");

            page.navigate(url("/h5/volunteer"));
            assertThat(page.locator("#total-hours")).hasText("1.5");
            assertThat(page.locator("#certificates")).containsText("荷风社区居委会：1.5 小时");
            shot(page, "6-record");
            Page certificate = mine.waitForPage(() -> page.locator("#certificates a").first().click());
            certificate.waitForLoadState();
            APIResponse png = mine.request().get(certificate.url());
            assertThat(png.status()).isEqualTo(200);
            assertThat(png.headers().get("content-type")).isEqualTo("image/png");
            assertThat(png.body().length).isGreaterThan(10_000);
            shot(certificate, "7-certificate");
            APIResponse pdf = mine.request().get(url(page.locator("#certificates a.pdf").first().getAttribute("href")));
            assertThat(pdf.headers().get("content-type")).isEqualTo("application/pdf");
            try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
                assertThat(document.getNumberOfPages()).isEqualTo(1);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }

            page.navigate(url("/h5/credits"));
            assertThat(page.locator("#balance")).hasText("15");
            assertThat(page.locator("#history")).containsText("志愿服务 1.5 小时");
            page.locator("#item-" + itemId + " button").click();
            assertThat(page.locator("#code")).isVisible();
            String code = page.locator("#code").textContent().strip();
            shot(page, "8-redeem-code");

            Page shop = signIn(shops, merchant);
            String scanned = scan(mine, "/h5/credits/codes/" + code + ".png");
            shop.navigate(scanned);
            assertThat(shop.locator("#merchant-item")).hasText(item);
            shot(shop, "9-merchant-scan");
            shop.locator("#merchant-confirm").click();
            assertThat(shop.locator("#merchant-done")).hasText("已核销：" + item + "，请把商品交给居民。");
            shot(shop, "10-merchant-confirmed");
            shop.navigate(scanned);
            assertThat(shop.locator("main")).containsText("此码已核销，不能再用。");
            assertThat(shop.locator("#merchant-confirm")).hasCount(0);

            page.reload();
            assertThat(page.locator("#code-used")).hasText("已领取。");
            page.navigate(url("/h5/credits"));
            assertThat(page.locator("#balance")).hasText("5");
            assertThat(page.locator("#item-" + itemId)).hasCount(1);
            assertThat(page.locator("#item-" + itemId + " button")).hasCount(0);
        }
    }
}
