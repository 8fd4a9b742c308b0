package cn.wenming.survey;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * 问卷统计 against responses made through {@link SurveyService}: the rates by community with their
 * intervals, the exports read back (POI, a CSV parser) matching the counts, no openid in them, escaping,
 * and who may open it.
 */
@TestPropertySource(properties = "wenming.survey.dir=src/test/resources/surveys")
class SurveyConsoleIntegrationTest extends IntegrationTest {

    private static final String SURVEY = "console-test";
    private static final String XSS = "<script>alert('xss')</script>";
    private static final String FORMULA = "=HYPERLINK(\"http://evil\",\"点我\")";
    private static final List<String> OPENIDS = new ArrayList<>();

    @Autowired
    private SurveyService surveys;

    @BeforeEach
    void seedOnce() {
        synchronized (OPENIDS) {
            if (!OPENIDS.isEmpty()) {
                return;
            }
            // {community, S1, K1, T1}; null community = not bound.
            String[][] complete = {
                {"MH-SY-SX", "1", "1,2", ""},
                {"MH-SY-SX", "2", "3", XSS},
                {"MH-SY-SX", "9", "1", ""},
                {"MH-HB-LA", "1", "2", ""},
                {"MH-HB-LA", "1", "1", FORMULA},
                {null, "2", "3", "路灯不亮"},
            };
            for (String[] answer : complete) {
                String openid = respondent(answer[0]);
                surveys.answer(SURVEY, who(openid), "S1", answer[1]);
                surveys.answer(SURVEY, who(openid), "K1", answer[2]);
                assertThat(surveys.answer(SURVEY, who(openid), "T1", answer[3]).complete()).isTrue();
            }
            String partial = respondent("MH-HB-LA");
            surveys.answer(SURVEY, who(partial), "S1", "2");
        }
    }

    private String respondent(String community) {
        String openid = "o_console_secret_" + System.nanoTime();
        if (community != null) {
            jdbc.sql("INSERT INTO quiz_resident (openid, openid_hash, app_id, community_code) VALUES (?, ?, ?, ?)")
                    .params(openid, "h" + openid.hashCode() + System.nanoTime(), TestAccounts.DEV_APPID, community)
                    .update();
        }
        surveys.begin(SURVEY, who(openid));
        OPENIDS.add(openid);
        return openid;
    }

    private static SurveyService.Respondent who(String openid) {
        return new SurveyService.Respondent(TestAccounts.DEV_APPID, openid, "h5");
    }

    @Test
    void theSurveyPageShowsTheRatesWithIntervalsByCommunity() {
        Browser admin = admin();
        HttpResponse<String> page = admin.get("/console/surveys/" + SURVEY);
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        String community = section(html, "id=\"rates-community\"", "</table>");
        // 书香社区: 满意率 1 of 2 valid (不清楚 left out), 知晓率 2 of 3; 柳岸社区: 2 of 2 for both.
        assertThat(community).contains("书香社区").contains("柳岸社区").contains("未绑定")
                .contains("50.0%").contains(interval(1, 2)).contains("n=2")
                .contains("66.7%").contains(interval(2, 3)).contains("n=3")
                .contains("100.0%").contains(interval(2, 2))
                .contains("样本不足");
        // Every community is below the minimum sample: none is ranked.
        assertThat(section(html, "id=\"ranking-satisfaction\"", "</section>")).contains("暂不排名")
                .doesNotContain("<table");
        assertThat(section(html, "id=\"count-complete\"", "</div></div>")).endsWith("class=\"n\">6");
        assertThat(section(html, "id=\"count-partial\"", "</div></div>")).endsWith("class=\"n\">1");
        assertThat(html).contains("id=\"rates-overall\"").contains("id=\"rates-district\"").contains("id=\"rates-week\"")
                .contains("辅助指标").contains("id=\"crosstab\"")
                .contains("<script src=\"/webjars/echarts/dist/echarts.min.js\"></script>").doesNotContain("cdn");
        // A resident's words are text, never markup.
        assertThat(html).doesNotContain(XSS).contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");
        OPENIDS.forEach(o -> assertThat(html).doesNotContain(o));

        HttpResponse<String> cross = admin.get("/console/surveys/" + SURVEY + "?q=S1&by=community");
        assertThat(section(section(cross.body(), "id=\"crosstab\"", "</table>"), "data-code=\"MH-SY-SX\"", "</tr>"))
                .contains("书香社区").contains(">3<");

        HttpResponse<String> report = admin.get("/console/surveys/" + SURVEY + "/report");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("id=\"rates-community\"").contains(interval(1, 2)).contains("辅助指标")
                .doesNotContain(XSS);

        HttpResponse<String> list = admin.get("/console/surveys");
        assertThat(section(list.body(), "data-survey=\"" + SURVEY + "\"", "</tr>")).contains(">6<").contains(">1<");
    }

    @Test
    void theRawXlsxMatchesTheCountsWithCodesAndLabelsAndNoOpenid() throws IOException {
        HttpResponse<byte[]> response = admin().getBytes("/console/surveys/" + SURVEY + "/responses.xlsx");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(SurveySheets.XLSX);
        List<Map<String, String>> rows = new ArrayList<>();
        StringBuilder everything = new StringBuilder();
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            DataFormatter format = new DataFormatter();
            Sheet sheet = workbook.getSheet("答卷");
            Row head = sheet.getRow(0);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int c = 0; c < head.getLastCellNum(); c++) {
                    String value = sheet.getRow(r).getCell(c) == null ? "" : format.formatCellValue(sheet.getRow(r).getCell(c));
                    row.put(head.getCell(c).getStringCellValue(), value);
                }
                rows.add(row);
            }
            workbook.forEach(s -> s.forEach(row -> row.forEach(cell -> everything.append(format.formatCellValue(cell)).append('\n'))));
        }
        assertThat(rows).hasSize(7);
        assertThat(rows.stream().filter(r -> r.get("状态").equals("已完成"))).hasSize(6);
        assertThat(rows.stream().filter(r -> r.get("状态").equals("未完成"))).hasSize(1);
        assertThat(rows.stream().filter(r -> r.get("社区代码").equals("MH-SY-SX"))).hasSize(3)
                .allSatisfy(r -> assertThat(r.get("社区")).isEqualTo("书香社区"));
        Map<String, String> first = rows.get(0);
        assertThat(first.get("S1 代码")).isEqualTo("1");
        assertThat(first.get("S1 您对城市环境满意吗？")).isEqualTo("满意");
        assertThat(first.get("K1 代码")).isEqualTo("1,2");
        assertThat(first.get("K1 您知道哪些创建活动？")).isEqualTo("随手拍、答题");
        assertThat(rows.get(2).get("S1 您对城市环境满意吗？")).isEqualTo("不清楚");
        assertThat(rows.get(1).get("T1 代码")).isEqualTo(XSS);
        assertThat(rows.get(6).get("K1 代码")).isEmpty();
        OPENIDS.forEach(o -> assertThat(everything.toString()).doesNotContain(o));
        assertThat(everything.toString()).contains("共7份：已完成6份，未完成1份");
        assertThat(audited("导出问卷答卷", "responses.xlsx")).contains(SURVEY).contains("7份");

        // The rate tables: 满意率 of 书香社区, 1 favourable of 2 valid, flagged as a small sample.
        byte[] rates = admin().getBytes("/console/surveys/" + SURVEY + "/rates.xlsx").body();
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(rates))) {
            Sheet sheet = workbook.getSheet("按社区");
            Row sx = null;
            for (Row row : sheet) {
                if (row.getCell(0).getStringCellValue().equals("满意率") && row.getCell(1).getStringCellValue().equals("MH-SY-SX")) {
                    sx = row;
                }
            }
            assertThat(sx).isNotNull();
            assertThat(sx.getCell(2).getStringCellValue()).isEqualTo("书香社区");
            assertThat(sx.getCell(3).getNumericCellValue()).isEqualTo(1);
            assertThat(sx.getCell(4).getNumericCellValue()).isEqualTo(2);
            assertThat(sx.getCell(5).getNumericCellValue()).isEqualTo(0.5);
            assertThat(sx.getCell(6).getNumericCellValue()).isEqualTo(SurveyRates.wilson(1, 2)[0]);
            assertThat(sx.getCell(8).getStringCellValue()).isEqualTo("是");
            // Overall: 知晓率 over all 6 completed responses, 满意率 over the 5 that did not answer 不清楚.
            Row awareness = workbook.getSheet("总体").getRow(1);
            Row satisfaction = workbook.getSheet("总体").getRow(2);
            assertThat(awareness.getCell(0).getStringCellValue()).isEqualTo("知晓率");
            assertThat(awareness.getCell(3).getNumericCellValue()).isEqualTo(4);
            assertThat(awareness.getCell(4).getNumericCellValue()).isEqualTo(6);
            assertThat(satisfaction.getCell(0).getStringCellValue()).isEqualTo("满意率");
            assertThat(satisfaction.getCell(3).getNumericCellValue()).isEqualTo(3);
            assertThat(satisfaction.getCell(4).getNumericCellValue()).isEqualTo(5);
        }
        assertThat(audited("导出问卷比率", "survey-rates.xlsx")).contains(SURVEY);
    }

    @Test
    void theRawCsvParsesWithCodesAndLabelsDefusedFormulasAndNoOpenid() {
        HttpResponse<byte[]> response = admin().getBytes("/console/surveys/" + SURVEY + "/responses.csv");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        byte[] body = response.body();
        assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<CSVRecord> records;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(body, 3, body.length - 3),
                StandardCharsets.UTF_8)) {
            records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(records).hasSize(7);
        assertThat(records.stream().filter(r -> r.get("状态").equals("已完成"))).hasSize(6);
        assertThat(records.get(0).get("K1 代码")).isEqualTo("1,2");
        assertThat(records.get(0).get("K1 您知道哪些创建活动？")).isEqualTo("随手拍、答题");
        assertThat(records.get(4).get("T1 代码")).isEqualTo("'" + FORMULA);
        String text = new String(body, StandardCharsets.UTF_8);
        OPENIDS.forEach(o -> assertThat(text).doesNotContain(o));
        assertThat(text).doesNotContain("openid").doesNotContain("respondent");
        assertThat(audited("导出问卷答卷", "responses.csv")).contains(SURVEY);
    }

    @Test
    void handlersMayNotOpenTheSurveyFiguresAndStrangersAreSentToSignIn() {
        Browser admin = admin();
        String handlerName = "survey-handler-" + System.nanoTime() % 1_000_000;
        String dispatcherName = "survey-dispatcher-" + System.nanoTime() % 1_000_000;
        createStaff(admin, handlerName, "HANDLER", "书香社区居委会");
        createStaff(admin, dispatcherName, "DISPATCHER", null);
        Browser handler = signIn(handlerName);
        assertThat(handler.get("/console/surveys").statusCode()).isEqualTo(403);
        assertThat(handler.get("/console/surveys/" + SURVEY).statusCode()).isEqualTo(403);
        assertThat(handler.getBytes("/console/surveys/" + SURVEY + "/responses.xlsx").statusCode()).isEqualTo(403);
        assertThat(handler.get("/console").body()).doesNotContain("/console/surveys");
        Browser dispatcher = signIn(dispatcherName);
        assertThat(dispatcher.get("/console/surveys/" + SURVEY).statusCode()).isEqualTo(200);
        assertThat(dispatcher.get("/console").body()).contains("/console/surveys");
        assertThat(new Browser(port).get("/console/surveys/" + SURVEY + "/responses.csv").statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/surveys/no-such-survey").statusCode()).isEqualTo(404);
    }

    private static String interval(int x, int n) {
        double[] ci = SurveyRates.wilson(x, n);
        return "[" + SurveyTables.pct(ci[0]) + "–" + SurveyTables.pct(ci[1]) + "]";
    }

    private static String section(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as("page has " + start).isNotNegative();
        int to = html.indexOf(end, from);
        return html.substring(from, to < 0 ? html.length() : to);
    }

    private Browser admin() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        return admin;
    }

    private static void createStaff(Browser admin, String username, String role, String unit) {
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "测试" + role, "role", role, "unitName", unit == null ? "" : unit, "password",
                "survey-pass-1"));
        assertThat(created.statusCode()).isEqualTo(302);
    }

    private Browser signIn(String username) {
        Browser browser = new Browser(port);
        HttpResponse<String> login = browser.staffSignIn(username, "survey-pass-1");
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/console");
        return browser;
    }

    private String audited(String action, String objectId) {
        return jdbc.sql("SELECT after_value FROM console_audit WHERE action = :action AND object_id = :id"
                + " ORDER BY id DESC LIMIT 1").param("action", action).param("id", objectId).query(String.class)
                .single();
    }
}
