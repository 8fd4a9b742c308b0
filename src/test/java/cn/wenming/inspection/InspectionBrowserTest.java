package cn.wenming.inspection;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.console.StaffRole;
import cn.wenming.support.ChromiumTest;
import cn.wenming.support.TestPhotos;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.FilePayload;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * 测评 in real Chromium at phone size: an inspector walks a round of three points and marks two items
 * 不合格; the two reports reach the dispatcher routed to the points' units; a unit rectifies one; the
 * scores, the dashboard and the three ledgers (read back with POI) follow. And a point's marks kept on
 * the phone through a lost answer and a reload reach the server once. Screenshots: target/screenshots/inspection-*.
 */
class InspectionBrowserTest extends ChromiumTest {

    private static final Path SHOTS = Path.of("target/screenshots");

    @Autowired
    private PointLibrary library;
    @Autowired
    private Checklists checklists;



    private BrowserContext phone() {
        return chromium.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setLocale("zh-CN"));
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("inspection-" + name + ".png"))
                .setFullPage(true));
    }

    /** Three active points with three different units and types. */
    private List<Point> threePoints() {
        List<Point> chosen = new ArrayList<>();
        for (Point point : library.active()) {
            if (chosen.stream().noneMatch(p -> p.unit().equals(point.unit()) || p.typeCode().equals(point.typeCode()))) {
                chosen.add(point);
            }
        }
        return chosen.subList(0, 3);
    }

    private long startRound(Page page, List<Point> points, String title) {
        page.navigate(url("/console/inspection"));
        page.locator("#start-round select[name=kind]").selectOption("MOCK");
        page.locator("#start-round input[name=title]").fill(title);
        points.forEach(p -> page.locator("#start-round input[value='" + p.code() + "']").check());
        page.locator("#start-round button[type=submit]").click();
        page.waitForURL("**/console/inspection/rounds/*");
        return Long.parseLong(page.url().substring(page.url().lastIndexOf('/') + 1));
    }

    /** Marks every item 合格 (counts 0), except {@code failing}: 不合格 with a photo. */
    private void mark(Page page, Point point, String failing) {
        for (ChecklistItem item : checklists.find(point.typeCode()).orElseThrow().items()) {
            Locator set = page.locator("fieldset[data-item='" + item.code() + "']");
            boolean fail = item.code().equals(failing);
            if (item.judge() == ChecklistItem.Judge.COUNT) {
                set.locator("input[type=number]").fill(fail ? String.valueOf(item.allowed() + 1) : "0");
            } else {
                set.locator("input[value=" + (fail ? "FAIL" : "PASS") + "]").check();
            }
            if (fail) {
                set.locator("input[name='note." + item.code() + "']").fill("入口处");
                set.locator("input[type=file]").setInputFiles(new FilePayload("before.jpg", "image/jpeg",
                        TestPhotos.jpeg(800, 600, Color.RED)));
            }
        }
    }

    private static String failingItem(PointType type) {
        return type.items().stream().filter(i -> i.judge() == ChecklistItem.Judge.PASS_FAIL).findFirst().orElseThrow()
                .code();
    }

    /** 100 × (Σ weights − the failed item's weight) ÷ Σ weights, rounded half up to one decimal. */
    private static String expectedScore(PointType type, String failing) {
        int all = type.items().stream().mapToInt(ChecklistItem::weight).sum();
        int lost = type.items().stream().filter(i -> i.code().equals(failing)).mapToInt(ChecklistItem::weight).sum();
        return new java.math.BigDecimal(100L * (all - lost)).divide(java.math.BigDecimal.valueOf(all), 1,
                java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static List<Map<String, String>> sheet(APIResponse response) {
        assertThat(response.status()).isEqualTo(200);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            Sheet sheet = workbook.getSheetAt(0);
            DataFormatter format = new DataFormatter();
            List<String> headers = new ArrayList<>();
            sheet.getRow(0).forEach(c -> headers.add(format.formatCellValue(c)));
            List<Map<String, String>> rows = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                Map<String, String> values = new LinkedHashMap<>();
                for (int c = 0; c < headers.size(); c++) {
                    values.put(headers.get(c), row.getCell(c) == null ? "" : format.formatCellValue(row.getCell(c)));
                }
                rows.add(values);
            }
            return rows;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> rowWith(List<Map<String, String>> rows, String column, String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + " = " + value + " in " + rows));
    }

    @Test
    void anInspectorWalksARoundAndTheProblemsGoToTheUnitsAndIntoTheLedgers() {
        List<Point> points = threePoints();
        PointType firstType = checklists.find(points.get(0).typeCode()).orElseThrow();
        PointType secondType = checklists.find(points.get(1).typeCode()).orElseThrow();
        String firstFailing = failingItem(firstType);
        String secondFailing = failingItem(secondType);
        staffAccount("inspector1", "测试" + StaffRole.INSPECTOR.label(), StaffRole.INSPECTOR, null);
        staffAccount("dispatcher7", "测试" + StaffRole.DISPATCHER.label(), StaffRole.DISPATCHER, null);
        staffAccount("unit7", "测试" + StaffRole.HANDLER.label(), StaffRole.HANDLER, points.get(0).unit());
        String title = "浏览器模拟测评" + System.nanoTime();

        long round;
        try (BrowserContext context = phone()) {
            Page page = signIn(context, "inspector1");
            round = startRound(page, points, title);
            assertThat(page.locator("#visits li")).hasCount(3);
            shot(page, "1-round");
            for (int i = 0; i < 3; i++) {
                Point point = points.get(i);
                page.navigate(url("/console/inspection/rounds/" + round));
                page.locator("li[data-code='" + point.code() + "'] a").click();
                assertThat(page.locator("h1")).hasText(point.name());
                mark(page, point, i == 0 ? firstFailing : i == 1 ? secondFailing : null);
                if (i == 0) {
                    shot(page, "2-checklist");
                }
                page.locator("#send").click();
                assertThat(page.locator("#walk-status")).containsText("已提交");
                assertThat(page.locator("#walk-status")).containsText(i == 2 ? "全部合格" : "不合格项已派单");
            }
            shot(page, "3-submitted");
            page.navigate(url("/console/inspection/rounds/" + round));
            assertThat(page.locator("li[data-code='" + points.get(0).code() + "'] .status"))
                    .containsText(expectedScore(firstType, firstFailing) + "分");
        }

        List<String> tickets = jdbc.sql("SELECT report_ticket FROM inspection_mark WHERE round_id = ?"
                + " AND report_ticket IS NOT NULL ORDER BY point_code").param(round).query(String.class).list();
        assertThat(tickets).hasSize(2);
        String firstTicket = jdbc.sql("SELECT report_ticket FROM inspection_mark WHERE round_id = ? AND point_code = ?"
                + " AND report_ticket IS NOT NULL").params(round, points.get(0).code()).query(String.class).single();
        String secondTicket = tickets.stream().filter(t -> !t.equals(firstTicket)).findFirst().orElseThrow();

        try (BrowserContext context = chromium.newContext()) {
            Page page = signIn(context, "dispatcher7");
            page.navigate(url("/console/reports?state=DISPATCHED"));
            assertThat(page.locator("tr:has(a[href='/console/reports/" + firstTicket + "'])"))
                    .containsText(points.get(0).unit());
            assertThat(page.locator("tr:has(a[href='/console/reports/" + secondTicket + "'])"))
                    .containsText(points.get(1).unit());
            shot(page, "4-dispatcher-list");
            List<Map<String, String>> before = sheet(context.request().get(
                    url("/console/inspection/ledgers/rectifications.xlsx")));
            assertThat(rowWith(before, "工单号", firstTicket)).containsEntry("整改状态", "整改中")
                    .containsEntry("整改前照片", "1").containsEntry("整改后照片", "0");
        }

        try (BrowserContext context = chromium.newContext()) {
            Page page = signIn(context, "unit7");
            page.navigate(url("/console/reports/" + firstTicket));
            assertThat(page.locator("body")).containsText("测评发现");
            page.locator("form[data-action=SIGN] button").click();
            assertThat(page.locator("h1")).containsText("已签收");
            page.locator("form[data-action=RESOLVE] textarea").fill("已清理并加派保洁");
            page.locator("form[data-action=RESOLVE] input[type=file]").setInputFiles(new FilePayload("after.jpg",
                    "image/jpeg", TestPhotos.jpeg(800, 600, Color.GREEN)));
            page.locator("form[data-action=RESOLVE] button").click();
            assertThat(page.locator("h1")).containsText("已办结");
        }

        try (BrowserContext context = chromium.newContext()) {
            Page page = signIn(context, "dispatcher7");
            page.navigate(url("/console/inspection?round=" + round));
            assertThat(page.locator("#round-done")).hasText("3/3");
            assertThat(page.locator("#round-problems")).hasText("2");
            assertThat(page.locator("#round-open")).hasText("1");
            assertThat(page.locator("#by-point tr[data-code='" + points.get(0).code() + "'] .score"))
                    .hasText(expectedScore(firstType, firstFailing));
            assertThat(page.locator("#by-point tr[data-code='" + points.get(0).code() + "'] .open")).hasText("0");
            assertThat(page.locator("#by-point tr[data-code='" + points.get(1).code() + "'] .open")).hasText("1");
            assertThat(page.locator("circle[data-code='" + points.get(1).code() + "']"))
                    .hasAttribute("data-colour", java.util.regex.Pattern.compile("RED|AMBER"));
            shot(page, "5-dashboard");

            List<Map<String, String>> pointLedger = sheet(context.request().get(url("/console/inspection/ledgers/points.xlsx")));
            assertThat(rowWith(pointLedger, "点位编号", points.get(0).code()))
                    .containsEntry("包保单位", points.get(0).unit()).containsEntry("最近测评轮次", title)
                    .containsEntry("最近得分", expectedScore(firstType, firstFailing)).containsEntry("待整改", "0");
            assertThat(rowWith(pointLedger, "点位编号", points.get(1).code())).containsEntry("待整改", "1");
            assertThat(rowWith(pointLedger, "点位编号", points.get(2).code())).containsEntry("最近得分", "100")
                    .containsEntry("累计问题", "0");

            List<Map<String, String>> problems = sheet(context.request().get(url("/console/inspection/ledgers/problems.xlsx")));
            assertThat(rowWith(problems, "工单号", firstTicket)).containsEntry("条目编号", firstFailing)
                    .containsEntry("责任单位", points.get(0).unit()).containsEntry("工单状态", "已办结")
                    .containsEntry("情况说明", "入口处");
            assertThat(rowWith(problems, "工单号", secondTicket)).containsEntry("责任单位", points.get(1).unit())
                    .containsEntry("工单状态", "已派单");

            List<Map<String, String>> rectifications = sheet(context.request().get(
                    url("/console/inspection/ledgers/rectifications.xlsx")));
            assertThat(rowWith(rectifications, "工单号", firstTicket)).containsEntry("整改状态", "已整改")
                    .containsEntry("是否按期", "是").containsEntry("整改后照片", "1");
            assertThat(rowWith(rectifications, "工单号", secondTicket)).containsEntry("整改状态", "整改中");

            page.navigate(url("/console/inspection/rounds/" + round + "/report"));
            assertThat(page.locator("#problems .rectification")).hasText(new String[] {"已整改", "整改中"});
            assertThat(page.locator("#problems img[alt=整改后]")).hasCount(1);
            shot(page, "6-report");
        }
    }

    @Test
    void marksKeptOnThePhoneThroughALostAnswerAndAReloadAreStoredOnce() {
        Point point = library.active().get(library.active().size() - 1);
        PointType type = checklists.find(point.typeCode()).orElseThrow();
        String failing = failingItem(type);
        staffAccount("inspector2", "测试" + StaffRole.INSPECTOR.label(), StaffRole.INSPECTOR, null);
        try (BrowserContext context = phone()) {
            Page page = signIn(context, "inspector2");
            long round = startRound(page, List.of(point), "离线草稿" + System.nanoTime());
            page.navigate(url("/console/inspection/rounds/" + round + "/points/" + point.code()));
            mark(page, point, failing);

            // No network: the marks and the photo stay on the phone, and survive a reload.
            AtomicInteger posts = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean answerLost = new java.util.concurrent.atomic.AtomicBoolean();
            String pattern = "**/console/inspection/rounds/" + round + "/points/" + point.code();
            context.route(pattern, (Route route) -> {
                if (!"POST".equals(route.request().method())) {
                    route.resume();
                    return;
                }
                posts.incrementAndGet();
                if (answerLost.get()) {
                    route.fetch(); // the server gets it, the phone never hears back
                }
                route.abort();
            });
            page.locator("#send").click();
            // Saved before it is sent; the page says the network failed only after the attempt.
            assertThat(page.locator("#walk-status")).containsText("网络不通，已保存在本机");
            assertThat(posts.get()).isEqualTo(1);

            page.reload();
            assertThat(page.locator("#walk-status")).containsText("已恢复本机保存的草稿（含1张照片）");
            assertThat(page.locator("fieldset[data-item='" + failing + "'] input[value=FAIL]")).isChecked();
            shot(page, "7-draft-restored");

            // The network comes back, but the answer is lost on the way: the server has it, the phone does not know.
            answerLost.set(true);
            context.setOffline(true);
            context.setOffline(false);
            page.waitForCondition(() -> jdbc.sql("SELECT visited_at IS NOT NULL FROM inspection_visit WHERE round_id = ?")
                    .param(round).query(Boolean.class).single());
            page.navigate(url("/console/inspection/rounds/" + round));
            assertThat(page.locator("li[data-code='" + point.code() + "'] .status")).containsText("已提交");

            // With a working network the draft is sent once more; the server knows it and adds nothing.
            context.unroute(pattern);
            page.reload();
            String draftsLeft = "new Promise(r => { const q = indexedDB.open('wenming-inspection', 1);"
                    + " q.onsuccess = () => { const c = q.result.transaction('drafts').objectStore('drafts').count();"
                    + " c.onsuccess = () => { q.result.close(); r(c.result); }; }; })";
            page.waitForCondition(() -> Integer.valueOf(0).equals(page.evaluate(draftsLeft)));
            assertThat(posts.get()).isGreaterThanOrEqualTo(2);
            page.reload();
            assertThat(page.locator("#drafts-waiting")).isHidden();

            assertThat(jdbc.sql("SELECT count(*) FROM inspection_mark WHERE round_id = ? AND report_ticket IS NOT NULL")
                    .param(round).query(Integer.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM report WHERE channel = 'inspection' AND description LIKE ?")
                    .param("%" + type.items().stream().filter(i -> i.code().equals(failing)).findFirst().orElseThrow()
                            .text() + "%入口处%").query(Integer.class).single()).isEqualTo(1);
        }
    }
}
