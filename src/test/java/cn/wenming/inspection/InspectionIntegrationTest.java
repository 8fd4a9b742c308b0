package cn.wenming.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.console.StaffRole;
import cn.wenming.support.Browser;
import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.QrReader;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * 测评 over HTTP as the phone page sends it: one submission per point however often it is resent,
 * refusals that say what to fix, who may do what, and where a point's QR code leads.
 */
class InspectionIntegrationTest extends IntegrationTest {

    @Autowired
    private PasswordEncoder passwords;
    @Autowired
    private PointLibrary library;
    @Autowired
    private Checklists checklists;

    private Browser staff(StaffRole role, String unit) {
        String username = role.name().toLowerCase() + "_" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("INSERT INTO console_user (username, password_hash, display_name, role, unit_name) VALUES (?, ?, ?, ?, ?)")
                .params(username, passwords.encode("inspection-pass-1"), "测" + role.label(), role.name(), unit).update();
        Browser browser = new Browser(port);
        browser.staffSignIn(username, "inspection-pass-1");
        return browser;
    }

    private long startRound(Browser inspector, String... points) {
        inspector.get("/console/inspection");
        List<Map.Entry<String, String>> fields = new java.util.ArrayList<>(List.of(Map.entry("kind", "MOCK"),
                Map.entry("title", "测试轮次" + UUID.randomUUID().toString().substring(0, 6))));
        for (String point : points) {
            fields.add(Map.entry("points", point));
        }
        HttpResponse<String> started = inspector.postFormValues("/console/inspection/rounds", fields);
        assertThat(started.statusCode()).isEqualTo(302);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/console/inspection/rounds/\\d+");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Every item 合格 (counts 0) except {@code failing}, which is 不合格 with a photo. */
    private HttpResponse<String> submit(Browser inspector, long round, Point point, String key, String failing) {
        inspector.get("/console/inspection/rounds/" + round + "/points/" + point.code());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("submission", key);
        List<Browser.FilePart> photos = new java.util.ArrayList<>();
        for (ChecklistItem item : checklists.find(point.typeCode()).orElseThrow().items()) {
            boolean fail = item.code().equals(failing);
            if (item.judge() == ChecklistItem.Judge.COUNT) {
                fields.put("result." + item.code(), "PASS");
                fields.put("count." + item.code(), fail ? String.valueOf(item.allowed() + 2) : "0");
            } else {
                fields.put("result." + item.code(), fail ? "FAIL" : "PASS");
            }
            if (fail) {
                fields.put("note." + item.code(), "东侧入口");
                photos.add(new Browser.FilePart("photo." + item.code(), "p.jpg", "image/jpeg",
                        TestPhotos.jpeg(640, 480, Color.RED)));
            }
        }
        return inspector.postMultipart("/console/inspection/rounds/" + round + "/points/" + point.code(), fields,
                photos.toArray(Browser.FilePart[]::new));
    }

    private Point point(int index) {
        return library.active().get(index);
    }

    private String firstItem(Point point) {
        return checklists.find(point.typeCode()).orElseThrow().items().get(0).code();
    }

    @Test
    void aResentSubmissionIsStoredOnceAndAnotherOneForTheSamePointIsRefused() {
        Browser inspector = staff(StaffRole.INSPECTOR, null);
        Point point = point(0);
        long round = startRound(inspector, point.code());
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = submit(inspector, round, point, key, firstItem(point));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"stored\":true", "\"repeated\":false");
        HttpResponse<String> again = submit(inspector, round, point, key, firstItem(point));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"repeated\":true");

        String ticket = jdbc.sql("SELECT report_ticket FROM inspection_mark WHERE round_id = ? AND report_ticket IS NOT NULL")
                .param(round).query(String.class).single();
        assertThat(first.body()).contains(ticket);
        assertThat(again.body()).contains(ticket);
        // One report, dispatched to the point's unit with the item's deadline, its photo without EXIF.
        Map<String, Object> report = jdbc.sql("SELECT channel, state, unit_name, deadline_hours, deadline_working_days,"
                + " reporter_openid FROM report WHERE ticket_no = ?").param(ticket).query().singleRow();
        ChecklistItem item = checklists.find(point.typeCode()).orElseThrow().items().get(0);
        assertThat(report).containsEntry("channel", "inspection").containsEntry("state", "DISPATCHED")
                .containsEntry("unit_name", point.unit()).containsEntry("deadline_hours", item.deadlineHours())
                .containsEntry("deadline_working_days", item.deadlineWorkingDays());
        assertThat(report.get("reporter_openid")).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM report_photo p JOIN report r ON r.id = p.report_id WHERE r.ticket_no = ?")
                .param(ticket).query(Integer.class).single()).isEqualTo(1);

        // The campaign's own finding is not published as a service request.
        Browser open311 = new Browser(port);
        assertThat(open311.get("/open311/v2/requests.json").body()).doesNotContain(ticket);
        assertThat(open311.get("/open311/v2/requests/" + ticket + ".json").statusCode()).isEqualTo(404);

        HttpResponse<String> other = submit(inspector, round, point, UUID.randomUUID().toString(), null);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("该点位本轮已由");
        assertThat(jdbc.sql("SELECT count(*) FROM inspection_mark WHERE round_id = ?").param(round).query(Integer.class)
                .single()).isEqualTo(checklists.find(point.typeCode()).orElseThrow().items().size());
    }

    @Test
    void incompleteMarksAndMissingPhotosAreRefusedInChineseWithNothingStored() {
        Browser inspector = staff(StaffRole.INSPECTOR, null);
        Point point = point(1);
        ChecklistItem photoItem = checklists.find(point.typeCode()).orElseThrow().items().stream()
                .filter(i -> i.photoRequired() && i.judge() == ChecklistItem.Judge.PASS_FAIL).findFirst().orElseThrow();
        long round = startRound(inspector, point.code());
        String path = "/console/inspection/rounds/" + round + "/points/" + point.code();
        inspector.get(path);

        HttpResponse<String> nothing = inspector.postMultipart(path, Map.of("submission", UUID.randomUUID().toString()));
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("还有条目没有评定").doesNotContain("Exception");

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("submission", UUID.randomUUID().toString());
        for (ChecklistItem item : checklists.find(point.typeCode()).orElseThrow().items()) {
            fields.put("result." + item.code(), item.code().equals(photoItem.code()) ? "FAIL" : "PASS");
            fields.put("count." + item.code(), "0");
        }
        HttpResponse<String> noPhoto = inspector.postMultipart(path, fields);
        assertThat(noPhoto.statusCode()).isEqualTo(400);
        assertThat(noPhoto.body()).contains(photoItem.code() + "评为不合格，须拍照留证");

        fields.put("result." + photoItem.code(), "MAYBE");
        assertThat(inspector.postMultipart(path, fields).statusCode()).isEqualTo(400);

        fields.put("result." + photoItem.code(), "FAIL");
        HttpResponse<String> notAPhoto = inspector.postMultipart(path, fields, new Browser.FilePart(
                "photo." + photoItem.code(), "x.jpg", "image/jpeg", "not a picture".getBytes()));
        assertThat(notAPhoto.statusCode()).isEqualTo(400);
        assertThat(notAPhoto.body()).contains("照片无法识别");

        assertThat(jdbc.sql("SELECT count(*) FROM inspection_mark WHERE round_id = ?").param(round)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT visited_at IS NULL FROM inspection_visit WHERE round_id = ?").param(round)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void unitsCannotOpenInspectionAndOnlyAdminsChangeThePointLibrary() {
        Browser handler = staff(StaffRole.HANDLER, point(0).unit());
        assertThat(handler.get("/console/inspection").statusCode()).isEqualTo(403);
        assertThat(handler.getBytes("/console/inspection/ledgers/points.xlsx").statusCode()).isEqualTo(403);

        Browser inspector = staff(StaffRole.INSPECTOR, null);
        Point point = point(2);
        Map<String, String> edit = Map.of("code", point.code(), "type", point.typeCode(), "name", "改名点位",
                "latitude", String.valueOf(point.latitude()), "longitude", String.valueOf(point.longitude()),
                "unit", point.unit(), "active", "true");
        inspector.get("/console/inspection/points");
        assertThat(inspector.postForm("/console/inspection/points", edit).statusCode()).isEqualTo(403);

        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        admin.get("/console/inspection/points");
        Map<String, String> badUnit = new LinkedHashMap<>(edit);
        badUnit.put("unit", "不存在的单位");
        admin.postForm("/console/inspection/points", badUnit);
        assertThat(admin.get("/console/inspection/points?code=" + point.code()).body()).contains("包保单位须是已配置的责任单位");
        assertThat(library.find(point.code()).orElseThrow().name()).isEqualTo(point.name());

        Map<String, String> renamed = new LinkedHashMap<>(edit);
        renamed.put("name", point.name() + "（东区）");
        assertThat(admin.postForm("/console/inspection/points", renamed).statusCode()).isEqualTo(302);
        assertThat(library.find(point.code()).orElseThrow().name()).isEqualTo(point.name() + "（东区）");
        assertThat(jdbc.sql("SELECT count(*) FROM console_audit WHERE action = '修改测评点位' AND object_id = ?")
                .param(point.code()).query(Integer.class).single()).isEqualTo(1);
        // Back as it was, for the other tests (a console edit keeps the point from file updates).
        admin.postForm("/console/inspection/points", edit);
        Map<String, String> original = new LinkedHashMap<>(edit);
        original.put("name", point.name());
        admin.postForm("/console/inspection/points", original);
    }

    @Test
    void aPointCodeIsAWeChatCodeForTheAccountThatResidentsScanInto随手拍() {
        Browser inspector = staff(StaffRole.INSPECTOR, null);
        Point point = point(3);
        HttpResponse<byte[]> png = inspector.getBytes("/console/inspection/points/" + point.code() + "/qr.png");
        assertThat(png.statusCode()).isEqualTo(200);
        String content = QrReader.read(png.body());
        assertThat(FakeWeChatServer.sceneOf(content)).isEqualTo("pt:" + point.code());
        // Made once: a second sheet prints the kept code without asking WeChat again.
        inspector.getBytes("/console/inspection/points/" + point.code() + "/qr.png");
        assertThat(FAKE_WECHAT.qrCodes()).hasSize(1);
        assertThat(FAKE_WECHAT.problems()).isEmpty();
        assertThat(inspector.get("/console/inspection/qr-sheet").body()).contains(point.name(), point.code());

        // The resident scans it in WeChat: a short link to the point's page, which opens 随手拍 with its place.
        String reply = wechat().sendDev(WeChatClient.event("o_scan_" + UUID.randomUUID(), "SCAN",
                "pt:" + point.code()), Mode.SAFE).content();
        assertThat(reply).contains(point.name(), "/h5/point/" + point.code() + "?account=", "测评督查员");
        String newFollower = wechat().sendDev(WeChatClient.event("o_scan_" + UUID.randomUUID(), "subscribe",
                "qrscene_pt:" + point.code()), Mode.SAFE).content();
        assertThat(newFollower).contains(point.name(), "随手拍");
        assertThat(wechat().sendDev(WeChatClient.event("o_scan_" + UUID.randomUUID(), "SCAN", "pt:NO-SUCH"),
                Mode.SAFE).content()).contains("已停用");

        // The plain link (for accounts without permanent codes): a resident lands on the filled form,
        // a signed-in inspector on the checklist.
        Browser resident = new Browser(port);
        resident.devSignIn("o_landing_" + UUID.randomUUID());
        HttpResponse<String> landing = resident.get("/h5/point/" + point.code());
        assertThat(landing.statusCode()).isEqualTo(302);
        java.net.URI location = java.net.URI.create(landing.headers().firstValue("Location").orElseThrow());
        String form = location.getRawPath() + "?" + location.getRawQuery();
        assertThat(form).startsWith("/h5/report?latitude=");
        assertThat(resident.get(form).body()).contains(String.format(java.util.Locale.ROOT, "%.6f", point.latitude()),
                point.name());
        assertThat(inspector.get("/h5/point/" + point.code()).headers().firstValue("Location").orElseThrow())
                .endsWith("/console/inspection/points/" + point.code() + "/open");
        assertThat(resident.get("/h5/point/NO-SUCH").statusCode()).isEqualTo(404);
    }
}
