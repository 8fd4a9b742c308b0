package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.ServiceInstance;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * Knowledge curation through the console, over HTTP as an editor's browser does it (CSRF included):
 * edits reach {@code /api/ask} within seconds on this and on another instance, the queue of
 * unanswered questions is grouped and worked off, 试一试 explains, payloads stay text, every change
 * is audited. Its own application context (and database): the edits here must not leak into the
 * answer-quality figures of the shared context.
 */
@TestPropertySource(properties = "wenming.knowledge.console-poll-interval=1s")
class KnowledgeCurationIntegrationTest extends IntegrationTest {

    private static final Duration EFFECTIVE_WITHIN = Duration.ofSeconds(5);
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final String XSS = "<script>alert(1)</script>";

    @Autowired
    private QuestionQueue queue;

    @Autowired
    private KnowledgeExportCommand exportCommand;

    @Autowired
    private Environment environment;

    // ---------------------------------------------------------------- helpers

    private Browser admin() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        return admin;
    }

    /** A new staff account with the role, signed in. */
    private Browser staff(String role, String username) {
        Browser admin = admin();
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "测试" + role, "role", role, "unitName", "荷风社区居委会", "password", "staff-pass-2026"));
        assertThat(created.statusCode()).isEqualTo(302);
        Browser browser = new Browser(port);
        browser.staffSignIn(username, "staff-pass-2026");
        return browser;
    }

    private Browser editor(String username) {
        return staff("EDITOR", username);
    }

    private static String unique(String prefix) {
        return prefix + ACCOUNTS.incrementAndGet() + System.nanoTime() % 10000;
    }

    private static JsonObject ask(int port, String question) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/ask?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            return JsonParser.parseString(response.body()).getAsJsonObject();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks until the answer satisfies {@code wanted} or the time is up; returns the last answer. */
    private static JsonObject askUntil(int port, String question, Predicate<JsonObject> wanted, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonObject answer = ask(port, question);
        while (!wanted.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = ask(port, question);
        }
        return answer;
    }

    private static String answerOf(JsonObject answer) {
        return answer.get("answer").isJsonNull() ? "" : answer.get("answer").getAsString();
    }

    private static String entryOf(JsonObject answer) {
        return answer.get("entryId").isJsonNull() ? "" : answer.get("entryId").getAsString();
    }

    /** The edit form as the page shows it, with some fields changed. */
    private static Map<String, String> form(KnowledgeEntry e, int baseVersion, Map<String, String> changes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", e.id());
        fields.put("topic", e.topic());
        fields.put("newTopic", "");
        fields.put("question", e.question());
        fields.put("phrasings", String.join("\n", e.phrasings()));
        fields.put("answer", e.answer());
        fields.put("tags", String.join("，", e.tags()));
        fields.put("source", e.source());
        fields.put("note", "");
        fields.put("baseVersion", String.valueOf(baseVersion));
        fields.putAll(changes);
        return fields;
    }

    private static KnowledgeEntry fileEntry(String id) {
        return KnowledgeLoader.readEntries(Path.of("knowledge")).stream().map(KnowledgeLoader.SourcedEntry::entry)
                .filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private long audited(String action, String objectId, String username) {
        return jdbc.sql("SELECT count(*) FROM console_audit WHERE action = ? AND object_id = ? AND username = ?")
                .params(action, objectId, username).query(Long.class).single();
    }

    private static Map<String, String> newEntry(String id, String question, List<String> phrasings, String answer) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("topic", "文明行为");
        fields.put("newTopic", "");
        fields.put("question", question);
        fields.put("phrasings", String.join("\n", phrasings));
        fields.put("answer", answer);
        fields.put("tags", "");
        fields.put("source", "集成测试");
        fields.put("note", "");
        fields.put("baseVersion", "0");
        return fields;
    }

    // ---------------------------------------------------------------- editing

    @Test
    void anEditorsEditChangesTheApiAnswerWithinFiveSecondsAndIsVersionedAndAudited(@TempDir Path dir) throws Exception {
        String username = unique("editor");
        Browser editor = editor(username);
        KnowledgeEntry standard = fileEntry("purpose-first-standard");
        assertThat(answerOf(ask(port, "创建工作的第一标准是什么"))).isEqualTo(standard.answer());

        HttpResponse<String> page = editor.get("/console/knowledge/entries/purpose-first-standard");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(standard.question(), "文件原文", "name=\"_csrf\"");

        String edited = "创建工作的第一标准是人民群众满意（编辑于控制台）。";
        long started = System.nanoTime();
        HttpResponse<String> saved = editor.postForm("/console/knowledge/entries/purpose-first-standard",
                form(standard, 0, Map.of("answer", edited, "note", "改写答案")));
        assertThat(saved.statusCode()).isEqualTo(302);
        JsonObject answer = askUntil(port, "创建工作的第一标准是什么", a -> answerOf(a).equals(edited), EFFECTIVE_WITHIN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(EFFECTIVE_WITHIN);
        assertThat(answerOf(answer)).isEqualTo(edited);
        assertThat(entryOf(answer)).isEqualTo("purpose-first-standard");

        assertThat(jdbc.sql("SELECT version || ' ' || edited_by || ' ' || note FROM knowledge_entry_version"
                + " WHERE entry_id = 'purpose-first-standard' ORDER BY version DESC LIMIT 1").query(String.class).single())
                .isEqualTo("1 " + username + " 改写答案");
        assertThat(audited("编辑知识条目", "purpose-first-standard", username)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT before_value || after_value FROM console_audit WHERE action = '编辑知识条目'"
                + " AND username = ?").param(username).query(String.class).single()).contains(standard.answer(), edited);
        HttpResponse<String> after = editor.get("/console/knowledge/entries/purpose-first-standard");
        assertThat(after.body()).contains("第 1 版", "改写答案", "控制台已修改", "未导出到文件");

        // Saving over a version someone else has already replaced is refused, not silently lost.
        HttpResponse<String> stale = editor.postForm("/console/knowledge/entries/purpose-first-standard",
                form(standard, 0, Map.of("answer", "过时的修改")));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).contains("请在最新内容上修改");
        assertThat(answerOf(ask(port, "创建工作的第一标准是什么"))).isEqualTo(edited);

        // The export writes the edit into the topic file; the folder still loads.
        try (Stream<Path> files = Files.list(Path.of("knowledge"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName().toString()));
            }
        }
        assertThat(exportCommand.export(dir)).contains("campaign-purpose.yml", "the folder loads");
        KnowledgeSet exported = KnowledgeLoader.load(dir, cityWording());
        assertThat(exported.entries()).anyMatch(e -> e.id().equals("purpose-first-standard") && e.answer().equals(edited));

        // Back to the file's text, as a new version.
        assertThat(editor.postForm("/console/knowledge/entries/purpose-first-standard/restore",
                Map.of("version", "0", "baseVersion", "1")).statusCode()).isEqualTo(302);
        assertThat(answerOf(askUntil(port, "创建工作的第一标准是什么", a -> answerOf(a).equals(standard.answer()),
                EFFECTIVE_WITHIN))).isEqualTo(standard.answer());
        assertThat(audited("恢复知识条目版本", "purpose-first-standard", username)).isEqualTo(1);
    }

    private static Map<String, String> cityWording() {
        return TestKnowledgeProperties.of(Path.of("knowledge"), false).cityWording();
    }

    @Test
    void anEditOnOneInstanceReachesAnotherInstanceWithinFiveSeconds() throws Exception {
        String[] shared = {
            "wenming.embedded.postgres.enabled=false",
            "wenming.embedded.redis.enabled=false",
            "spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
            "spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
            "spring.datasource.password=",
            "spring.data.redis.port=" + environment.getProperty("spring.data.redis.port"),
            "wenming.report.jobs-interval=1h",
        };
        try (ServiceInstance other = ServiceInstance.start(shared)) {
            int otherPort = Integer.parseInt(other.bean(Environment.class).getProperty("local.server.port"));
            KnowledgeEntry entry = fileEntry("purpose-main-body");
            String question = "创建全国文明城市的主体是谁";
            assertThat(answerOf(ask(otherPort, question))).isEqualTo(entry.answer());

            Browser editor = editor(unique("editor"));
            String edited = "创建的主体是广大市民（另一实例上的修改）。";
            long started = System.nanoTime();
            assertThat(editor.postForm("/console/knowledge/entries/purpose-main-body",
                    form(entry, 0, Map.of("answer", edited))).statusCode()).isEqualTo(302);
            JsonObject there = askUntil(otherPort, question, a -> answerOf(a).equals(edited), EFFECTIVE_WITHIN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(EFFECTIVE_WITHIN);
            assertThat(answerOf(there)).isEqualTo(edited);
        }
    }

    @Test
    void anEntryIsCreatedAnsweredThenDisabled() throws Exception {
        String username = unique("editor");
        Browser editor = editor(username);
        String question = "城市书房几点开门";
        assertThat(entryOf(ask(port, question))).isNotEqualTo("city-study-room-hours");

        HttpResponse<String> created = editor.postForm("/console/knowledge/entries", newEntry("city-study-room-hours",
                "城市书房几点开门？", List.of("城市书房开放时间", "城市书房什么时候开门", "城市书房营业到几点"),
                "城市书房每天9:00至21:00开放，节假日照常。"));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/console/knowledge/entries/city-study-room-hours");
        JsonObject answered = askUntil(port, question, a -> entryOf(a).equals("city-study-room-hours"), EFFECTIVE_WITHIN);
        assertThat(answerOf(answered)).isEqualTo("城市书房每天9:00至21:00开放，节假日照常。");
        assertThat(editor.get("/console/knowledge?q=城市书房").body()).contains("city-study-room-hours", "控制台新建");

        HttpResponse<String> disabled = editor.postForm("/console/knowledge/entries/city-study-room-hours/enabled",
                Map.of("enabled", "false", "baseVersion", "1"));
        assertThat(disabled.statusCode()).isEqualTo(302);
        JsonObject after = askUntil(port, question, a -> !entryOf(a).equals("city-study-room-hours"), EFFECTIVE_WITHIN);
        assertThat(entryOf(after)).isNotEqualTo("city-study-room-hours");
        assertThat(editor.get("/console/knowledge/entries/city-study-room-hours").body()).contains("已停用", "重新启用此条目");
        assertThat(editor.get("/console/knowledge?status=DISABLED").body()).contains("city-study-room-hours");

        assertThat(audited("新建知识条目", "city-study-room-hours", username)).isEqualTo(1);
        assertThat(audited("停用知识条目", "city-study-room-hours", username)).isEqualTo(1);
    }

    @Test
    void theConsoleListsEntriesNotCheckedForAYearAndEntriesWhoseSourceIsSuperseded() throws Exception {
        String username = unique("editor");
        Browser editor = editor(username);
        KnowledgeEntry entry = fileEntry("purpose-goal");
        assertThat(entry.checked()).isNotNull();
        assertThat(editor.get("/console/knowledge?freshness=REVIEW").body()).doesNotContain("purpose-goal");
        HttpResponse<String> form = editor.get("/console/knowledge/entries/purpose-goal");
        assertThat(form.body()).contains("name=\"checked\"", "value=\"" + entry.checked() + "\"", "name=\"sourceSuperseded\"");

        // An editor records an old check and marks the source superseded: a new version, listed for review.
        String old = java.time.LocalDate.now(cn.wenming.core.CityTime.ZONE).minusYears(1).minusDays(3).toString();
        assertThat(editor.postForm("/console/knowledge/entries/purpose-goal", form(entry, 0,
                Map.of("checked", old, "sourceSuperseded", "true", "note", "新通知已发布"))).statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT checked || ' ' || source_superseded FROM knowledge_entry_version"
                + " WHERE entry_id = 'purpose-goal' AND version = 1").query(String.class).single())
                .isEqualTo(old + " true");
        assertThat(editor.get("/console/knowledge?freshness=SUPERSEDED").body())
                .contains("purpose-goal", "来源已被取代");
        assertThat(editor.get("/console/knowledge?freshness=STALE").body()).contains("purpose-goal", old);
        assertThat(editor.get("/console/knowledge/entries/purpose-goal").body()).contains("来源已被取代", "checked");
        // Still answering meanwhile: the marks are for editors.
        assertThat(entryOf(ask(port, "创建文明城市的根本目的是什么"))).isEqualTo("purpose-goal");

        // A date that is not one, or lies ahead, is refused; re-checking today clears the entry from the lists.
        assertThat(editor.postForm("/console/knowledge/entries/purpose-goal", form(entry, 1,
                Map.of("checked", "2099-01-01"))).body()).contains("核对日期不能晚于今天");
        assertThat(editor.postForm("/console/knowledge/entries/purpose-goal", form(entry, 1,
                Map.of("checked", "去年"))).body()).contains("核对日期请写成");
        String today = java.time.LocalDate.now(cn.wenming.core.CityTime.ZONE).toString();
        assertThat(editor.postForm("/console/knowledge/entries/purpose-goal", form(entry, 1,
                Map.of("checked", today))).statusCode()).isEqualTo(302);
        assertThat(editor.get("/console/knowledge?freshness=REVIEW").body()).doesNotContain("purpose-goal");
        assertThat(editor.postForm("/console/knowledge/entries/purpose-goal/restore",
                Map.of("version", "0", "baseVersion", "2")).statusCode()).isEqualTo(302);
    }

    @Test
    void anInvalidEntryIsRefusedWithReasonsAndNothingIsSaved() {
        Browser editor = editor(unique("editor"));
        HttpResponse<String> refused = editor.postForm("/console/knowledge/entries", newEntry("too-few-phrasings",
                "只有两个问法的问题", List.of("问法一号", "垃圾要分成哪几种"), "答案"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("至少需要 3 个问法", "已是条目 garbage-four-categories 的问法")
                .contains("只有两个问法的问题");
        HttpResponse<String> tooLong = editor.postForm("/console/knowledge/entries", newEntry("too-long",
                "答案太长的问题", List.of("太长甲", "太长乙", "太长丙"), "长".repeat(301)));
        assertThat(tooLong.body()).contains("答案最多 300 个字");
        assertThat(jdbc.sql("SELECT count(*) FROM knowledge_entry_version WHERE entry_id IN ('too-few-phrasings', 'too-long')")
                .query(Long.class).single()).isZero();
    }

    // ---------------------------------------------------------------- queue

    @Test
    void similarUnansweredQuestionsAreGroupedAndOnePhrasingAnswersThem() throws Exception {
        String username = unique("editor");
        Browser editor = editor(username);
        List<String> asked = List.of("文明城市吉祥物叫什么名字", "文明城市吉祥物叫什么名字", "文明城市的吉祥物叫什么名字？",
                "文明城市吉祥物叫啥名字", "公交车末班车几点");
        for (String question : asked) {
            assertThat(entryOf(ask(port, question))).isNotEqualTo("civcity-awarding-body");
        }
        questionLog.flush();

        QuestionQueue.Group mascot = queue.groups().stream().filter(g -> g.sample().equals("文明城市吉祥物叫什么名字"))
                .findFirst().orElseThrow();
        assertThat(mascot.count()).isEqualTo(4);
        assertThat(mascot.members()).extracting(QuestionQueue.Member::question).containsExactlyInAnyOrder(
                "文明城市吉祥物叫什么名字", "文明城市的吉祥物叫什么名字？", "文明城市吉祥物叫啥名字");
        assertThat(queue.groups()).anyMatch(g -> g.sample().equals("公交车末班车几点") && g.count() == 1);
        HttpResponse<String> page = editor.get("/console/knowledge/queue");
        assertThat(page.body()).contains("文明城市吉祥物叫什么名字", "4 次", "同组 3 种问法", "公交车末班车几点");

        List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(Map.entry("entryId", "civcity-awarding-body"),
                Map.entry("phrasing", "文明城市吉祥物叫什么名字")));
        mascot.members().forEach(m -> fields.add(Map.entry("questions", m.question())));
        HttpResponse<String> added = editor.postFormValues("/console/knowledge/queue/phrasing", fields);
        assertThat(added.statusCode()).isEqualTo(302);
        JsonObject answered = askUntil(port, "文明城市吉祥物叫什么名字",
                a -> entryOf(a).equals("civcity-awarding-body") && a.get("answered").getAsBoolean(), EFFECTIVE_WITHIN);
        assertThat(entryOf(answered)).isEqualTo("civcity-awarding-body");
        assertThat(answered.get("answered").getAsBoolean()).isTrue();

        assertThat(queue.groups()).noneMatch(g -> g.sample().contains("吉祥物"))
                .anyMatch(g -> g.sample().equals("公交车末班车几点"));
        assertThat(fileEntry("civcity-awarding-body").phrasings()).doesNotContain("文明城市吉祥物叫什么名字");
        assertThat(editor.get("/console/knowledge/entries/civcity-awarding-body").body())
                .contains("文明城市吉祥物叫什么名字", "添加问法");
        assertThat(audited("添加问法", "civcity-awarding-body", username)).isEqualTo(1);
        // The question no longer needs curation: asked again, it is answered confidently and not logged.
        ask(port, "文明城市吉祥物叫什么名字");
        questionLog.flush();
        assertThat(queue.groups()).noneMatch(g -> g.sample().contains("吉祥物"));

        // The other group becomes a new entry: the form comes prefilled, saving it handles the group.
        HttpResponse<String> prefilled = editor.postFormValues("/console/knowledge/entries/new", List.of(
                Map.entry("question", "公交车末班车几点"), Map.entry("phrasings", ""),
                Map.entry("questions", "公交车末班车几点")));
        assertThat(prefilled.statusCode()).isEqualTo(200);
        assertThat(prefilled.body()).contains("value=\"公交车末班车几点\"", "由待处理问题新建",
                "name=\"questions\" value=\"公交车末班车几点\"");
        List<Map.Entry<String, String>> entry = new ArrayList<>();
        newEntry("bus-last-run", "公交车末班车几点？", List.of("末班公交几点", "公交几点停运", "最后一班公交车是几点"),
                "各线路末班时间不同，请查看站牌或拨打公交服务热线。").forEach((k, v) -> entry.add(Map.entry(k, v)));
        entry.add(Map.entry("questions", "公交车末班车几点"));
        assertThat(editor.postFormValues("/console/knowledge/entries", entry).statusCode()).isEqualTo(302);
        assertThat(queue.groups()).noneMatch(g -> g.sample().equals("公交车末班车几点"));
        assertThat(entryOf(askUntil(port, "公交车末班车几点", a -> entryOf(a).equals("bus-last-run"), EFFECTIVE_WITHIN)))
                .isEqualTo("bus-last-run");
    }

    @Test
    void aDismissedQuestionLeavesTheQueueAndStaysOut() throws Exception {
        String username = unique("editor");
        Browser editor = editor(username);
        String question = "今天晚饭吃什么好呢";
        ask(port, question);
        questionLog.flush();
        assertThat(queue.groups()).anyMatch(g -> g.sample().equals(question));

        HttpResponse<String> dismissed = editor.postForm("/console/knowledge/queue/dismiss", Map.of("questions", question));
        assertThat(dismissed.statusCode()).isEqualTo(302);
        assertThat(queue.groups()).noneMatch(g -> g.sample().equals(question));
        ask(port, "今天晚饭吃什么好呢？");
        questionLog.flush();
        assertThat(queue.groups()).noneMatch(g -> g.members().stream().anyMatch(m -> m.question().startsWith(question)));
        assertThat(editor.get("/console/knowledge/queue").body()).doesNotContain(question);
        assertThat(audited("忽略待处理问题", question, username)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- 试一试

    @Test
    void tryItShowsTheDecisionAndTheCandidatesWithTheirScores() {
        Browser editor = editor(unique("editor"));
        HttpResponse<String> clear = editor.get("/console/knowledge/try?q="
                + URLEncoder.encode("垃圾分为哪几类", StandardCharsets.UTF_8));
        assertThat(clear.statusCode()).isEqualTo(200);
        assertThat(clear.body()).contains("回答（高置信）", "garbage-four-categories", "生活垃圾分为哪几类？", "1.000",
                "覆盖率", "余弦", "综合分", fileEntry("garbage-four-categories").answer().substring(0, 10));

        HttpResponse<String> unsure = editor.get("/console/knowledge/try?q="
                + URLEncoder.encode("小区电梯广告太吵了能投诉吗", StandardCharsets.UTF_8));
        assertThat(unsure.body()).contains("无法回答", "结合语义相似度", "complaint-12345-online", "complaint-noise");
        assertThat(unsure.body()).containsPattern("<td class=\"n\">0\\.\\d{3}</td>");

        // The intents come first: what the chat would do, and the classifier's ranking with probabilities.
        HttpResponse<String> report = editor.get("/console/knowledge/try?q="
                + URLEncoder.encode("楼下垃圾桶满了好几天没人清理", StandardCharsets.UTF_8));
        assertThat(report.body()).contains("聊天里会：<strong>随手拍举报</strong>", "意图（按可能性排序）", "查询举报进度",
                "与创文无关");
        HttpResponse<String> command = editor.get("/console/knowledge/try?q=" + URLEncoder.encode("进度",
                StandardCharsets.UTF_8));
        assertThat(command.body()).contains("聊天里会：<strong>查询举报进度</strong>", "由指令线索直接判定：command");
    }

    // ---------------------------------------------------------------- security

    @Test
    void payloadsInEntriesAndQuestionsAreShownAsText() throws Exception {
        Browser editor = editor(unique("editor"));
        String answer = XSS + "请到社区服务中心办理文明养犬登记。";
        HttpResponse<String> created = editor.postForm("/console/knowledge/entries", newEntry("xss-dog-card",
                "文明养犬积分卡怎么领取", List.of("养犬积分卡在哪领", "<img src=x onerror=alert(2)>养犬积分卡", "积分卡领取地点"),
                answer));
        assertThat(created.statusCode()).isEqualTo(302);

        JsonObject api = askUntil(port, "文明养犬积分卡怎么领取", a -> entryOf(a).equals("xss-dog-card"), EFFECTIVE_WITHIN);
        assertThat(answerOf(api)).isEqualTo(answer);

        ask(port, XSS + "社区夜跑团怎么加入");
        questionLog.flush();
        for (String path : List.of("/console/knowledge?q=养犬积分卡", "/console/knowledge/entries/xss-dog-card",
                "/console/knowledge/try?q=" + URLEncoder.encode("文明养犬积分卡怎么领取", StandardCharsets.UTF_8),
                "/console/knowledge/queue")) {
            String body = editor.get(path).body();
            assertThat(body).as(path).doesNotContain(XSS, "<img src=x").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        assertThat(editor.get("/console/knowledge/entries/xss-dog-card").body())
                .contains("&lt;img src=x onerror=alert(2)&gt;养犬积分卡");
    }

    @Test
    void onlyEditorsAndAdminsReachTheKnowledgePages() {
        Browser handler = staff("HANDLER", unique("handler"));
        for (String path : List.of("/console/knowledge", "/console/knowledge/queue", "/console/knowledge/try?q=x",
                "/console/knowledge/entries/purpose-goal", "/console/knowledge/export.zip")) {
            assertThat(handler.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(handler.postForm("/console/knowledge/entries/purpose-goal/enabled",
                Map.of("enabled", "false", "baseVersion", "0")).statusCode()).isEqualTo(403);
        assertThat(staff("DISPATCHER", unique("dispatcher")).get("/console/knowledge").statusCode()).isEqualTo(403);
        assertThat(admin().get("/console/knowledge").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM knowledge_entry_version WHERE entry_id = 'purpose-goal'")
                .query(Long.class).single()).isZero();

        // A form posted without its CSRF token changes nothing.
        Browser editor = editor(unique("editor"));
        assertThat(editor.postFormWithoutToken("/console/knowledge/entries/purpose-goal/enabled",
                Map.of("enabled", "false", "baseVersion", "0")).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM knowledge_entry_version WHERE entry_id = 'purpose-goal'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void theExportDownloadHoldsTheChangedTopicFiles(@TempDir Path unpacked) throws Exception {
        Browser editor = editor(unique("editor"));
        KnowledgeEntry entry = fileEntry("purpose-tenet");
        assertThat(editor.postForm("/console/knowledge/entries/purpose-tenet",
                form(entry, 0, Map.of("note", "加一个问法", "phrasings", String.join("\n", entry.phrasings()) + "\n宗旨八个字是啥")))
                .statusCode()).isEqualTo(302);
        HttpResponse<byte[]> zip = editor.getBytes("/console/knowledge/export.zip");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/zip");
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = unpacked.resolve(e.getName());
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        assertThat(Files.readString(unpacked.resolve("knowledge/campaign-purpose.yml"))).contains("宗旨八个字是啥");
        assertThat(unpacked.resolve("README.txt")).exists();
    }
}
