package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.Browser.FilePart;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.TestPhotos;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The H5 form and "我的举报" as a resident's phone browser uses them, multipart upload included. */
class ReportH5IntegrationTest extends IntegrationTest {

    /** In 青石社区 (清河区 河西街道). */
    private static final double QINGSHI_LAT = 28.2455;
    private static final double QINGSHI_LNG = 112.9512;

    @Autowired
    private DeliveryJobs jobs;

    @Autowired
    private PhotoStore photoStore;

    private static Map<String, String> form(String category, String description) {
        return Map.of("category", category, "description", description, "formToken", "t-" + System.nanoTime());
    }

    @Test
    void pagesAskForSignInAndTheDevSwitchShowsItsBanner() {
        Browser browser = new Browser(port);
        HttpResponse<String> anonymous = browser.get("/h5/report");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).contains("/h5/login?next=%2Fh5%2Freport");
        assertThat(browser.get("/h5/login?next=/h5/report").body()).contains("开发登录模式", "用微信授权登录");

        browser.devSignIn("o_h5_banner_" + System.nanoTime());
        HttpResponse<String> page = browser.get("/h5/report");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("开发登录模式", "乱扔垃圾", "路灯不亮", "获取当前位置", "对处理单位匿名");
    }

    @Test
    void aFormWithPhotosBecomesARoutedReportWhoseTimelineAndPhotosOnlyItsReporterSees() {
        String openid = "o_h5_" + System.nanoTime();
        Browser browser = new Browser(port);
        browser.devSignIn(openid);
        byte[] withGps = TestPhotos.jpegWithExif(1200, 900, QINGSHI_LAT, QINGSHI_LNG, 1);

        // No browser position and no address: the first photo's GPS tag says where it is.
        HttpResponse<String> posted = browser.postMultipart("/h5/report",
                Map.of("category", "corridor", "description", "三楼楼道堆满纸箱", "phone", "13812341234",
                        "anonymous", "true", "formToken", "t-" + System.nanoTime()),
                new FilePart("photos", "IMG_0001.JPG", "image/jpeg", withGps),
                new FilePart("photos", "b.png", "image/png", TestPhotos.pngWithTransparency(80, 60)));

        assertThat(posted.statusCode()).isEqualTo(302);
        String location = posted.headers().firstValue("Location").orElseThrow();
        Matcher ticket = Pattern.compile("created=((WM\\d{10})-[A-Z]{4})").matcher(location);
        assertThat(ticket.find()).isTrue();
        String full = ticket.group(1);
        var row = jdbc.sql("""
                SELECT unit_name, community_name, phone_masked, phone_encrypted, anonymous, channel, latitude
                FROM report WHERE ticket_no = ?""").param(ticket.group(2)).query().singleRow();
        assertThat(row).containsEntry("unit_name", "青石社区居委会").containsEntry("community_name", "青石社区")
                .containsEntry("phone_masked", "138****1234").containsEntry("anonymous", true)
                .containsEntry("channel", "h5");
        assertThat((Double) row.get("latitude")).isCloseTo(QINGSHI_LAT, org.assertj.core.data.Offset.offset(1e-4));
        assertThat((String) row.get("phone_encrypted")).doesNotContain("13812341234").doesNotContain("1234");

        HttpResponse<String> mine = browser.get("/h5/my-reports?created=" + full);
        assertThat(mine.body()).contains(full, "楼道堆物/飞线充电", "待受理", "青石社区居委会", "138****1234",
                "三楼楼道堆满纸箱").doesNotContain("13812341234").doesNotContain(openid);
        List<String> photoUrls = Pattern.compile("/h5/photos/[0-9a-f-]{36}").matcher(mine.body()).results()
                .map(m -> m.group()).toList();
        assertThat(photoUrls).hasSize(2);

        HttpResponse<byte[]> photo = browser.getBytes(photoUrls.get(0));
        assertThat(photo.statusCode()).isEqualTo(200);
        assertThat(TestPhotos.privateMetadata(photo.body())).isEmpty();
        assertThat(TestPhotos.decode(photo.body()).getWidth()).isEqualTo(1200);

        Browser stranger = new Browser(port);
        assertThat(stranger.getBytes(photoUrls.get(0)).statusCode()).isEqualTo(404);
        stranger.devSignIn("o_h5_stranger_" + System.nanoTime());
        assertThat(stranger.getBytes(photoUrls.get(0)).statusCode()).isEqualTo(404);
        assertThat(stranger.get("/h5/my-reports").body()).doesNotContain(ticket.group(2));

        // The chat gets the ticket number too, through the outbox: a template message, since this
        // resident has not written to the account in the last 48 hours.
        jobs.deliverOutbox();
        assertThat(FAKE_WECHAT.templateMessages()).anySatisfy(call -> {
            assertThat(call.body().get("touser").getAsString()).isEqualTo(openid);
            assertThat(call.body().get("template_id").getAsString()).isEqualTo(TestAccounts.DEV_REPORT_TEMPLATE);
            assertThat(call.body().getAsJsonObject("data").getAsJsonObject(TestAccounts.TEMPLATE_TICKET_KEY).get("value").getAsString())
                    .isEqualTo(full);
        });
    }

    @Test
    void badInputGetsAClearChineseMessageAndKeepsWhatWasTyped() {
        Browser browser = new Browser(port);
        browser.devSignIn("o_h5_bad_" + System.nanoTime());

        HttpResponse<String> noCategory = browser.postMultipart("/h5/report", form("", "门口很多烟头"));
        assertThat(noCategory.statusCode()).isEqualTo(200);
        assertThat(noCategory.body()).contains("请选择问题类别", "门口很多烟头");

        HttpResponse<String> noPlace = browser.postMultipart("/h5/report", form("litter", "门口很多烟头"));
        assertThat(noPlace.body()).contains("请提供位置");

        HttpResponse<String> notAPhoto = browser.postMultipart("/h5/report", form("litter", "x"),
                new FilePart("photos", "evil.jpg", "image/jpeg", "<?php echo 1; ?>".getBytes(StandardCharsets.UTF_8)));
        assertThat(notAPhoto.body()).contains("不是可用的照片");

        HttpResponse<String> needsPhoto = browser.postMultipart("/h5/report",
                Map.of("category", "parking", "address", "新城大道", "formToken", "t-" + System.nanoTime()));
        assertThat(needsPhoto.body()).contains("需要一张现场照片");

        HttpResponse<String> badPhone = browser.postMultipart("/h5/report",
                Map.of("category", "litter", "address", "新城大道", "phone", "12345", "formToken", "t-1"));
        assertThat(badPhone.body()).contains("手机号格式不对");

        HttpResponse<String> tooBig = browser.postMultipart("/h5/report", form("litter", "x"),
                new FilePart("photos", "big.jpg", "image/jpeg", new byte[11 * 1024 * 1024]));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("不能超过10MB").doesNotContain("Exception");
    }

    /**
     * Issue 13, item 9: forwarded headers are trusted only when configured. The default run has no
     * proxy, so a client claiming {@code X-Forwarded-Proto: https} does not make the request secure
     * (prod sets Secure cookies itself: ProductionSecretsTest).
     */
    @Test
    void forwardedHeadersAreIgnoredUnlessConfigured() throws Exception {
        HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + "/h5/login?next=/h5/report"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().allValues("Set-Cookie")).isNotEmpty()
                .noneSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("Secure"));
        assertThat(page.body()).doesNotContain("evil.example");
    }

    /** Issue 13, item 8: validate first, store after; and a decompression bomb gets a clear answer. */
    @Test
    void photosOfRefusedReportsAreNotKept() throws Exception {
        Browser browser = new Browser(port);
        browser.devSignIn("o_h5_refused_" + System.nanoTime());
        byte[] photo = TestPhotos.jpeg(300 + (int) (System.nanoTime() % 500), 200, java.awt.Color.CYAN);
        String sha = photoStore.prepare(photo).photo().sha256();

        // No category, and a bad phone number: refused, and the photo sent along was not written.
        HttpResponse<String> noCategory = browser.postMultipart("/h5/report", form("", "门口很多烟头"),
                new FilePart("photos", "a.jpg", "image/jpeg", photo));
        assertThat(noCategory.body()).contains("请选择问题类别", "照片未保存");
        HttpResponse<String> badPhone = browser.postMultipart("/h5/report",
                Map.of("category", "litter", "address", "新城大道", "phone", "12345", "formToken", "t-2"),
                new FilePart("photos", "a.jpg", "image/jpeg", photo));
        assertThat(badPhone.body()).contains("手机号格式不对", "照片未保存").doesNotContain("已收到1张照片");
        assertThat(photoStore.exists(sha)).isFalse();

        HttpResponse<String> bomb = browser.postMultipart("/h5/report", form("litter", "x"),
                new FilePart("photos", "big.png", "image/png", TestPhotos.blankPng(8000, 8000, true)));
        assertThat(bomb.statusCode()).isEqualTo(200);
        assertThat(bomb.body()).contains("第1张照片像素太大", "52百万像素");

        // Corrected, the same photo goes with the report and is kept.
        HttpResponse<String> fixed = browser.postMultipart("/h5/report",
                Map.of("category", "litter", "address", "新城大道", "formToken", "t-" + System.nanoTime()),
                new FilePart("photos", "a.jpg", "image/jpeg", photo));
        assertThat(fixed.statusCode()).isEqualTo(302);
        assertThat(photoStore.exists(sha)).isTrue();
    }

    /** Issue 13, item 9: NaN and Infinity parse as numbers, pass every range check, and were stored. */
    @Test
    void nanCoordinatesAreRefused() {
        String openid = "o_h5_nan_" + System.nanoTime();
        Browser browser = new Browser(port);
        browser.devSignIn(openid);
        for (String[] point : new String[][] {{"NaN", "112.95"}, {"28.24", "NaN"}, {"Infinity", "112.95"},
                {"28.24", "-Infinity"}, {"91", "112.95"}}) {
            HttpResponse<String> page = browser.postMultipart("/h5/report", Map.of("category", "litter",
                    "latitude", point[0], "longitude", point[1], "address", "新城大道",
                    "formToken", "t-" + System.nanoTime()));
            assertThat(page.statusCode()).as(String.join(",", point)).isEqualTo(200);
            assertThat(page.body()).as(String.join(",", point)).contains("定位不正确");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(openid)
                .query(Integer.class).single()).isZero();
    }

    /**
     * Issue 13, item 9: the duplicate-submission key was the form token alone, so a second resident
     * sending someone else's token was sent to the first resident's ticket (check code included).
     */
    @Test
    void theH5SubmissionKeyBelongsToTheResident() {
        String token = "shared-" + System.nanoTime();
        Browser first = new Browser(port);
        String firstOpenid = "o_h5_key_a_" + System.nanoTime();
        first.devSignIn(firstOpenid);
        String firstTicket = first.postMultipart("/h5/report", Map.of("category", "streetlight", "address",
                "月桥社区北门", "description", "路灯不亮", "formToken", token)).headers().firstValue("Location")
                .orElseThrow();

        Browser second = new Browser(port);
        String secondOpenid = "o_h5_key_b_" + System.nanoTime();
        second.devSignIn(secondOpenid);
        HttpResponse<String> posted = second.postMultipart("/h5/report", Map.of("category", "streetlight",
                "address", "月桥社区南门", "description", "另一盏路灯不亮", "formToken", token));

        String secondTicket = posted.headers().firstValue("Location").orElseThrow();
        assertThat(secondTicket).contains("created=WM").isNotEqualTo(firstTicket);
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(secondOpenid)
                .query(Integer.class).single()).isEqualTo(1);
        // Within one resident the token still means "the same submission".
        assertThat(first.postMultipart("/h5/report", Map.of("category", "streetlight", "address", "月桥社区北门",
                "description", "路灯不亮", "formToken", token)).headers().firstValue("Location").orElseThrow())
                .isEqualTo(firstTicket);
        // No stored key holds the token or the openid as sent.
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE submission_key LIKE ? OR submission_key LIKE ?")
                .params("%" + token + "%", "%" + firstOpenid + "%").query(Integer.class).single()).isZero();
    }

    @Test
    void aDoubleTappedSubmitMakesOneReport() {
        String openid = "o_h5_twice_" + System.nanoTime();
        Browser browser = new Browser(port);
        browser.devSignIn(openid);
        Map<String, String> fields = Map.of("category", "streetlight", "address", "月桥社区北门", "description", "路灯不亮",
                "formToken", "same-token");
        String first = browser.postMultipart("/h5/report", fields).headers().firstValue("Location").orElseThrow();
        String second = browser.postMultipart("/h5/report", fields).headers().firstValue("Location").orElseThrow();
        assertThat(second).isEqualTo(first);
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(openid)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT unit_name FROM report WHERE reporter_openid = ?").param(openid)
                .query(String.class).single()).isEqualTo("清河区市政设施管理处");
    }

    @Test
    void weChatOAuthSignsTheResidentInWithTheOpenidFromTheCodeExchange() {
        Browser browser = new Browser(port);
        String page = browser.get("/h5/login?next=/h5/my-reports&account=" + TestAccounts.DEV_APPID).body();
        Matcher link = Pattern.compile("href=\"(https://open\\.weixin\\.qq\\.com/connect/oauth2/authorize[^\"]+)\"")
                .matcher(page);
        assertThat(link.find()).isTrue();
        String authorize = link.group(1).replace("&amp;", "&");
        assertThat(authorize).contains("appid=" + TestAccounts.DEV_APPID, "scope=snsapi_base", "response_type=code");
        String state = query(authorize, "state");

        assertThat(browser.get("/h5/oauth/callback?code=stolen&state=" + state + "x").statusCode()).isEqualTo(403);

        String openid = "o_oauth_" + System.nanoTime();
        FAKE_WECHAT.oauthCode("code-" + openid, openid);
        HttpResponse<String> callback = browser.get("/h5/oauth/callback?code=code-" + openid + "&state=" + state);
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location").orElseThrow()).endsWith("/h5/my-reports");
        HttpResponse<String> mine = browser.get("/h5/my-reports");
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains("还没有提交过").doesNotContain("开发登录模式");
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }

    private static String query(String url, String name) {
        for (String pair : URI.create(url.replace("#wechat_redirect", "")).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException(name + " not in " + url);
    }
}
