package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.CityTime;
import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 数据看板 and the exports against reports seeded with known workflow columns: the numbers, a
 * HANDLER's restriction to their unit, XLSX and CSV read back by independent readers, the bulletins,
 * the audit trail, and escaping.
 */
class ReportFiguresIntegrationTest extends IntegrationTest {

    private static final String XSS = "<script>alert('xss')</script>";

    private ReportSeeds seeds;
    private String district;
    private String unitA;
    private String unitB;
    private final List<ReportSeeds.Seeded> a = new ArrayList<>();
    private final List<ReportSeeds.Seeded> b = new ArrayList<>();
    private String secretOpenid;

    @BeforeEach
    void seed() {
        seeds = new ReportSeeds(jdbc);
        district = ReportSeeds.unique("测试区");
        unitA = ReportSeeds.unique("甲执法中队");
        unitB = ReportSeeds.unique("乙市政所");
        secretOpenid = "o_secret_" + ReportSeeds.unique("x");
        OffsetDateTime now = OffsetDateTime.now();

        // Unit A: three handled (2 on time, 1 late; rated 满意, 不满意, 基本满意), one overdue, one new.
        OffsetDateTime c1 = now.minusDays(5);
        a.add(seeds.report(unitA).area(district, "甲街道", "甲社区").state(ReportState.RESOLVED).created(c1)
                .reporter(secretOpenid, "138****1234", true).description("路口违停，车牌 湘A12345")
                .signed(c1.plusHours(2), c1.plusHours(26)).resolved(c1.plusHours(12), false)
                .rated("SATISFIED", c1.plusHours(13)).insert());
        OffsetDateTime c2 = now.minusDays(6);
        a.add(seeds.report(unitA).area(district, "甲街道", "甲社区").state(ReportState.RESOLVED).created(c2)
                .description("=HYPERLINK(\"http://evil\",\"点我\")")
                .signed(c2.plusHours(10), c2.plusHours(20)).resolved(c2.plusHours(40), true)
                .rated("UNSATISFIED", c2.plusHours(41)).insert());
        OffsetDateTime c3 = now.minusDays(4);
        a.add(seeds.report(unitA).area(district, "甲街道", "乙社区").state(ReportState.REVIEWED).created(c3)
                .category("streetlight").signed(c3.plusHours(10), c3.plusHours(58)).resolved(c3.plusHours(30), false)
                .rated("BASIC", c3.plusHours(31)).insert());
        OffsetDateTime c4 = now.minusDays(3);
        a.add(seeds.report(unitA).area(district, "甲街道", "甲社区").state(ReportState.SIGNED).created(c4)
                .description(XSS).signed(c4.plusHours(1), now.minusHours(1)).insert());
        a.add(seeds.report(unitA).area(district, "甲街道", "甲社区").state(ReportState.SUBMITTED)
                .created(now.minusHours(1)).category("road-damage")
                .description("他说：\"门口,有个坑\"\n第二行：井盖缺失").insert());
        // Unit B: one handled on time (not rated), one in progress within its deadline.
        OffsetDateTime c6 = now.minusDays(2);
        b.add(seeds.report(unitB).area(district, "乙街道", null).state(ReportState.RESOLVED).created(c6)
                .category("streetlight").signed(c6.plusHours(5), c6.plusHours(29)).resolved(c6.plusHours(10), false)
                .insert());
        OffsetDateTime c7 = now.minusDays(1);
        b.add(seeds.report(unitB).area(district, "乙街道", null).state(ReportState.IN_PROGRESS).created(c7)
                .category("streetlight").signed(c7.plusHours(1), now.plusDays(1)).insert());
    }

    @Test
    void anAdminSeesTheFiguresOfEveryUnit() {
        Browser admin = admin();
        HttpResponse<String> page = admin.get("/console/dashboard?district=" + enc(district));
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(kpi(html, "kpi-total")).isEqualTo("7");
        assertThat(kpi(html, "kpi-open")).isEqualTo("3");
        assertThat(kpi(html, "kpi-resolved")).isEqualTo("4");
        assertThat(kpi(html, "kpi-overdue")).isEqualTo("1");
        // On time: 3 of 4 resolved; satisfied or basic: 2 of 3 ratings.
        assertThat(kpi(html, "kpi-ontime")).isEqualTo("75%");
        assertThat(kpi(html, "kpi-satisfaction")).isEqualTo("66.7%");
        // 签收→办结 (10 + 30 + 20 + 5) / 4 = 16 h 15 min; 上报→办结 (12 + 40 + 30 + 10) / 4 = 23 h.
        assertThat(kpi(html, "kpi-handling")).isEqualTo("16小时15分钟");
        assertThat(kpi(html, "kpi-total-time")).isEqualTo("23小时");

        assertThat(count(html, "by-state", "已办结")).isEqualTo(3);
        assertThat(count(html, "by-state", "已回访")).isEqualTo(1);
        assertThat(count(html, "by-state", "已签收")).isEqualTo(1);
        assertThat(count(html, "by-state", "不予受理")).isZero();
        assertThat(count(html, "by-category", "路灯不亮")).isEqualTo(3);
        assertThat(count(html, "by-category", "车辆乱停乱放")).isEqualTo(3);
        assertThat(count(html, "by-district", district)).isEqualTo(7);
        assertThat(count(html, "by-unit", unitA)).isEqualTo(5);
        assertThat(count(html, "by-unit", unitB)).isEqualTo(2);

        // Today's overdue list: the signed report past its deadline, linking to its console page.
        String overdue = section(html, "id=\"overdue\"", "</table>");
        assertThat(overdue).contains("/console/reports/" + a.get(3).ticket()).doesNotContain(b.get(1).ticket())
                .doesNotContain(a.get(4).ticket());

        // The 30-day trend: 7 received and 4 resolved in the window, the chart drawn by the WebJar's ECharts.
        assertThat(sum(attribute(html, "data-received"))).isEqualTo(7);
        assertThat(sum(attribute(html, "data-resolved"))).isEqualTo(4);
        assertThat(attribute(html, "data-labels").split(",")).hasSize(ReportDashboardController.TREND_DAYS);
        assertThat(html).contains("<script src=\"/webjars/echarts/dist/echarts.min.js\"></script>")
                .doesNotContain("cdn");
        HttpResponse<String> echarts = admin.get("/webjars/echarts/dist/echarts.min.js");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");

        // A resident's words are text, never markup.
        assertThat(html).doesNotContain(XSS).contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");
        assertThat(html).doesNotContain(secretOpenid);
    }

    @Test
    void aHandlerSeesOnlyTheirOwnUnitWhateverTheyAskFor() {
        Browser admin = admin();
        String username = ReportSeeds.unique("unitA").toLowerCase();
        ReportSeeds.createStaff(admin, username, "HANDLER", unitA);
        Browser handler = ReportSeeds.signIn(port, username);

        HttpResponse<String> page = handler.get("/console/dashboard?district=" + enc(district) + "&unit=" + enc(unitB));
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(kpi(html, "kpi-total")).isEqualTo("5");
        assertThat(kpi(html, "kpi-resolved")).isEqualTo("3");
        assertThat(kpi(html, "kpi-overdue")).isEqualTo("1");
        assertThat(kpi(html, "kpi-ontime")).isEqualTo("66.7%");
        assertThat(kpi(html, "kpi-satisfaction")).isEqualTo("66.7%");
        assertThat(kpi(html, "kpi-handling")).isEqualTo("20小时");
        assertThat(count(html, "by-unit", unitA)).isEqualTo(5);
        assertThat(html).doesNotContain(unitB).doesNotContain(b.get(0).ticket());
        assertThat(sum(attribute(html, "data-received"))).isEqualTo(5);

        // Exports too: only unit A, and no phone of a resident who stayed anonymous to the unit.
        List<List<String>> rows = xlsxRows(handler.getBytes("/console/exports/reports.xlsx?district=" + enc(district)
                + "&unit=" + enc(unitB)).body());
        assertThat(rows).hasSize(1 + 5);
        assertThat(column(rows, "责任单位").stream().distinct()).containsExactly(unitA);
        assertThat(cell(rows, a.get(0).ticket(), "联系电话")).isEqualTo("（匿名）");
        List<CSVRecord> csv = csv(handler.getBytes("/console/exports/reports.csv?district=" + enc(district)).body());
        assertThat(csv).hasSize(5);
        assertThat(csv).allSatisfy(r -> assertThat(r.get("责任单位")).isEqualTo(unitA));
        assertThat(handler.get("/console/exports/bulletin?period=week").body()).doesNotContain(unitB);
    }

    @Test
    void theXlsxExportOpensAndHonoursTheFilter() throws IOException {
        Browser admin = admin();
        HttpResponse<byte[]> response = admin.getBytes("/console/exports/reports.xlsx?district=" + enc(district)
                + "&state=RESOLVED");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
                .contains(".xlsx");
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            Sheet sheet = workbook.getSheet("随手拍");
            List<List<String>> rows = rows(sheet);
            assertThat(rows.get(0)).startsWith("编号", "类别", "状态", "区", "街道", "社区", "责任单位", "地址", "描述",
                    "联系电话", "上报时间");
            // Only the three RESOLVED ones of the district, newest first.
            assertThat(column(rows, "编号")).containsExactly(b.get(0).ticket(), a.get(0).ticket(), a.get(1).ticket());
            assertThat(column(rows, "状态")).containsOnly("已办结");
            assertThat(cell(rows, a.get(0).ticket(), "联系电话")).isEqualTo("138****1234");
            assertThat(cell(rows, a.get(0).ticket(), "评价")).isEqualTo("满意");
            assertThat(cell(rows, a.get(1).ticket(), "按期办结")).isEqualTo("否");
            // In a spreadsheet cell the formula stays text: the cell is a string, not a formula.
            Cell formulaLike = sheet.getRow(3).getCell(8);
            assertThat(formulaLike.getCellType()).isEqualTo(CellType.STRING);
            assertThat(formulaLike.getStringCellValue()).startsWith("=HYPERLINK");
            Cell created = sheet.getRow(1).getCell(10);
            assertThat(created.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(created)).isTrue();
            assertThat(workbook.getSheet("说明")).isNotNull();
            assertThat(rows(workbook.getSheet("说明")).toString()).contains("state=RESOLVED", "district=" + district);
            for (List<String> row : rows) {
                assertThat(String.join("|", row)).doesNotContain(secretOpenid).doesNotContain("hash-");
            }
        }
        assertThat(audited("导出随手拍列表", "reports.xlsx")).contains("state=RESOLVED").contains("3条");

        List<List<String>> unitOnly = xlsxRows(admin.getBytes("/console/exports/reports.xlsx?district=" + enc(district)
                + "&unit=" + enc(unitB)).body());
        assertThat(column(unitOnly, "编号")).containsExactlyInAnyOrder(b.get(0).ticket(), b.get(1).ticket());
        List<List<String>> overdueOnly = xlsxRows(admin.getBytes("/console/exports/reports.xlsx?district="
                + enc(district) + "&overdue=true").body());
        assertThat(column(overdueOnly, "编号")).containsExactly(a.get(3).ticket());
    }

    @Test
    void theCsvExportIsUtf8WithBomAndQuotedForExcel() throws IOException {
        Browser admin = admin();
        HttpResponse<byte[]> response = admin.getBytes("/console/exports/reports.csv?district=" + enc(district));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv")
                .containsIgnoringCase("charset=UTF-8");
        byte[] body = response.body();
        assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<CSVRecord> records = csv(body);
        assertThat(records).hasSize(7);
        assertThat(new String(body, 3, 90, StandardCharsets.UTF_8)).startsWith("编号,类别,状态,区,街道,社区,责任单位");
        CSVRecord quoted = records.stream().filter(r -> r.get("编号").equals(a.get(4).ticket())).findFirst()
                .orElseThrow();
        assertThat(quoted.get("描述")).isEqualTo("他说：\"门口,有个坑\"\n第二行：井盖缺失");
        assertThat(quoted.get("类别")).isEqualTo("路面破损/井盖缺失");
        assertThat(quoted.get("状态")).isEqualTo("待受理");
        CSVRecord formula = records.stream().filter(r -> r.get("编号").equals(a.get(1).ticket())).findFirst()
                .orElseThrow();
        assertThat(formula.get("描述")).isEqualTo("'=HYPERLINK(\"http://evil\",\"点我\")");
        CSVRecord first = records.stream().filter(r -> r.get("编号").equals(a.get(0).ticket())).findFirst().orElseThrow();
        assertThat(first.get("联系电话")).isEqualTo("138****1234");
        assertThat(first.get("上报时间")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(secretOpenid).contains("\r\n");
        assertThat(audited("导出随手拍列表", "reports.csv")).contains("district=" + district).contains("7条");
    }

    @Test
    void bulletinsCountEachUnitOverTheWeekOrMonth() throws IOException {
        // A week of its own (Mon 2020-03-02 … Sun 2020-03-08) that nothing else touches.
        String p = ReportSeeds.unique("周报甲单位");
        String q = ReportSeeds.unique("周报乙单位");
        OffsetDateTime mon = OffsetDateTime.parse("2020-03-02T09:00:00+08:00");
        seeds.report(p).state(ReportState.RESOLVED).created(mon).signed(mon.plusHours(1), mon.plusDays(1))
                .resolved(mon.plusHours(5), false).rated("SATISFIED", mon.plusHours(6)).insert();
        seeds.report(p).state(ReportState.RESOLVED).created(mon.plusDays(1)).signed(mon.plusDays(1), mon.plusDays(2))
                .resolved(mon.plusDays(3), true).rated("UNSATISFIED", mon.plusDays(3)).insert();
        // Still open: its deadline (Wednesday) passed within the week.
        seeds.report(p).state(ReportState.IN_PROGRESS).created(mon.plusDays(1))
                .signed(mon.plusDays(1), mon.plusDays(2)).overdueFlag().insert();
        // Resolved only the week after, its deadline passed in this week: overdue at the week's end.
        seeds.report(p).state(ReportState.RESOLVED).created(mon.plusDays(2)).signed(mon.plusDays(2), mon.plusDays(3))
                .resolved(mon.plusDays(8), true).insert();
        // Received the week before, resolved and rated in this one.
        seeds.report(q).state(ReportState.REVIEWED).created(mon.minusDays(6)).signed(mon.minusDays(6), mon.plusDays(1))
                .resolved(mon.plusHours(2), false).rated("BASIC", mon.plusHours(3)).insert();

        Browser admin = admin();
        HttpResponse<byte[]> response = admin.getBytes("/console/exports/bulletin.xlsx?period=week&date=2020-03-04");
        assertThat(response.statusCode()).isEqualTo(200);
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            Sheet sheet = workbook.getSheetAt(0);
            List<List<String>> rows = rows(sheet);
            assertThat(rows.get(0).get(0)).isEqualTo("随手拍整改周报");
            assertThat(rows.get(1).get(0)).contains("2020年第10周（3月2日—3月8日）");
            assertThat(rows.get(2)).containsExactly(Bulletin.HEADERS);
            Row unitP = find(sheet, p);
            // received 4, resolved 2, on time 1 (50%), late 1, overdue at the week's end 2, satisfaction 1 of 2.
            assertThat(numbers(unitP, 2, 8)).containsExactly(4.0, 2.0, 1.0, 0.5, 1.0, 2.0, 0.5);
            Row unitQ = find(sheet, q);
            assertThat(numbers(unitQ, 2, 8)).containsExactly(0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0);
            Row total = find(sheet, "合计");
            assertThat(numbers(total, 2, 4)).containsExactly(4.0, 3.0, 2.0);
        }
        assertThat(audited("导出整改周报", "bulletin.xlsx")).contains("2020-03-02至2020-03-08");

        HttpResponse<String> page = admin.get("/console/exports/bulletin?period=week&date=2020-03-04");
        assertThat(page.statusCode()).isEqualTo(200);
        String unitRow = section(page.body(), p, "</tr>");
        assertThat(cells(unitRow)).containsExactly("4", "2", "1", "50%", "1", "2", "50%", "1天2小时");
        assertThat(page.body()).contains("随手拍整改周报", "/console/assets/figures.css", "合计");
        assertThat(admin.get("/console/assets/figures.css").body()).contains("@media print");
        assertThat(audited("导出整改周报", "bulletin")).contains("2020-03-02至2020-03-08");

        HttpResponse<String> month = admin.get("/console/exports/bulletin?period=month&date=2020-03-20");
        assertThat(month.body()).contains("随手拍月通报", "2020年3月", p, q);
        // Without a date: the last complete period.
        YearMonth lastMonth = YearMonth.now(CityTime.ZONE).minusMonths(1);
        assertThat(admin.get("/console/exports/bulletin?period=month").body())
                .contains(lastMonth.getYear() + "年" + lastMonth.getMonthValue() + "月");
        LocalDate lastMonday = LocalDate.now(CityTime.ZONE).with(DayOfWeek.MONDAY).minusWeeks(1);
        assertThat(admin.get("/console/exports/bulletin?period=week").body())
                .contains(lastMonday.getMonthValue() + "月" + lastMonday.getDayOfMonth() + "日—");
        // Q's report came in on 2020-02-25: counted in February's bulletin as received.
        String february = admin.get("/console/exports/bulletin?period=month&date=2020-02-10").body();
        assertThat(cells(section(february, q, "</tr>")).get(0)).isEqualTo("1");
        assertThat(february).doesNotContain(p);

        // A unit's own bulletin holds only that unit.
        String username = ReportSeeds.unique("weekly").toLowerCase();
        ReportSeeds.createStaff(admin, username, "HANDLER", p);
        Browser handler = ReportSeeds.signIn(port, username);
        String own = handler.get("/console/exports/bulletin?period=week&date=2020-03-04").body();
        assertThat(own).contains(p).doesNotContain(q);
        List<List<String>> ownRows = xlsxRows(handler.getBytes("/console/exports/bulletin.xlsx?period=week&date=2020-03-04")
                .body());
        assertThat(ownRows.toString()).contains(p).doesNotContain(q);
    }

    @Test
    void exportsAndTheDashboardAreForReportStaffOnly() {
        Browser stranger = new Browser(port);
        assertThat(stranger.get("/console/exports/reports.csv").statusCode()).isEqualTo(302);
        assertThat(stranger.get("/console/exports/bulletin.xlsx").statusCode()).isEqualTo(302);
        Browser admin = admin();
        String username = ReportSeeds.unique("editor").toLowerCase();
        ReportSeeds.createStaff(admin, username, "EDITOR", null);
        Browser editor = ReportSeeds.signIn(port, username);
        assertThat(editor.get("/console/dashboard").statusCode()).isEqualTo(403);
        assertThat(editor.getBytes("/console/exports/reports.xlsx").statusCode()).isEqualTo(403);
        assertThat(editor.get("/console/exports/bulletin").statusCode()).isEqualTo(403);
    }

    // ---- helpers ----

    private Browser admin() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        return admin;
    }

    private String audited(String action, String objectId) {
        return jdbc.sql("SELECT after_value FROM console_audit WHERE action = :action AND object_id = :id"
                + " ORDER BY id DESC LIMIT 1").param("action", action).param("id", objectId).query(String.class)
                .optional().orElse("(not audited)");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The big number of a KPI card. */
    private static String kpi(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">.*?class=\"n[^\"]*\">([^<]*)<", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("card " + id).isTrue();
        return m.group(1).strip();
    }

    /** The count on the row labelled {@code label} of a breakdown table; 0 when the row is missing. */
    private static long count(String html, String tableId, String label) {
        String table = section(html, "id=\"" + tableId + "\"", "</table>");
        Matcher m = Pattern.compile("<th>" + Pattern.quote(label) + "</th>.*?<td class=\"num\">(\\d+)</td>",
                Pattern.DOTALL).matcher(table);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String section(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as("page has " + start).isGreaterThanOrEqualTo(0);
        int to = html.indexOf(end, from);
        return html.substring(from, to < 0 ? html.length() : to);
    }

    private static String attribute(String html, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static long sum(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).mapToLong(Long::parseLong).sum();
    }

    /** The text of the cells after the unit's name in a bulletin row. */
    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<td[^>]*>([^<]*)</td>").matcher(row);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    private static List<List<String>> xlsxRows(byte[] xlsx) {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            return rows(workbook.getSheetAt(0));
        } catch (IOException e) {
            throw new IllegalStateException("not a readable XLSX", e);
        }
    }

    private static List<List<String>> rows(Sheet sheet) {
        DataFormatter format = new DataFormatter();
        List<List<String>> out = new ArrayList<>();
        for (Row row : sheet) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < row.getLastCellNum(); c++) {
                Cell cell = row.getCell(c);
                cells.add(cell == null ? "" : format.formatCellValue(cell));
            }
            out.add(cells);
        }
        return out;
    }

    private static List<String> column(List<List<String>> rows, String header) {
        int c = rows.get(0).indexOf(header);
        assertThat(c).as("column " + header).isGreaterThanOrEqualTo(0);
        return rows.subList(1, rows.size()).stream().map(r -> c < r.size() ? r.get(c) : "").toList();
    }

    private static String cell(List<List<String>> rows, String ticket, String header) {
        int c = rows.get(0).indexOf(header);
        return rows.stream().filter(r -> r.get(0).equals(ticket)).findFirst().map(r -> c < r.size() ? r.get(c) : "")
                .orElseThrow(() -> new AssertionError("no row " + ticket));
    }

    private static Row find(Sheet sheet, String unit) {
        for (Row row : sheet) {
            Cell name = row.getCell(1);
            if (name != null && name.getCellType() == CellType.STRING && name.getStringCellValue().equals(unit)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + unit);
    }

    private static List<Double> numbers(Row row, int from, int to) {
        List<Double> out = new ArrayList<>();
        for (int c = from; c <= to; c++) {
            out.add(row.getCell(c).getNumericCellValue());
        }
        return out;
    }

    private static List<CSVRecord> csv(byte[] body) {
        assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(body, 3, body.length - 3),
                StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
