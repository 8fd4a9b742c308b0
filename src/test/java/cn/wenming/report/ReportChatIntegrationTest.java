package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.conversation.ConversationStore;
import cn.wenming.core.OpenIdHasher;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import cn.wenming.support.WeChatClient.Reply;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * 随手拍 through the real gateway (AES, WxJava's crypto on the WeChat side), with photos served by
 * the fake WeChat API: what a resident types, sends and reads, and what ends up in PostgreSQL.
 */
class ReportChatIntegrationTest extends IntegrationTest {

    /** The stored number (the part before the check code), for looking the report up. */
    private static final Pattern TICKET = Pattern.compile("WM\\d{10}");
    /** The ticket as the resident is given it. */
    private static final Pattern FULL_TICKET = Pattern.compile("WM\\d{10}-[A-Z]{4}");
    /** In 荷风社区 (明湖区 湖滨街道) of the shipped grid. */
    private static final double HEFENG_LAT = 28.245;
    private static final double HEFENG_LNG = 112.93;

    @Autowired
    private DeliveryJobs jobs;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private PhotoStore photoStore;

    @Autowired
    private ConversationStore conversations;

    @Autowired
    private OpenIdHasher hasher;

    private Reply say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE);
    }

    private Reply location(String openid, double lat, double lng, String label) {
        return wechat().sendDev(WeChatClient.location(openid, lat, lng, label), Mode.SAFE);
    }

    static String fullTicketIn(Reply reply) {
        Matcher m = FULL_TICKET.matcher(reply.content());
        assertThat(m.find()).as("a ticket number with its check code in: %s", reply.content()).isTrue();
        return m.group();
    }

    private static String ticketIn(Reply reply) {
        Matcher m = TICKET.matcher(reply.content());
        assertThat(m.find()).as("a ticket number in: %s", reply.content()).isTrue();
        return m.group();
    }

    @Test
    void textPhotoAndLocationBecomeARoutedReportWithATicketAndAPhotoWithoutExif() throws Exception {
        String openid = "o_chat_" + System.nanoTime();
        FAKE_WECHAT.media("media-light-1", TestPhotos.jpegWithExif(800, 600, 28.245, 112.93, 1));

        Reply first = say(openid, "小区门口路灯不亮了");
        assertThat(first.content()).contains("照片").doesNotContain("选择问题类别");
        String draftKey = draftKey(openid);
        assertThat(redis.getExpire(draftKey)).isBetween(60L * 29, 60L * 30);

        String imageXml = WeChatClient.image(openid, "media-light-1", WeChatClient.nextMsgId(), WeChatClient.now());
        Reply photo = wechat().sendDev(imageXml, Mode.SAFE);
        assertThat(photo.content()).contains("收到照片");
        // WeChat redelivers the same message when our reply is slow: still one photo.
        Reply redelivered = wechat().sendDev(imageXml, Mode.SAFE);
        assertThat(redelivered.content()).isEqualTo(photo.content());
        Reply where = location(openid, HEFENG_LAT, HEFENG_LNG, "荷风路12号");
        assertThat(where.content()).contains("类别：路灯不亮", "位置：荷风路12号", "照片：1张", "回复“提交”确认");

        String submitXml = WeChatClient.text(openid, "提交");
        Reply submitted = wechat().sendDev(submitXml, Mode.SAFE);
        String ticket = ticketIn(submitted);
        String full = fullTicketIn(submitted);
        assertThat(submitted.content()).contains("明湖区市政设施管理处", "2个工作日", "进度");
        assertThat(wechat().sendDev(submitXml, Mode.SAFE).content()).isEqualTo(submitted.content());

        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(openid)
                .query(Integer.class).single()).isEqualTo(1);
        var row = jdbc.sql("""
                SELECT category_code, state, unit_name, community_name, address, description, channel, latitude
                FROM report WHERE ticket_no = ?""").param(ticket).query().singleRow();
        assertThat(row).containsEntry("category_code", "streetlight").containsEntry("state", "SUBMITTED")
                .containsEntry("unit_name", "明湖区市政设施管理处").containsEntry("community_name", "荷风社区")
                .containsEntry("address", "荷风路12号").containsEntry("description", "小区门口路灯不亮了")
                .containsEntry("channel", "wechat").containsEntry("latitude", HEFENG_LAT);
        assertThat(jdbc.sql("SELECT count(*) FROM report_history h JOIN report r ON r.id = h.report_id"
                + " WHERE r.ticket_no = ? AND h.state = 'SUBMITTED'").param(ticket).query(Integer.class).single())
                .isEqualTo(1);
        List<String> hashes = jdbc.sql("SELECT p.sha256 FROM report_photo p JOIN report r ON r.id = p.report_id"
                + " WHERE r.ticket_no = ? AND p.status = 'stored'").param(ticket).query(String.class).list();
        assertThat(hashes).hasSize(1);
        byte[] stored = photoStore.read(hashes.get(0));
        assertThat(TestPhotos.privateMetadata(stored)).isEmpty();
        assertThat(draftFields(openid)).isZero();
        assertThat(FAKE_WECHAT.problems()).isEmpty();

        Reply progress = say(openid, "进度");
        assertThat(progress.content()).contains(full, "路灯不亮", "待受理", "/h5/my-reports");
        Reply detail = say(openid, "查询 " + full.toLowerCase());
        assertThat(detail.content()).contains(full, "状态：待受理", "承办：明湖区市政设施管理处");
        assertThat(say("o_someone_else_" + System.nanoTime(), "查询 " + full).content())
                .contains("没有找到").doesNotContain("明湖区市政设施管理处");
    }

    @Test
    void aCategoryIsChosenFromTheListWhenTheTextSaysNothingAndCancelForgetsTheDraft() {
        String openid = "o_list_" + System.nanoTime();
        Reply menu = wechat().sendDev(WeChatClient.event(openid, "CLICK", "REPORT"), Mode.SAFE);
        assertThat(menu.content()).contains("请回复编号选择问题类别", "1.乱扔垃圾", "19.其他");
        assertThat(say(openid, "88").content()).contains("没找到这个类别");
        assertThat(say(openid, "13").content()).contains("照片", "跳过");
        assertThat(say(openid, "跳过").content()).contains("位置");
        assertThat(say(openid, "书香社区南门").content()).contains("描述");
        assertThat(say(openid, "取消").content()).contains("已取消");
        // With the draft gone, a question is a question again.
        assertThat(say(openid, "垃圾分为哪几类").content()).contains("可回收物");
    }

    @Test
    void aPhotoRequiredCategoryWaitsForThePhotoAndARedeliveredPhotoFetchedLaterIsStoredOnce() {
        String openid = "o_pending_" + System.nanoTime();
        assertThat(say(openid, "人行道上有车乱停乱放").content()).contains("请拍一张现场照片").doesNotContain("跳过");
        assertThat(say(openid, "跳过").content()).contains("请拍一张现场照片");
        // WeChat cannot hand the photo over right now: it is kept by media id.
        String mediaId = "media-late-" + System.nanoTime();
        String imageXml = WeChatClient.image(openid, mediaId, WeChatClient.nextMsgId(), WeChatClient.now());
        assertThat(wechat().sendDev(imageXml, Mode.SAFE).content()).contains("收到照片");
        location(openid, 28.21, 112.96, "新城大道88号");
        String ticket = ticketIn(say(openid, "提交"));
        assertThat(photoStatuses(ticket)).containsExactly("pending");

        FAKE_WECHAT.media(mediaId, TestPhotos.jpeg(640, 480, java.awt.Color.RED));
        jobs.fetchPendingPhotos();
        assertThat(photoStatuses(ticket)).containsExactly("stored");
        assertThat(FAKE_WECHAT.mediaDownloads()).contains(mediaId);
        var row = jdbc.sql("SELECT unit_name, community_name FROM report WHERE ticket_no = ?").param(ticket).query()
                .singleRow();
        assertThat(row).containsEntry("unit_name", "清河区交警大队").containsEntry("community_name", "新苑社区");
    }

    @Test
    void aPhotoWeChatIsSlowToHandOverIsAttachedLaterAndTheChatDoesNotWaitForIt() throws Exception {
        String openid = "o_slow_media_" + System.nanoTime();
        String mediaId = "media-slow-" + System.nanoTime();
        FAKE_WECHAT.media(mediaId, TestPhotos.jpeg(640, 480, java.awt.Color.BLUE));
        // Slower than WxJava's 5 s read timeout, which used to fail every fetch of such a photo.
        FAKE_WECHAT.mediaDelay(java.time.Duration.ofSeconds(6));
        try {
            say(openid, "小区门口路灯不亮了");
            long started = System.nanoTime();
            String imageXml = WeChatClient.image(openid, mediaId, WeChatClient.nextMsgId(), WeChatClient.now());
            assertThat(wechat().sendDev(imageXml, Mode.SAFE).content()).contains("收到照片");
            assertThat(System.nanoTime() - started).as("the chat waits at most about 1.5 s for WeChat")
                    .isLessThan(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(3_000));
            location(openid, 28.2100, 112.9600, "慢图路1号");
            String ticket = ticketIn(say(openid, "提交"));
            assertThat(photoStatuses(ticket)).containsExactly("pending");

            jobs.fetchPendingPhotos();
            assertThat(photoStatuses(ticket)).containsExactly("stored");
        } finally {
            FAKE_WECHAT.mediaDelay(java.time.Duration.ZERO);
        }
    }

    @Test
    void aSecondReportOfTheSameProblemNearbyIsOfferedToFollowTheFirst() {
        String first = "o_dup_a_" + System.nanoTime();
        String second = "o_dup_b_" + System.nanoTime();
        say(first, "青石社区这边有人高空抛物");
        say(first, "跳过");
        location(first, 28.2450, 112.9500, "青石小区3栋");
        String original = ticketIn(say(first, "提交"));

        say(second, "楼上高空抛物，差点砸到人");
        say(second, "跳过");
        // About 40 m from the first report.
        location(second, 28.2453, 112.9503, "青石小区4栋");
        Reply offer = say(second, "提交");
        assertThat(offer.content()).contains("已有人反映，是否关注该问题？", original, "回复1关注");
        Reply followed = say(second, "1");
        assertThat(followed.content()).contains("已关注" + original);

        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(second)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM report_follower f JOIN report r ON r.id = f.report_id"
                + " WHERE r.ticket_no = ? AND f.openid = ?").params(original, second).query(Integer.class).single())
                .isEqualTo(1);
        assertThat(say(second, "进度").content()).contains(original);

        // Someone who insists gets their own ticket.
        String third = "o_dup_c_" + System.nanoTime();
        say(third, "楼上又有人高空抛物");
        say(third, "跳过");
        location(third, 28.2451, 112.9501, "青石小区5栋");
        assertThat(say(third, "提交").content()).contains("已有人反映");
        assertThat(ticketIn(say(third, "2"))).isNotEqualTo(original);
    }

    @Test
    void theDailyLimitIsPoliteAndUnsubscribingDetachesTheResidentButKeepsTheReports() {
        String openid = "o_limit_" + System.nanoTime();
        String[][] problems = {{"楼下棋牌室噪音扰民", "28.2101"}, {"门口路灯不亮", "28.2201"}, {"广场公厕很脏没人打扫", "28.2301"},
                {"有人随地吐痰", "28.2401"}};
        for (String[] problem : problems) {
            say(openid, problem[0]);
            say(openid, "跳过");
            location(openid, Double.parseDouble(problem[1]), 112.975, "某路");
            ticketIn(say(openid, "提交"));
        }
        say(openid, "墙上被人乱涂乱画");
        wechat().sendDev(WeChatClient.image(openid, "media-limit", WeChatClient.nextMsgId(), WeChatClient.now()),
                Mode.SAFE);
        location(openid, 28.25, 112.975, "某路");
        Reply limited = say(openid, "提交");
        assertThat(limited.content()).contains("您今天已提交4条", "明天再报", "12345");
        assertThat(draftFields(openid)).isPositive();

        wechat().sendDev(WeChatClient.event(openid, "unsubscribe", null), Mode.SAFE);

        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(openid)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE address = '某路' AND reporter_openid IS NULL"
                + " AND reporter_hash IS NULL AND state = 'SUBMITTED'").query(Integer.class).single())
                .isGreaterThanOrEqualTo(4);
        assertThat(draftFields(openid)).isZero();
        assertThat(say(openid, "进度").content()).contains("还没有提交过");
    }

    @Test
    void aPhotoWhoseFirstDeliveryDiedWithItsInstanceIsStoredWhenWeChatRedeliversIt() {
        String openid = "o_abandoned_" + System.nanoTime();
        say(openid, "门口路灯不亮");
        FAKE_WECHAT.media("media-abandoned", TestPhotos.jpeg(320, 240, java.awt.Color.GRAY));
        long msgId = WeChatClient.nextMsgId();
        String createTime = WeChatClient.now();
        // What an instance killed mid-message leaves: the delivery claimed in its name, no reply recorded,
        // and its lease gone.
        redis.opsForValue().set("wenming:wx:seen:" + TestAccounts.DEV_APPID + ":" + msgId + ":"
                + hasher.hash(openid) + ":" + createTime, "dead-instance:" + System.currentTimeMillis());

        Reply redelivered = wechat().sendDev(WeChatClient.image(openid, "media-abandoned", msgId, createTime),
                Mode.SAFE);

        assertThat(redelivered.content()).contains("收到照片");
        assertThat(FAKE_WECHAT.mediaDownloads()).containsExactly("media-abandoned");
        // The redelivery after that is an ordinary duplicate: same reply, no second download.
        assertThat(wechat().sendDev(WeChatClient.image(openid, "media-abandoned", msgId, createTime), Mode.SAFE)
                .content()).isEqualTo(redelivered.content());
        assertThat(FAKE_WECHAT.mediaDownloads()).containsExactly("media-abandoned");
    }

    @Test
    void aSubmitRedeliveredAfterItsReportWasStoredGetsTheSameTicket() {
        String openid = "o_late_submit_" + System.nanoTime();
        say(openid, "楼下棋牌室噪音扰民");
        say(openid, "跳过");
        // A place no other test reports near (ReportFollowAccessTest files noise reports at random points
        // in the grid): an open report nearby would turn this submission into an offer to follow it.
        location(openid, 28.1888, 112.8888, "书院路1号");
        String submit = WeChatClient.text(openid, "提交");
        String ticket = ticketIn(wechat().sendDev(submit, Mode.SAFE));
        // The delivery record is gone (expired, or Redis lost it): the message is handled afresh.
        redis.delete(redis.keys("wenming:wx:*" + hasher.hash(openid) + "*"));

        assertThat(ticketIn(wechat().sendDev(submit, Mode.SAFE))).isEqualTo(ticket);
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(openid)
                .query(Integer.class).single()).isEqualTo(1);
    }

    private List<String> photoStatuses(String ticket) {
        return jdbc.sql("SELECT p.status FROM report_photo p JOIN report r ON r.id = p.report_id WHERE r.ticket_no = ?")
                .param(ticket).query(String.class).list();
    }

    /** The draft is the 随手拍 part of the resident's conversation record. */
    private String draftKey(String openid) {
        return conversations.key(TestAccounts.DEV_APPID, openid);
    }

    private long draftFields(String openid) {
        return redis.opsForHash().keys(draftKey(openid)).stream().filter(f -> f.toString().startsWith("report."))
                .count();
    }
}
