package cn.wenming.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The quiz pages of the console over HTTP, as an editor's browser uses them (CSRF included): the
 * question form, enable / disable, figures per question and topic, XLSX export and import, 专项答题
 * campaigns joined in the chat. Questions made here are left disabled, so the shared context's other
 * quiz tests never get them served.
 */
class QuizConsoleIntegrationTest extends IntegrationTest {

    private static final String BASE = "/console/knowledge/quiz";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String XSS = "<script>alert(1)</script>";
    private static final Pattern OPTION = Pattern.compile("^([A-H])\\. (.+)$", Pattern.MULTILINE);
    private static final Pattern QUESTION = Pattern.compile("第\\d+/\\d+题（.+?）\\n(.+)");
    private static final DataFormatter CELLS = new DataFormatter();

    @Autowired
    private QuizBank bank;

    @Autowired
    private QuizBoards boards;

    // ---------------------------------------------------------------- helpers

    private static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet() + System.nanoTime() % 100000;
    }

    private Browser staff(String role) {
        String username = unique("quiz" + role.toLowerCase());
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "测试" + role, "role", role, "unitName", "荷风社区居委会", "password", "staff-pass-2026"));
        assertThat(created.statusCode()).isEqualTo(302);
        Browser browser = new Browser(port);
        browser.staffSignIn(username, "staff-pass-2026");
        return browser;
    }

    private static Map<String, String> question(String id, String text, boolean enabled) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", id);
        form.put("type", "SINGLE");
        form.put("topic", "控制台测试");
        form.put("question", text);
        form.put("options", "选项甲\n选项乙\n选项丙");
        form.put("answer", "B");
        form.put("entryId", "purpose-main-body");
        form.put("explanation", "测试用的解析。");
        form.put("difficulty", "2");
        form.put("enabled", String.valueOf(enabled));
        return form;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    private String say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE).content();
    }

    private QuizQuestion shown(String message) {
        String tail = ShownQuestion.tail(message);
        Matcher q = QUESTION.matcher(tail);
        assertThat(q.find()).as("a question in: %s", message).isTrue();
        return bank.enabled().values().stream().filter(x -> x.question().equals(q.group(1).strip())).findFirst()
                .orElseThrow();
    }

    private static String rightReply(String message, QuizQuestion question) {
        if (question.type() == QuizQuestion.Type.JUDGE) {
            return question.correct().contains(0) ? "对" : "错";
        }
        String tail = ShownQuestion.tail(message);
        List<String> letters = new ArrayList<>();
        Matcher option = OPTION.matcher(tail);
        while (option.find()) {
            if (question.correct().contains(question.options().indexOf(option.group(2).strip()))) {
                letters.add(option.group(1));
            }
        }
        return String.join("", letters);
    }

    private static byte[] bytes(XSSFWorkbook workbook) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        workbook.write(out);
        return out.toByteArray();
    }

    private static Browser.FilePart xlsx(byte[] bytes) {
        return new Browser.FilePart("file", "题库.xlsx", QuizSheets.XLSX, bytes);
    }

    private static Row find(Sheet sheet, String id) {
        for (Row row : sheet) {
            if (CELLS.formatCellValue(row.getCell(0)).equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no row " + id);
    }

    // ---------------------------------------------------------------- tests

    @Test
    void anEditorCreatesEditsAndDisablesAQuestionEveryChangeAudited() {
        Browser editor = staff("EDITOR");
        HttpResponse<String> list = editor.get(BASE);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("答题题库", "各主题正确率", "campaign-001");
        assertThat(editor.get(BASE + "/new").body()).contains("新建题目", "name=\"_csrf\"");

        String id = unique("console-test-");
        HttpResponse<String> created = editor.postForm(BASE + "/questions", question(id, "控制台新建的题目" + id, true));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(location(created)).endsWith(BASE + "/questions/" + id);
        assertThat(bank.enabled()).containsKey(id);
        assertThat(bank.enabled().get(id).correct()).containsExactly(1);
        assertThat(jdbc.sql("SELECT source FROM quiz_question WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("console");
        assertThat(editor.get(BASE + "/questions/" + id).body()).contains("已新建题目", "控制台新建的题目" + id, "选项丙");

        Map<String, String> edit = question("ignored", "改过的题目" + id, true);
        edit.put("options", "选项甲\n选项乙\n选项丙\n选项丁");
        edit.put("type", "MULTIPLE");
        edit.put("answer", "a, d");
        assertThat(editor.postForm(BASE + "/questions/" + id, edit).statusCode()).isEqualTo(302);
        assertThat(editor.get(BASE + "/questions/" + id).body()).contains("已保存", "选项丁");
        QuizQuestion edited = bank.find(id).orElseThrow();
        assertThat(edited.question()).isEqualTo("改过的题目" + id);
        assertThat(edited.type()).isEqualTo(QuizQuestion.Type.MULTIPLE);
        assertThat(edited.correct()).containsExactlyInAnyOrder(0, 3);

        assertThat(editor.postForm(BASE + "/questions/" + id + "/enabled", Map.of("enabled", "false")).statusCode())
                .isEqualTo(302);
        assertThat(bank.enabled()).doesNotContainKey(id);
        assertThat(bank.find(id)).isEmpty();
        assertThat(editor.get(BASE + "/questions/" + id).body()).contains("题目已停用", "重新启用此题");
        assertThat(editor.get(BASE + "?enabled=no&q=" + id).body()).contains(id, "停用");

        List<String> actions = jdbc.sql("SELECT action FROM console_audit WHERE object_type = 'quiz-question'"
                + " AND object_id = ? ORDER BY id").param(id).query(String.class).list();
        assertThat(actions).containsExactly("新建答题题目", "修改答题题目", "停用答题题目");
        assertThat(jdbc.sql("SELECT after_value FROM console_audit WHERE object_id = ? AND action = '修改答题题目'")
                .param(id).query(String.class).single()).contains("改过的题目", "答案：AD");
    }

    @Test
    void invalidQuestionsAreRefusedWithReasonsAndNothingIsSaved() {
        Browser editor = staff("EDITOR");
        String id = unique("console-bad-");
        Map<String, String> bad = question(id, "一道不合格的题" + id, true);
        bad.put("options", "只有一个选项");
        bad.put("entryId", "no-such-entry");
        bad.put("explanation", "");
        bad.put("difficulty", "5");
        HttpResponse<String> refused = editor.postForm(BASE + "/questions", bad);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("未保存", "单选题须有至少2个选项", "题目和解析都不能为空",
                "对应的知识条目 no-such-entry 不存在", "难度须为1到3", "一道不合格的题" + id);

        Map<String, String> duplicate = question(id, bank.enabled().get("campaign-001").question(), true);
        assertThat(editor.postForm(BASE + "/questions", duplicate).body()).contains("与已有题目重复");
        Map<String, String> judge = question(id, "判断题的答案" + id, true);
        judge.put("type", "JUDGE");
        judge.put("options", "");
        judge.put("answer", "也许");
        assertThat(editor.postForm(BASE + "/questions", judge).body()).contains("判断题的答案填“对”或“错”");
        Map<String, String> taken = question("campaign-001", "换个说法" + id, true);
        assertThat(editor.postForm(BASE + "/questions", taken).body()).contains("campaign-001：编号已存在");
        assertThat(jdbc.sql("SELECT count(*) FROM quiz_question WHERE id = ?").param(id).query(Long.class).single())
                .isZero();

        Map<String, String> badEdit = question("x", "", true);
        HttpResponse<String> refusedEdit = editor.postForm(BASE + "/questions/campaign-001", badEdit);
        assertThat(refusedEdit.statusCode()).isEqualTo(200);
        assertThat(refusedEdit.body()).contains("未保存", "题目和解析都不能为空");
        assertThat(bank.find("campaign-001").orElseThrow().question()).isNotBlank();
        assertThat(editor.get(BASE + "/questions/no-such-question").statusCode()).isEqualTo(404);
    }

    @Test
    void theListShowsEachQuestionsCorrectAndLateRateAndTheWeakestTopicsFirst() {
        Browser editor = staff("EDITOR");
        String id = unique("console-stats-");
        Map<String, String> form = question(id, "统计用的题目" + id, false);
        form.put("topic", "统计测试主题" + id);
        assertThat(editor.postForm(BASE + "/questions", form).statusCode()).isEqualTo(302);
        // A practice round (on no board) with four answers to it: one right, one wrong, two late.
        long round = jdbc.sql("""
                INSERT INTO quiz_round (openid, openid_hash, app_id, mode, day, questions, started_at, total)
                VALUES (:o, :h, 'wx-test', 'PRACTICE', current_date, :q, now(), 4) RETURNING id""")
                .param("o", unique("o_stats_")).param("h", unique("h")).param("q", id).query(Long.class).single();
        boolean[][] answers = {{true, false}, {false, false}, {false, true}, {false, true}};
        for (int i = 0; i < answers.length; i++) {
            jdbc.sql("INSERT INTO quiz_answer (round_id, position, question_id, chosen, correct, late, millis, answered_at)"
                    + " VALUES (?, ?, ?, '1', ?, ?, 5000, now())").params(round, i, id, answers[i][0], answers[i][1])
                    .update();
        }
        String page = editor.get(BASE + "?q=" + id).body();
        Matcher row = Pattern.compile("<tr>\\s*<td><a[^>]*>" + id + "</a></td>.*?</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as(page).isTrue();
        assertThat(row.group().replaceAll("\\s+", " ")).contains(">4<", ">25%<", ">50%<");

        // The per-topic summary: rates never go down the table (weakest first), ours at 25%.
        Matcher topics = Pattern.compile("<td class=\"n\">(\\d+%|—)</td>\\s*</tr>").matcher(
                page.substring(page.indexOf("各主题正确率"), page.indexOf("</table>")));
        List<Integer> rates = new ArrayList<>();
        boolean dash = false;
        while (topics.find()) {
            if (topics.group(1).equals("—")) {
                dash = true;
            } else {
                assertThat(dash).as("answered topics come before unanswered ones").isFalse();
                rates.add(Integer.valueOf(topics.group(1).replace("%", "")));
            }
        }
        assertThat(rates).isSortedAccordingTo(Comparator.naturalOrder()).contains(25);
        assertThat(editor.get(BASE + "/questions/" + id).body()).contains("作答 4 次，正确率 25%，超时率 50%");
        assertThat(editor.get(BASE + "?sort=rate&q=" + id).body()).contains(id);
    }

    @Test
    void theExportReadsBackAndReimportsAndOneBadRowImportsNothing() throws Exception {
        Browser editor = staff("EDITOR");
        String id = unique("console-xlsx-");
        assertThat(editor.postForm(BASE + "/questions", question(id, "导出导入的题目" + id, false)).statusCode())
                .isEqualTo(302);

        HttpResponse<byte[]> export = editor.getBytes(BASE + "/export.xlsx");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith(QuizSheets.XLSX);
        byte[] exported = export.body();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(exported))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(CELLS.formatCellValue(sheet.getRow(0).getCell(0))).isEqualTo("编号");
            assertThat(sheet.getLastRowNum()).isEqualTo(
                    jdbc.sql("SELECT count(*) FROM quiz_question").query(Integer.class).single());
            Row shipped = find(sheet, "campaign-001");
            assertThat(CELLS.formatCellValue(shipped.getCell(1))).isEqualTo("单选");
            assertThat(CELLS.formatCellValue(shipped.getCell(4)).split("\n")).hasSize(4);
            assertThat(CELLS.formatCellValue(shipped.getCell(5))).isEqualTo("D");
            Row mine = find(sheet, id);
            assertThat(CELLS.formatCellValue(mine.getCell(3))).isEqualTo("导出导入的题目" + id);
            assertThat(CELLS.formatCellValue(mine.getCell(9))).isEqualTo("否");
        }

        // The export as it is goes back in without changing anything (file questions stay file questions).
        long audits = jdbc.sql("SELECT count(*) FROM console_audit WHERE action = '导入答题题目'").query(Long.class).single();
        HttpResponse<String> same = editor.postMultipart(BASE + "/import", Map.of(), xlsx(exported));
        assertThat(same.statusCode()).isEqualTo(302);
        assertThat(editor.get(BASE).body()).contains("导入完成：新增 0 题，修改 0 题");
        assertThat(jdbc.sql("SELECT source FROM quiz_question WHERE id = 'campaign-001'").query(String.class).single())
                .isEqualTo("file");

        // One bad row among good changes: nothing is imported, the row and its reason are named.
        String newId = unique("console-new-");
        int badRow;
        byte[] withBadRow;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(exported))) {
            Sheet sheet = workbook.getSheetAt(0);
            find(sheet, id).getCell(7).setCellValue("导入后的解析");
            Row added = sheet.createRow(sheet.getLastRowNum() + 1);
            String[] values = {newId, "单选", "控制台测试", "导入新增的题目" + newId, "甲\n乙", "C", "purpose-main-body",
                    "解析", "1", "否"};
            for (int c = 0; c < values.length; c++) {
                added.createCell(c).setCellValue(values[c]);
            }
            badRow = added.getRowNum() + 1;
            withBadRow = bytes(workbook);
        }
        assertThat(editor.postMultipart(BASE + "/import", Map.of(), xlsx(withBadRow)).statusCode()).isEqualTo(302);
        assertThat(editor.get(BASE).body()).contains("导入未执行", "第" + badRow + "行：" + newId + "：正确答案的序号超出选项范围");
        assertThat(jdbc.sql("SELECT explanation FROM quiz_question WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("测试用的解析。");
        assertThat(jdbc.sql("SELECT count(*) FROM quiz_question WHERE id = ?").param(newId).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM console_audit WHERE action = '导入答题题目'").query(Long.class).single())
                .isEqualTo(audits + 1);

        // Fixed, the same sheet imports: one question changed, one added, the import audited with its count.
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(withBadRow))) {
            workbook.getSheetAt(0).getRow(badRow - 1).getCell(5).setCellValue("B");
            assertThat(editor.postMultipart(BASE + "/import", Map.of(), xlsx(bytes(workbook))).statusCode())
                    .isEqualTo(302);
        }
        assertThat(editor.get(BASE).body()).contains("导入完成：新增 1 题，修改 1 题");
        assertThat(jdbc.sql("SELECT explanation FROM quiz_question WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("导入后的解析");
        assertThat(jdbc.sql("SELECT enabled FROM quiz_question WHERE id = ?").param(newId).query(Boolean.class).single())
                .isFalse();
        assertThat(jdbc.sql("SELECT after_value FROM console_audit WHERE action = '导入答题题目' ORDER BY id DESC LIMIT 1")
                .query(String.class).single()).contains("新增1", "修改1");

        // Not a sheet at all.
        editor.postMultipart(BASE + "/import", Map.of(), new Browser.FilePart("file", "x.xlsx", QuizSheets.XLSX,
                "not a workbook".getBytes()));
        assertThat(editor.get(BASE).body()).contains("无法读取文件");
    }

    @Test
    void aCampaignServesOnlyItsTopicsThroughTheChatAndHasItsOwnBoard() {
        String openid = "o_quiz_campaign_" + System.nanoTime();
        assertThat(say(openid, "专项答题")).contains("现在没有进行中的专项答题");

        Browser editor = staff("EDITOR");
        String topic = bank.enabled().values().stream().collect(java.util.stream.Collectors.groupingBy(
                QuizQuestion::topic, java.util.stream.Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        LocalDateTime now = LocalDateTime.now(cn.wenming.core.CityTime.ZONE);
        long campaigns = jdbc.sql("SELECT count(*) FROM quiz_campaign").query(Long.class).single();
        HttpResponse<String> refused = editor.postForm(BASE + "/campaigns", Map.of("name", "时间不对", "topics", topic,
                "startsAt", now.format(local), "endsAt", now.minusHours(1).format(local)));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("结束时间须晚于开始时间");
        assertThat(jdbc.sql("SELECT count(*) FROM quiz_campaign").query(Long.class).single()).isEqualTo(campaigns);

        String name = "专项测试" + XSS;
        HttpResponse<String> created = editor.postFormValues(BASE + "/campaigns", List.of(Map.entry("name", name),
                Map.entry("topics", topic), Map.entry("startsAt", now.minusHours(1).format(local)),
                Map.entry("endsAt", now.plusDays(1).format(local))));
        assertThat(created.statusCode()).isEqualTo(302);
        long id = Long.parseLong(location(created).replaceAll(".*/campaigns/", ""));
        assertThat(jdbc.sql("SELECT topics FROM quiz_campaign WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo(topic);
        String list = editor.get(BASE + "/campaigns").body();
        assertThat(list).contains("进行中", topic, "专项测试&lt;script&gt;").doesNotContain(XSS);

        String message = say(openid, "专项答题");
        assertThat(message).contains("开始", "第1/");
        Matcher total = Pattern.compile("共(\\d+)题").matcher(message);
        assertThat(total.find()).isTrue();
        int questions = Integer.parseInt(total.group(1));
        for (int i = 0; i < questions; i++) {
            QuizQuestion q = shown(message);
            assertThat(q.topic()).isEqualTo(topic);
            message = say(openid, rightReply(message, q));
            assertThat(message).startsWith("回答正确！");
        }
        assertThat(message).contains("本轮结束", "得100分", "专项排名第1");
        assertThat(jdbc.sql("SELECT mode || ':' || campaign_id FROM quiz_round WHERE openid = ?").param(openid)
                .query(String.class).single()).isEqualTo("CAMPAIGN:" + id);

        List<QuizBoards.Line> board = boards.campaign(id, 10);
        assertThat(board).hasSize(1);
        assertThat(board.get(0).score()).isEqualTo(100);
        assertThat(boards.today(100)).noneMatch(l -> l.member().equals(board.get(0).member()));
        String page = editor.get(BASE + "/campaigns/" + id).body();
        assertThat(page).contains("排行榜", "专项测试&lt;script&gt;", ">100<").doesNotContain(XSS);
        assertThat(jdbc.sql("SELECT count(*) FROM console_audit WHERE action = '新建专项答题' AND object_id = ?")
                .param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aHandlerIsRefused() {
        Browser handler = staff("HANDLER");
        assertThat(handler.get(BASE).statusCode()).isEqualTo(403);
        assertThat(handler.get(BASE + "/campaigns").statusCode()).isEqualTo(403);
        assertThat(handler.getBytes(BASE + "/export.xlsx").statusCode()).isEqualTo(403);
        handler.visit("/console");
        assertThat(handler.postForm(BASE + "/questions", question(unique("console-h-"), "处理人员的题", false))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void markupInAQuestionIsShownAsText() {
        Browser editor = staff("EDITOR");
        String id = unique("console-xss-");
        Map<String, String> form = question(id, XSS + "文明题" + id, false);
        form.put("options", XSS + "\n<img src=x onerror=alert(2)>");
        form.put("explanation", "<b>解析</b>");
        assertThat(editor.postForm(BASE + "/questions", form).statusCode()).isEqualTo(302);
        String list = editor.get(BASE + "?q=" + id).body();
        assertThat(list).contains("&lt;script&gt;alert(1)&lt;/script&gt;文明题").doesNotContain(XSS);
        String edit = editor.get(BASE + "/questions/" + id).body();
        assertThat(edit).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
                "&lt;b&gt;解析&lt;/b&gt;").doesNotContain(XSS, "<img src=x", "<b>解析");
    }
}
