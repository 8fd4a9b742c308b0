package cn.wenming.reach;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reach against the fake WeChat API: community codes bind, greet and count (and ask before changing a
 * community); a push is drafted, previewed to the editor's linked WeChat, approved by an admin and sent
 * once although the request was repeated, WeChat's finish event is recorded; the monthly limit refuses a
 * fifth push to the same community; a 订阅号 sends once a day.
 */
class ReachIntegrationTest extends IntegrationTest {

    private static final String PASSWORD = "reach-pass-01";
    private static final Pattern PUSH_ID = Pattern.compile("/console/reach/pushes/(\\d+)$");

    @Autowired
    private PushLimits limits;

    @Autowired
    private ResidentTags tags;

    @org.springframework.beans.factory.annotation.Value("${wenming.ops.token}")
    private String opsToken;

    private String openid(String name) {
        return "o_reach_" + name + "_" + System.nanoTime();
    }

    /** Event times: WeChat's events carry no MsgId, so two scans in one second would be one delivery. */
    private static final java.util.concurrent.atomic.AtomicLong EVENT_TIME =
            new java.util.concurrent.atomic.AtomicLong(Long.parseLong(WeChatClient.now()) - 100_000);

    private WeChatClient.Reply scan(String openid, String eventKey, boolean subscribe) {
        return wechat().sendDev(scanEvent(openid, eventKey, subscribe), Mode.SAFE);
    }

    /** A SCAN event, or a subscribe through the code, with a CreateTime of its own. */
    static String scanEvent(String openid, String eventKey, boolean subscribe) {
        return WeChatClient.event(openid, subscribe ? "subscribe" : "SCAN", subscribe ? "qrscene_" + eventKey : eventKey)
                .replaceFirst("<CreateTime>\\d+</CreateTime>", "<CreateTime>" + EVENT_TIME.incrementAndGet() + "</CreateTime>");
    }

    private String say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE).content();
    }

    private String community(String openid) {
        return jdbc.sql("SELECT community_code FROM quiz_resident WHERE openid = ?").params(openid).query(String.class)
                .optional().orElse(null);
    }

    @Test
    void followingThroughACommunityCodeBindsGreetsAndIsCountedWithoutTheOpenid() {
        String resident = openid("follow");
        int before = follows("c:MH-HB-HF");

        String greeting = scan(resident, "c:MH-HB-HF", true).content();

        assertThat(greeting).contains("欢迎来到荷风社区").contains("随手拍").contains("答题").contains("问卷");
        assertThat(community(resident)).isEqualTo("MH-HB-HF");
        assertThat(follows("c:MH-HB-HF")).isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT count(*) FROM reach_scene_event WHERE openid_hash = ? OR openid_hash LIKE ?")
                .params(resident, "%" + resident + "%").query(Integer.class).single()).isZero();
        // Scanning the same community again is welcomed back, not asked.
        assertThat(scan(resident, "c:MH-HB-HF", false).content()).contains("欢迎回来");
        // A code that names no community of the grid binds nothing and says what to do.
        assertThat(scan(resident, "c:XX-NOPE", false).content()).contains("社区+社区名");
        assertThat(community(resident)).isEqualTo("MH-HB-HF");
    }

    @Test
    void aSecondCommunityAsksBeforeChangingAndNeverTrapsTheResident() {
        String resident = openid("change");
        scan(resident, "c:MH-HB-HF", true);

        String question = scan(resident, "c:MH-SY-SX", false).content();
        assertThat(question).contains("您已绑定荷风社区").contains("更换为书香社区").contains("回复“是”");
        assertThat(community(resident)).isEqualTo("MH-HB-HF");
        assertThat(say(resident, "否")).contains("仍为荷风社区");
        assertThat(community(resident)).isEqualTo("MH-HB-HF");

        // Anything else ends the question: a later "是" changes nothing.
        scan(resident, "c:MH-SY-SX", false);
        assertThat(say(resident, "垃圾分为哪几类")).doesNotContain("更换");
        say(resident, "是");
        assertThat(community(resident)).isEqualTo("MH-HB-HF");

        scan(resident, "c:MH-SY-SX", false);
        assertThat(say(resident, "是")).contains("已更换为书香社区");
        assertThat(community(resident)).isEqualTo("MH-SY-SX");
    }

    @Test
    void aPushIsPreviewedApprovedSentOnceDespiteARepeatedRequestAndItsDeliveryRecorded() {
        bindResidents("QH-XC-XY", 2);
        Browser admin = admin();
        String editorName = staff(admin, "reach_editor_" + System.nanoTime() % 100000, "EDITOR");
        Browser editor = signIn(editorName);
        String editorWeChat = openid("editor");
        link(editor, editorWeChat);

        // A draft that is not acceptable comes back with the reason and what was typed.
        HttpResponse<String> refused = editor.postForm("/console/reach/pushes", Map.of("title", "", "kind", "text",
                "content", "只有正文", "targetType", "all", "targetCode", ""));
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/console/reach/pushes");
        assertThat(editor.get("/console/reach/pushes").body()).contains("请填写不超过40个字的标题").contains("只有正文");
        assertThat(editor.postForm("/console/reach/pushes", Map.of("title", "t", "kind", "video", "content", "x",
                "targetType", "all")).statusCode()).isEqualTo(302);
        assertThat(editor.get("/console/reach/pushes").body()).contains("请选择文字、图片或图文");

        long id = draft(editor, "新城街道垃圾分类提醒", "text", "本周六上午在新城街道开展垃圾分类宣传，欢迎参加！",
                "street", "QH-XC");
        // Not approvable before a preview; an editor cannot approve at all.
        assertThat(admin.postForm("/console/reach/pushes/" + id + "/approve", Map.of()).statusCode()).isEqualTo(302);
        assertThat(state(id)).isEqualTo("draft");
        assertThat(page(admin, id)).contains("请先预览，再审批");
        assertThat(editor.postForm("/console/reach/pushes/" + id + "/approve", Map.of()).statusCode()).isEqualTo(403);

        editor.postForm("/console/reach/pushes/" + id + "/preview", Map.of());
        assertThat(state(id)).isEqualTo("previewed");
        List<FakeWeChatServer.Call> previews = FAKE_WECHAT.reach.previews();
        assertThat(previews).hasSize(1);
        assertThat(previews.get(0).body().get("touser").getAsString()).isEqualTo(editorWeChat);
        assertThat(previews.get(0).body().getAsJsonObject("text").get("content").getAsString()).contains("新城街道");
        assertThat(page(editor, id)).doesNotContain(editorWeChat);
        assertThat(FAKE_WECHAT.reach.sent()).isEmpty();

        // WeChat sends it, but its answer is lost twice (WxJava's own retry included): the push waits.
        FAKE_WECHAT.reach.loseNextAnswers(2);
        admin.postForm("/console/reach/pushes/" + id + "/approve", Map.of());
        assertThat(state(id)).isEqualTo("sending");
        assertThat(page(admin, id)).contains("重试发送");
        // Sending again repeats the clientmsgid: WeChat names the first msg_id and nobody gets it twice.
        admin.postForm("/console/reach/pushes/" + id + "/send", Map.of());
        assertThat(state(id)).isEqualTo("sent");
        assertThat(FAKE_WECHAT.reach.sendRequests()).hasSize(3);
        assertThat(FAKE_WECHAT.reach.sent()).hasSize(1);
        JsonObject sent = FAKE_WECHAT.reach.sent().get(0).body();
        assertThat(sent.get("clientmsgid").getAsString()).isEqualTo("wenming-push-" + id);
        assertThat(sent.getAsJsonArray("touser")).hasSize(2);
        long msgId = FAKE_WECHAT.reach.msgId("wenming-push-" + id);
        assertThat(jdbc.sql("SELECT msg_id FROM reach_push WHERE id = ?").params(id).query(Long.class).single())
                .isEqualTo(msgId);
        // Once sent, it cannot be sent again.
        admin.postForm("/console/reach/pushes/" + id + "/send", Map.of());
        assertThat(FAKE_WECHAT.reach.sendRequests()).hasSize(3);

        wechat().sendDev(finished(msgId, 2, 2, 2, 0), Mode.SAFE);
        assertThat(state(id)).isEqualTo("finished");
        assertThat(page(admin, id)).contains("送达 2 人").contains("send success");
        assertThat(audit(id)).containsSubsequence("reach.push.draft", "reach.push.preview", "reach.push.approve",
                "reach.push.send-failed", "reach.push.send", "reach.push.finished");
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }

    @Test
    void theFifthPushOfAMonthToTheSameCommunityIsRefusedWithTheReason() {
        bindResidents("QH-HX-YQ", 2);
        Browser admin = admin();
        String first = staff(admin, "reach_editor_a" + System.nanoTime() % 100000, "EDITOR");
        Browser editor = signIn(first);
        link(editor, openid("editor_a"));
        int already = jdbc.sql("SELECT count(*) FROM reach_push WHERE target_code IN ('QH-HX-YQ', 'QH-HX')"
                + " AND approved_at IS NOT NULL").query(Integer.class).single();
        for (int i = already; i < 4; i++) {
            long id = draft(editor, "月桥社区通知" + i, "text", "月桥社区第" + (i + 1) + "次通知", "community", "QH-HX-YQ");
            editor.postForm("/console/reach/pushes/" + id + "/preview", Map.of());
            admin.postForm("/console/reach/pushes/" + id + "/approve", Map.of());
            assertThat(state(id)).isEqualTo("sent");
        }
        int sent = FAKE_WECHAT.reach.sent().size();

        long fifth = draft(editor, "月桥社区第五次", "text", "第五次通知", "street", "QH-HX");
        editor.postForm("/console/reach/pushes/" + fifth + "/preview", Map.of());
        admin.postForm("/console/reach/pushes/" + fifth + "/approve", Map.of());

        assertThat(state(fifth)).isEqualTo("previewed");
        assertThat(page(admin, fifth)).contains("本月月桥社区的居民已收到4次群发，服务号每位用户每月最多接收4次，请下月再发。");
        assertThat(FAKE_WECHAT.reach.sent()).hasSize(sent);
    }

    @Test
    void aSubscriptionAccountSendsOnceADay() {
        String appId = TestAccounts.PLAIN_APPID;
        Push push = new Push(0, appId, "t", "text", "c", "all", null, Push.PREVIEWED, "x", null, null, null, null,
                null, null, null, null, null, null, null);
        assertThat(limits.refusal(push)).isEmpty();
        jdbc.sql("INSERT INTO reach_push (app_id, title, kind, content, target_type, state, created_by, approved_at)"
                + " VALUES (?, 't', 'text', 'c', 'all', 'sent', 'x', now())").params(appId).update();
        assertThat(limits.refusal(push)).contains("订阅号每天只能群发1次，今天已发送过，请明天再发。");
    }

    @Test
    void reachByCommunityIsShownAndExportedAgainstTheHeadCountsAndCodesArePrintedPerStreet() throws Exception {
        String resident = openid("figures");
        scan(resident, "c:MH-SY-SX", true);
        int bound = jdbc.sql("SELECT count(*) FROM quiz_resident WHERE community_code = 'MH-SY-SX'")
                .query(Integer.class).single();
        Browser admin = admin();

        String page = admin.get("/console/reach").body();
        String row = page.substring(page.indexOf("data-community=\"MH-SY-SX\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("书香社区").contains(">4100<").contains("class=\"num bound\">" + bound + "<")
                .contains("class=\"num follows\">" + follows("c:MH-SY-SX") + "<");

        HttpResponse<byte[]> xlsx = admin.getBytes("/console/reach/reach.xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var sheet = workbook.getSheetAt(0);
            var shuxiang = java.util.stream.IntStream.rangeClosed(1, sheet.getLastRowNum()).mapToObj(sheet::getRow)
                    .filter(r -> r.getCell(2).getStringCellValue().equals("MH-SY-SX")).findFirst().orElseThrow();
            assertThat(shuxiang.getCell(1).getStringCellValue()).isEqualTo("书香社区");
            assertThat(shuxiang.getCell(3).getNumericCellValue()).isEqualTo(4100);
            assertThat(shuxiang.getCell(4).getNumericCellValue()).isEqualTo(bound);
            assertThat(shuxiang.getCell(5).getNumericCellValue()).isEqualTo(Math.round(1000.0 * bound / 4100) / 10.0);
        }
        assertThat(new String(xlsx.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("o_reach_");
        assertThat(jdbc.sql("SELECT count(*) FROM console_audit WHERE action = 'reach.export'").query(Integer.class)
                .single()).isPositive();

        String sheet = admin.get("/console/reach/sheets/MH-SY").body();
        assertThat(sheet).contains("书院街道").contains("书香社区").contains("/console/reach/qr/community/MH-SY-SX.png");
        byte[] png = admin.getBytes("/console/reach/qr/community/MH-SY-SX.png").body();
        assertThat(cn.wenming.support.QrReader.read(png)).isEqualTo(FakeWeChatServer.qrContent("c:MH-SY-SX"));
        assertThat(admin.get("/console/reach/sheets/NOPE").statusCode()).isEqualTo(404);
        byte[] poster = admin.getBytes("/console/reach/qr/poster/spring-2027.png").body();
        assertThat(cn.wenming.support.QrReader.read(poster)).isEqualTo(FakeWeChatServer.qrContent("p:spring-2027"));
        String posterId = "fig-" + System.nanoTime();
        String player = openid("poster");
        assertThat(scan(player, "p:" + posterId, true).content()).contains("欢迎参与文明城市创建");
        scan(openid("poster2"), "p:" + posterId, true);
        assertThat(say(player, "答题")).contains("共5题");
        String posters = admin.get("/console/reach").body();
        String posterRow = posters.substring(posters.indexOf("data-poster=\"" + posterId + "\""));
        posterRow = posterRow.substring(0, posterRow.indexOf("</tr>"));
        // Two residents came through the poster; one of them played, neither reported nor answered a survey.
        assertThat(posterRow).contains("class=\"num\">2<").contains("class=\"num players\">1<")
                .contains("class=\"num reporters\">0<").contains("class=\"num respondents\">0<");

        String handler = staff(admin, "reach_handler_" + System.nanoTime() % 100000, "HANDLER", "书香社区居委会");
        assertThat(signIn(handler).get("/console/reach").statusCode()).isEqualTo(403);
    }

    @Test
    void residentsCarryTheirCommunityAndStreetTagsSyncedInBatchesWithRetries() {
        List<String> qingshi = new java.util.ArrayList<>();
        for (int i = 0; i < 55; i++) {
            String resident = openid("tag" + i);
            jdbc.sql("INSERT INTO quiz_resident (openid, openid_hash, app_id, community_code) VALUES (?, ?, ?, 'QH-HX-QS')")
                    .params(resident, "hash-" + resident, TestAccounts.DEV_APPID).update();
            qingshi.add(resident);
        }
        ResidentTags.Round first = tags.sync(TestAccounts.DEV_APPID);
        assertThat(first.failedBatches()).isZero();
        assertThat(first.tagged()).isGreaterThanOrEqualTo(2 * 55);
        assertThat(FAKE_WECHAT.reach.tagged(TestAccounts.DEV_APPID, "青石社区")).containsAll(qingshi);
        assertThat(FAKE_WECHAT.reach.tagged(TestAccounts.DEV_APPID, "河西街道")).containsAll(qingshi);
        assertThat(FAKE_WECHAT.reach.tagCalls()).allSatisfy(call -> assertThat(
                call.body().has("openid_list") ? call.body().getAsJsonArray("openid_list").size() : 0).isLessThanOrEqualTo(50));
        // Nothing changed: nothing is sent again.
        int calls = FAKE_WECHAT.reach.tagCalls().size();
        assertThat(tags.sync(TestAccounts.DEV_APPID)).isEqualTo(new ResidentTags.Round(0, 0, 0));
        assertThat(FAKE_WECHAT.reach.tagCalls()).hasSize(calls);

        // One moves to 柳岸社区 (湖滨街道); WeChat refuses a batch, the next round does it.
        String mover = qingshi.get(0);
        scan(mover, "c:MH-HB-LA", false);
        assertThat(say(mover, "是")).contains("已更换为柳岸社区");
        FAKE_WECHAT.reach.refuseNextTagCalls(1);
        assertThat(tags.sync(TestAccounts.DEV_APPID).failedBatches()).isEqualTo(1);
        assertThat(tags.sync(TestAccounts.DEV_APPID).failedBatches()).isZero();
        assertThat(FAKE_WECHAT.reach.tagged(TestAccounts.DEV_APPID, "柳岸社区")).contains(mover);
        assertThat(FAKE_WECHAT.reach.tagged(TestAccounts.DEV_APPID, "湖滨街道")).contains(mover);
        assertThat(FAKE_WECHAT.reach.tagged(TestAccounts.DEV_APPID, "青石社区")).doesNotContain(mover);
        assertThat(FAKE_WECHAT.reach.tagged(TestAccounts.DEV_APPID, "河西街道")).doesNotContain(mover);

        // Unfollowing forgets what was applied (WeChat drops the tags itself).
        wechat().sendDev(WeChatClient.event(mover, "unsubscribe", null), Mode.SAFE);
        assertThat(jdbc.sql("SELECT count(*) FROM reach_tag_member WHERE openid = ?").params(mover)
                .query(Integer.class).single()).isZero();
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }

    @Test
    void eachStreetTagGetsItsConditionalMenuReplacingThePreviousOnesAndTheConsoleShowsIt() throws Exception {
        scan(openid("menu"), "c:MH-HB-LA", true);
        tags.sync(TestAccounts.DEV_APPID);
        Long hubin = FAKE_WECHAT.reach.tagId(TestAccounts.DEV_APPID, "湖滨街道");
        assertThat(hubin).isNotNull();

        for (int i = 0; i < 2; i++) {
            java.net.http.HttpResponse<String> published = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/ops/wechat/"
                            + TestAccounts.DEV_APPID + "/menu")).header("Authorization", "Bearer " + opsToken)
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).isEqualTo(200);
            assertThat(published.body()).contains("\"conditionalMenus\":1");
        }
        List<JsonObject> conditional = FAKE_WECHAT.reach.conditionalMenus(TestAccounts.DEV_APPID);
        assertThat(conditional).hasSize(1);
        assertThat(conditional.get(0).getAsJsonObject("matchrule").get("tag_id").getAsString())
                .isEqualTo(String.valueOf(hubin));
        assertThat(conditional.get(0).toString()).contains("曝光台").doesNotContain("{{").doesNotContain("\"area\"");
        assertThat(FAKE_WECHAT.problems()).isEmpty();

        String page = admin().get("/console/reach/menus").body();
        assertThat(page).contains("其他居民（默认菜单）").contains("data-group=\"MH-HB\"").contains("湖滨街道")
                .contains("曝光台").contains("/h5/board");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private int follows(String scene) {
        return jdbc.sql("SELECT count(DISTINCT openid_hash) FROM reach_scene_event WHERE scene = ? AND kind = 'follow'")
                .params(scene).query(Integer.class).single();
    }

    private void bindResidents(String communityCode, int count) {
        for (int i = 0; i < count; i++) {
            String resident = openid("bound");
            scan(resident, "c:" + communityCode, true);
            assertThat(community(resident)).isEqualTo(communityCode);
        }
    }

    private Browser admin() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        return admin;
    }

    private String staff(Browser admin, String username, String role) {
        return staff(admin, username, role, "");
    }

    private String staff(Browser admin, String username, String role, String unit) {
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "测试" + role, "role", role, "unitName", unit, "password", PASSWORD));
        assertThat(created.statusCode()).isEqualTo(302);
        return username;
    }

    private Browser signIn(String username) {
        Browser browser = new Browser(port);
        assertThat(browser.staffSignIn(username, PASSWORD).headers().firstValue("Location").orElse(""))
                .endsWith("/console");
        return browser;
    }

    /** The staff member scans the one-time code the console shows with their own WeChat. */
    static String linkScene(List<FakeWeChatServer.Call> qrCodes) {
        JsonObject body = qrCodes.get(qrCodes.size() - 1).body();
        assertThat(body.get("action_name").getAsString()).isEqualTo("QR_STR_SCENE");
        return body.getAsJsonObject("action_info").getAsJsonObject("scene").get("scene_str").getAsString();
    }

    private void link(Browser staff, String wechatOpenid) {
        staff.get("/console/reach/pushes");
        HttpResponse<String> page = staff.postForm("/console/reach/link", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data:image/png;base64,");
        String scene = linkScene(FAKE_WECHAT.qrCodes());
        assertThat(scene).startsWith("s:");
        assertThat(page.body()).doesNotContain(scene.substring(2));
        assertThat(scan(wechatOpenid, scene, false).content()).contains("已绑定控制台账号");
        // The code is used up.
        assertThat(scan(openid("other"), scene, false).content()).contains("已失效");
        assertThat(staff.get("/console/reach/pushes").body()).contains("预览微信：已绑定").doesNotContain(wechatOpenid);
    }

    private long draft(Browser editor, String title, String kind, String content, String targetType, String code) {
        editor.get("/console/reach/pushes");
        HttpResponse<String> saved = editor.postForm("/console/reach/pushes", Map.of("title", title, "kind", kind,
                "content", content, "targetType", targetType, "targetCode", code == null ? "" : code));
        Matcher id = PUSH_ID.matcher(saved.headers().firstValue("Location").orElse(""));
        assertThat(id.find()).as("draft saved: %s", saved.headers().map()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private String page(Browser staff, long id) {
        return staff.get("/console/reach/pushes/" + id).body();
    }

    private String state(long id) {
        return jdbc.sql("SELECT state FROM reach_push WHERE id = ?").params(id).query(String.class).single();
    }

    private List<String> audit(long id) {
        return jdbc.sql("SELECT action FROM console_audit WHERE object_type = 'reach-push' AND object_id = ? ORDER BY id")
                .params(String.valueOf(id)).query(String.class).list();
    }

    /** WeChat's MASSSENDJOBFINISH event for a mass message. */
    static String finished(long msgId, int total, int filter, int sent, int errors) {
        return "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName><![CDATA[oMassSystem]]>"
                + "</FromUserName><CreateTime>" + WeChatClient.now() + "</CreateTime><MsgType><![CDATA[event]]>"
                + "</MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>" + msgId + "</MsgID>"
                + "<Status><![CDATA[send success]]></Status><TotalCount>" + total + "</TotalCount><FilterCount>"
                + filter + "</FilterCount><SentCount>" + sent + "</SentCount><ErrorCount>" + errors
                + "</ErrorCount></xml>";
    }
}
