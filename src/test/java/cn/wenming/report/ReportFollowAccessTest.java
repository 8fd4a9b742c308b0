package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.support.Browser;
import cn.wenming.support.Browser.FilePart;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import cn.wenming.support.WeChatClient.Reply;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13 item 1: following a report no longer exposes it. Only a resident offered the report as a
 * nearby duplicate may follow it (chat "1" or the H5 button), a follower sees category, area, state and
 * timeline but never the reporter's words, address, phone or photos, and ticket numbers carry a check
 * code without which a ticket opens nothing.
 */
class ReportFollowAccessTest extends IntegrationTest {

    private static final Pattern FULL_TICKET = Pattern.compile("(WM\\d{10})-([A-Z]{4})");
    private static final Pattern PHOTO_URL = Pattern.compile("/h5/photos/[0-9a-f-]{36}");
    private static final String SECRET_WORDS = "楼上王阿姨家每晚打麻将到两点";
    private static final String SECRET_ADDRESS = "青枫苑7栋3单元502";
    private static final String SECRET_PHONE = "13811112222";
    private static final Staff DISPATCHER = new Staff(1, "disp", "王调度", StaffRole.DISPATCHER, null, true);

    @Autowired
    private ReportWorkflow workflow;

    @Autowired
    private ReportRepository repository;

    /** A point of its own for each test, so no other test's report is the nearby one. */
    private static double[] somewhere() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new double[] {28.21 + r.nextDouble() * 0.05, 112.90 + r.nextDouble() * 0.07};
    }

    private Reply say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE);
    }

    private static Matcher fullTicket(String text) {
        Matcher m = FULL_TICKET.matcher(text);
        assertThat(m.find()).as("a ticket with its check code in: %s", text).isTrue();
        return m;
    }

    /** A report filed on the H5 form with words, address, phone and a photo: the ticket as its reporter has it. */
    private String fileOnH5(Browser reporter, double[] at) {
        HttpResponse<String> posted = reporter.postMultipart("/h5/report",
                Map.of("category", "noise", "latitude", String.valueOf(at[0]), "longitude", String.valueOf(at[1]),
                        "address", SECRET_ADDRESS, "description", SECRET_WORDS + "，电话" + SECRET_PHONE,
                        "phone", SECRET_PHONE, "formToken", "t-" + System.nanoTime()),
                new FilePart("photos", "a.jpg", "image/jpeg", TestPhotos.jpeg(320, 240, Color.BLUE)));
        assertThat(posted.statusCode()).isEqualTo(302);
        Matcher m = fullTicket(posted.headers().firstValue("Location").orElseThrow());
        return m.group();
    }

    private static String base(String full) {
        return full.substring(0, full.indexOf('-'));
    }

    private static String wrongCode(String full) {
        String code = full.substring(full.indexOf('-') + 1);
        char first = code.charAt(0) == 'A' ? 'B' : 'A';
        return base(full) + "-" + first + code.substring(1);
    }

    private int followers(String full) {
        return jdbc.sql("SELECT count(*) FROM report_follower f JOIN report r ON r.id = f.report_id"
                + " WHERE r.ticket_no = ?").param(base(full)).query(Integer.class).single();
    }

    private int photos(String full) {
        return jdbc.sql("SELECT count(*) FROM report_photo p JOIN report r ON r.id = p.report_id WHERE r.ticket_no = ?")
                .param(base(full)).query(Integer.class).single();
    }

    private static void assertNothingOfTheReporter(String page) {
        assertThat(page).doesNotContain(SECRET_WORDS).doesNotContain(SECRET_ADDRESS).doesNotContain(SECRET_PHONE)
                .doesNotContain("138****2222");
    }

    @Test
    void followingAReportNeedsTheOfferAStrangersFollowWithARealTicketIsRefused() {
        Browser reporter = new Browser(port);
        reporter.devSignIn("o_fa_reporter_" + System.nanoTime());
        String ticket = fileOnH5(reporter, somewhere());

        Browser stranger = new Browser(port);
        stranger.devSignIn("o_fa_stranger_" + System.nanoTime());
        stranger.get("/h5/my-reports");
        for (String presented : List.of(ticket, base(ticket), ticket.toLowerCase())) {
            HttpResponse<String> refused = stranger.postForm("/h5/report/follow", Map.of("ticket", presented));
            assertThat(refused.statusCode()).as(presented).isEqualTo(403);
            assertThat(refused.body()).contains("无法关注该问题");
            assertNothingOfTheReporter(refused.body());
        }
        assertThat(followers(ticket)).isZero();
        String mine = stranger.get("/h5/my-reports").body();
        assertThat(mine).doesNotContain(base(ticket));
        assertNothingOfTheReporter(mine);
        // Nor does the chat show it to someone who only knows the number.
        assertThat(say("o_fa_stranger_chat_" + System.nanoTime(), "查询 " + ticket).content()).contains("没有找到")
                .doesNotContain("噪音扰民");
    }

    @Test
    void aLoopOverSequentialTicketsHarvestsNothing() {
        Browser reporter = new Browser(port);
        reporter.devSignIn("o_fa_loop_reporter_" + System.nanoTime());
        String first = fileOnH5(reporter, somewhere());
        fileOnH5(reporter, somewhere());
        long sequence = Long.parseLong(base(first).substring(2));

        String harvester = "o_fa_harvester_" + System.nanoTime();
        Browser browser = new Browser(port);
        browser.devSignIn(harvester);
        browser.get("/h5/my-reports");
        for (long n = sequence - 3; n <= sequence + 3; n++) {
            String guess = "WM" + n;
            for (String presented : List.of(guess, guess + "-AAAA", guess + "-ZZZZ")) {
                assertThat(browser.postForm("/h5/report/follow", Map.of("ticket", presented)).statusCode())
                        .as(presented).isEqualTo(403);
                assertThat(say(harvester, "查询" + presented).content()).doesNotContain("状态：");
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM report_follower WHERE openid = ?").param(harvester)
                .query(Integer.class).single()).isZero();
        String mine = browser.get("/h5/my-reports").body();
        assertThat(mine).contains("还没有提交过");
        assertNothingOfTheReporter(mine);
        assertThat(say(harvester, "进度").content()).contains("还没有提交过");
    }

    @Test
    void aFollowerOfferedTheReportInTheChatSeesCategoryAreaStateAndTimelineButNotTheReportersWordsOrPhotos() {
        double[] at = somewhere();
        String reporterId = "o_fa_chat_reporter_" + System.nanoTime();
        Browser reporter = new Browser(port);
        reporter.devSignIn(reporterId);
        String ticket = fileOnH5(reporter, at);
        List<String> photoUrls = PHOTO_URL.matcher(reporter.get("/h5/my-reports").body()).results()
                .map(java.util.regex.MatchResult::group).toList();
        assertThat(photoUrls).hasSize(1);
        assertThat(reporter.getBytes(photoUrls.get(0)).statusCode()).isEqualTo(200);

        String followerId = "o_fa_chat_follower_" + System.nanoTime();
        say(followerId, "晚上噪音扰民，吵得睡不着");
        say(followerId, "跳过");
        wechat().sendDev(WeChatClient.location(followerId, at[0] + 0.0002, at[1] + 0.0002, "附近"), Mode.SAFE);
        Reply offer = say(followerId, "提交");
        assertThat(offer.content()).contains("已有人反映", ticket, "回复1关注");
        assertNothingOfTheReporter(offer.content());
        assertThat(say(followerId, "1").content()).contains("已关注" + ticket);
        assertThat(followers(ticket)).isEqualTo(1);

        Reply detail = say(followerId, "查询 " + ticket);
        assertThat(detail.content()).contains(ticket, "噪音扰民", "状态：待受理");
        assertNothingOfTheReporter(detail.content());
        assertNothingOfTheReporter(say(followerId, "进度").content());

        Browser follower = new Browser(port);
        follower.devSignIn(followerId);
        String page = follower.get("/h5/my-reports").body();
        var area = jdbc.sql("SELECT district_name, community_name, street_name FROM report WHERE ticket_no = ?")
                .param(base(ticket)).query().singleRow();
        String expectedArea = ReportBoard.area((String) area.get("district_name"), (String) area.get("street_name"),
                (String) area.get("community_name"));
        assertThat(page).contains(ticket, "噪音扰民", "（我关注的）", "待受理", expectedArea);
        assertNothingOfTheReporter(page);
        assertThat(PHOTO_URL.matcher(page).find()).isFalse();
        assertThat(follower.getBytes(photoUrls.get(0)).statusCode()).isEqualTo(404);

        // Progress notices reach the follower without the reporter's words.
        ReportRepository.Row row = repository.byTicket(base(ticket)).orElseThrow();
        workflow.apply(ticket, new ReportWorkflow.Command(ReportAction.ACCEPT, row.version(), null, null, null,
                List.of()), DISPATCHER);
        List<String> notices = jdbc.sql("SELECT content || ' ' || coalesce(ticket_no, '') || ' ' || coalesce(url, '')"
                + " FROM report_outbox WHERE openid = ?").param(followerId).query(String.class).list();
        assertThat(notices).isNotEmpty().allSatisfy(n -> {
            assertThat(n).contains(ticket);
            assertNothingOfTheReporter(n);
        });
        assertThat(follower.get("/h5/my-reports").body()).contains("已受理").doesNotContain(SECRET_WORDS);
    }

    @Test
    void aFollowerOfferedTheReportOnTheFormFollowsOnceAndCannotAddPhotosWithoutAnOffer() {
        double[] at = somewhere();
        Browser reporter = new Browser(port);
        reporter.devSignIn("o_fa_h5_reporter_" + System.nanoTime());
        String ticket = fileOnH5(reporter, at);
        int photosBefore = photos(ticket);

        // A stranger with a photo held in the session (the form refused the rest) cannot add it.
        Browser stranger = new Browser(port);
        stranger.devSignIn("o_fa_h5_stranger_" + System.nanoTime());
        stranger.postMultipart("/h5/report", Map.of("category", "noise", "formToken", "t-" + System.nanoTime()),
                new FilePart("photos", "s.jpg", "image/jpeg", TestPhotos.jpeg(200, 100, Color.RED)));
        assertThat(stranger.postForm("/h5/report/follow", Map.of("ticket", ticket, "description", "我也看到了"))
                .statusCode()).isEqualTo(403);
        assertThat(photos(ticket)).isEqualTo(photosBefore);

        String followerId = "o_fa_h5_follower_" + System.nanoTime();
        Browser follower = new Browser(port);
        follower.devSignIn(followerId);
        Map<String, String> form = new HashMap<>(Map.of("category", "noise", "latitude", String.valueOf(at[0] + 0.0002),
                "longitude", String.valueOf(at[1]), "description", "这里很吵", "formToken", "t-" + System.nanoTime()));
        HttpResponse<String> offered = follower.postMultipart("/h5/report", form,
                new FilePart("photos", "f.jpg", "image/jpeg", TestPhotos.jpeg(300, 200, Color.GREEN)));
        assertThat(offered.statusCode()).isEqualTo(200);
        assertThat(offered.body()).contains("已有人反映", "name=\"ticket\" value=\"" + ticket + "\"");
        assertNothingOfTheReporter(offered.body());

        // The offer holds only with the ticket as shown: no code or a wrong code is refused.
        assertThat(follower.postForm("/h5/report/follow", Map.of("ticket", base(ticket))).statusCode()).isEqualTo(403);
        assertThat(follower.postForm("/h5/report/follow", Map.of("ticket", wrongCode(ticket))).statusCode())
                .isEqualTo(403);
        assertThat(followers(ticket)).isZero();

        HttpResponse<String> followed = follower.postForm("/h5/report/follow",
                Map.of("ticket", ticket, "description", "这里很吵"));
        assertThat(followed.statusCode()).isEqualTo(302);
        assertThat(followed.headers().firstValue("Location").orElseThrow()).endsWith("followed=" + ticket);
        assertThat(followers(ticket)).isEqualTo(1);
        assertThat(photos(ticket)).isEqualTo(photosBefore + 1);

        String page = follower.get("/h5/my-reports?followed=" + ticket).body();
        assertThat(page).contains("已关注", ticket, "噪音扰民", "（我关注的）", "待受理");
        assertNothingOfTheReporter(page);
        assertThat(PHOTO_URL.matcher(page).find()).isFalse();

        // The offer is used up: no more photos or notes through it.
        follower.postMultipart("/h5/report", Map.of("category", "noise", "formToken", "t-" + System.nanoTime()),
                new FilePart("photos", "g.jpg", "image/jpeg", TestPhotos.jpeg(300, 200, Color.YELLOW)));
        assertThat(follower.postForm("/h5/report/follow", Map.of("ticket", ticket, "description", "再补充"))
                .statusCode()).isEqualTo(403);
        assertThat(photos(ticket)).isEqualTo(photosBefore + 1);

        // What the follower wrote reaches staff, but not the reporter's page.
        String reporterPage = reporter.get("/h5/my-reports").body();
        assertThat(reporterPage).contains("又有居民反映了此问题").doesNotContain("这里很吵");
    }

    @Test
    void aTicketWithoutOrWithAWrongCheckCodeIsRefusedInTheChatAndOnThePages() {
        String openid = "o_fa_code_" + System.nanoTime();
        say(openid, "楼下广场舞噪音扰民");
        say(openid, "跳过");
        double[] at = somewhere();
        wechat().sendDev(WeChatClient.location(openid, at[0], at[1], "广场"), Mode.SAFE);
        Reply created = say(openid, "提交");
        String ticket = fullTicket(created.content()).group();

        assertThat(say(openid, "查询 " + ticket).content()).contains("状态：待受理");
        assertThat(say(openid, "查询" + base(ticket) + ticket.substring(ticket.indexOf('-') + 1).toLowerCase())
                .content()).contains("状态：待受理");
        assertThat(say(openid, "查询 " + base(ticket)).content()).contains("4位字母").doesNotContain("状态：");
        assertThat(say(openid, "查询 " + wrongCode(ticket)).content()).contains("没有找到").doesNotContain("状态：");

        Browser browser = new Browser(port);
        browser.devSignIn(openid);
        assertThat(browser.get("/h5/my-reports").body()).contains(ticket);
        assertThat(browser.get("/h5/my-reports?created=" + base(ticket)).body()).doesNotContain("已提交，编号");
        // The rating form names the ticket too: a wrong code finds nothing.
        HttpResponse<String> rated = browser.postForm("/h5/reports/" + wrongCode(ticket) + "/rating",
                Map.of("rating", "SATISFIED"));
        assertThat(rated.statusCode()).isEqualTo(302);
        assertThat(browser.get("/h5/my-reports").body()).contains("没有找到您的举报");
        assertThat(browser.postForm("/h5/report/follow", Map.of("ticket", wrongCode(ticket))).statusCode())
                .isEqualTo(403);

        // Staff keep using either form.
        assertThat(repository.byTicket(Tickets.staffTicket(ticket))).isPresent();
        assertThat(Tickets.staffTicket(ticket)).isEqualTo(base(ticket));
    }
}
