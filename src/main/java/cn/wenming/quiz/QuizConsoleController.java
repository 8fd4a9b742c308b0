package cn.wenming.quiz;

import cn.wenming.core.CityTime;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The quiz pages of the staff console ({@code /console/knowledge/quiz/**}, editors and admins, as the
 * knowledge pages): the question bank with each question's figures and the weakest topics, the
 * question form, enable / disable, XLSX export and import, and 专项答题 campaigns with their boards.
 */
@Controller
class QuizConsoleController {

    private static final String BASE = "/console/knowledge/quiz";
    private static final int PAGE = 50;

    private final QuizCatalog catalog;
    private final QuizCampaigns campaigns;
    private final QuizBoards boards;
    private final QuizResidents residents;

    QuizConsoleController(QuizCatalog catalog, QuizCampaigns campaigns, QuizBoards boards, QuizResidents residents) {
        this.catalog = catalog;
        this.campaigns = campaigns;
        this.boards = boards;
        this.residents = residents;
    }

    /** The question form as posted. */
    record Form(String id, String type, String topic, String question, String options, String answer, String entryId,
            String explanation, String difficulty, String enabled) {

        QuizCatalog.Draft draft() {
            return new QuizCatalog.Draft(id, type, topic, question, options, answer, entryId, explanation, difficulty,
                    enabled != null && enabled.contains("true"));
        }
    }

    // ---------------------------------------------------------------- questions

    @GetMapping(BASE)
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String topic,
            @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String enabled,
            @RequestParam(defaultValue = "") String sort, @RequestParam(defaultValue = "1") int page, Model model) {
        List<QuizCatalog.Row> all = catalog.rows();
        List<QuizCatalog.Row> found = catalog.search(q, topic, type, enabled, sort);
        int pages = Math.max(1, (found.size() + PAGE - 1) / PAGE);
        int current = Math.min(Math.max(page, 1), pages);
        model.addAttribute("rows", found.subList((current - 1) * PAGE, Math.min(found.size(), current * PAGE)));
        model.addAttribute("total", found.size());
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("q", q);
        model.addAttribute("topic", topic);
        model.addAttribute("type", type);
        model.addAttribute("enabled", enabled);
        model.addAttribute("sort", sort);
        model.addAttribute("types", QuizQuestion.Type.values());
        model.addAttribute("topics", catalog.topicSummary(all));
        model.addAttribute("topicNames", catalog.topics());
        model.addAttribute("questionCount", all.size());
        model.addAttribute("enabledCount", all.stream().filter(r -> r.question().enabled()).count());
        return "quiz/console-list";
    }

    @GetMapping(BASE + "/new")
    String newQuestion(Model model) {
        return form(model, new QuizCatalog.Draft("", "SINGLE", "", "", "", "", "", "", "1", true), null, List.of());
    }

    @PostMapping(BASE + "/questions")
    String create(Form form, Model model, RedirectAttributes redirect) {
        QuizCatalog.Draft draft = form.draft();
        if (draft.id() == null || draft.id().isBlank()) {
            draft = draft.withId("q-" + LocalDateTime.now(CityTime.ZONE).format(DateTimeFormatter.ofPattern("yyMMddHHmmss"))
                    + "-" + ThreadLocalRandom.current().nextInt(100, 1000));
        }
        QuizCatalog.Outcome outcome = catalog.create(draft);
        if (!outcome.saved()) {
            return form(model, form.draft(), null, outcome.problems());
        }
        redirect.addFlashAttribute("notice", "已新建题目 " + outcome.id() + (draft.enabled() ? "，已生效" : "（停用）"));
        return "redirect:" + BASE + "/questions/" + outcome.id();
    }

    @GetMapping(BASE + "/questions/{id}")
    String question(@PathVariable String id, Model model) {
        QuizCatalog.Row row = row(id);
        return form(model, QuizCatalog.Draft.of(row.question()), row, List.of());
    }

    @PostMapping(BASE + "/questions/{id}")
    String update(@PathVariable String id, Form form, Model model, RedirectAttributes redirect) {
        QuizCatalog.Row row = row(id);
        QuizCatalog.Outcome outcome = catalog.update(id, form.draft());
        if (!outcome.saved()) {
            return form(model, form.draft().withId(id), row, outcome.problems());
        }
        redirect.addFlashAttribute("notice", "已保存");
        return "redirect:" + BASE + "/questions/" + id;
    }

    @PostMapping(BASE + "/questions/{id}/enabled")
    String setEnabled(@PathVariable String id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        row(id);
        catalog.setEnabled(id, enabled);
        redirect.addFlashAttribute("notice", enabled ? "题目已启用" : "题目已停用，不再出题");
        return "redirect:" + BASE + "/questions/" + id;
    }

    private String form(Model model, QuizCatalog.Draft draft, QuizCatalog.Row row, List<String> problems) {
        model.addAttribute("draft", draft);
        model.addAttribute("row", row);
        model.addAttribute("problems", problems);
        model.addAttribute("types", QuizQuestion.Type.values());
        model.addAttribute("topicNames", catalog.topics());
        return "quiz/console-edit";
    }

    private QuizCatalog.Row row(String id) {
        return catalog.rows().stream().filter(r -> r.question().id().equals(id)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    // ---------------------------------------------------------------- XLSX

    @GetMapping(BASE + "/export.xlsx")
    ResponseEntity<byte[]> export() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(QuizSheets.XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("quiz-questions-" + LocalDate.now(CityTime.ZONE) + ".xlsx").build().toString())
                .body(QuizSheets.write(catalog.rows()));
    }

    @PostMapping(BASE + "/import")
    String importSheet(@RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes redirect) {
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute("problems", List.of("请选择要导入的 .xlsx 文件"));
            return "redirect:" + BASE;
        }
        Map<Integer, QuizCatalog.Draft> rows;
        try (InputStream in = file.getInputStream()) {
            rows = QuizSheets.read(in);
        } catch (QuizSheets.Unreadable | IOException e) {
            redirect.addFlashAttribute("problems", List.of(e instanceof QuizSheets.Unreadable ? e.getMessage()
                    : "无法读取上传的文件"));
            return "redirect:" + BASE;
        }
        QuizCatalog.ImportResult result = catalog.importRows(rows);
        if (!result.imported()) {
            redirect.addFlashAttribute("importProblems", result.problems());
        } else {
            redirect.addFlashAttribute("notice", "导入完成：新增 " + result.created() + " 题，修改 " + result.updated()
                    + " 题，" + result.unchanged() + " 题未变");
        }
        return "redirect:" + BASE;
    }

    // ---------------------------------------------------------------- campaigns

    @GetMapping(BASE + "/campaigns")
    String campaigns(Model model) {
        model.addAttribute("campaigns", campaigns.list());
        model.addAttribute("topicNames", enabledTopics());
        if (!model.containsAttribute("chosen")) {
            model.addAttribute("chosen", List.of());
            model.addAttribute("name", "");
            model.addAttribute("startsAt", "");
            model.addAttribute("endsAt", "");
        }
        return "quiz/console-campaigns";
    }

    @PostMapping(BASE + "/campaigns")
    String createCampaign(@RequestParam(defaultValue = "") String name,
            @RequestParam(name = "topics", required = false) List<String> topics,
            @RequestParam(defaultValue = "") String startsAt, @RequestParam(defaultValue = "") String endsAt,
            Model model, RedirectAttributes redirect) {
        QuizCampaigns.Outcome outcome = campaigns.create(name, topics, startsAt, endsAt);
        if (outcome.id() == null) {
            model.addAttribute("problems", outcome.problems());
            model.addAttribute("chosen", topics == null ? List.of() : topics);
            model.addAttribute("name", name);
            model.addAttribute("startsAt", startsAt);
            model.addAttribute("endsAt", endsAt);
            return campaigns(model);
        }
        redirect.addFlashAttribute("notice", "已新建专项答题");
        return "redirect:" + BASE + "/campaigns/" + outcome.id();
    }

    @GetMapping(BASE + "/campaigns/{id}")
    String campaign(@PathVariable long id, Model model) {
        QuizCampaigns.Campaign campaign = campaigns.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<QuizBoards.Line> lines = boards.campaign(id, 100);
        model.addAttribute("campaign", campaign);
        model.addAttribute("lines", lines);
        model.addAttribute("names", residents.displayNames(lines.stream().map(QuizBoards.Line::member).toList()));
        return "quiz/console-campaign";
    }

    private List<String> enabledTopics() {
        return catalog.topicSummary(catalog.rows()).stream().filter(t -> t.enabled() > 0)
                .map(QuizCatalog.Topic::name).sorted().toList();
    }
}
