package cn.wenming.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import cn.wenming.core.CityTime;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The knowledge pages of the staff console ({@code /console/knowledge/**}, editors and admins):
 * entries (browse, search, create, edit, disable, history), the queue of questions the service
 * could not answer, "试一试" and the export download.
 */
@Controller
class KnowledgeConsoleController {

    private static final int PAGE = 50;
    private static final int QUEUE_PAGE = 100;

    private final KnowledgeCuration curation;
    private final QuestionQueue queue;
    private final KnowledgeBase knowledge;
    private final KnowledgeEntryStore store;
    private final IntentExplainer intents;

    KnowledgeConsoleController(KnowledgeCuration curation, QuestionQueue queue, KnowledgeBase knowledge,
            KnowledgeEntryStore store, IntentExplainer intents) {
        this.intents = intents;
        this.curation = curation;
        this.queue = queue;
        this.knowledge = knowledge;
        this.store = store;
    }

    // ---------------------------------------------------------------- entries

    @GetMapping("/console/knowledge")
    String entries(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String topic,
            @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String freshness,
            @RequestParam(defaultValue = "1") int page, Model model) {
        List<KnowledgeCuration.EntryView> found = curation.search(q, topic, status, freshness);
        int pages = Math.max(1, (found.size() + PAGE - 1) / PAGE);
        int current = Math.min(Math.max(page, 1), pages);
        model.addAttribute("entries", found.subList((current - 1) * PAGE, Math.min(found.size(), current * PAGE)));
        model.addAttribute("total", found.size());
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("q", q);
        model.addAttribute("topic", topic);
        model.addAttribute("status", status);
        model.addAttribute("topics", curation.topics());
        model.addAttribute("statuses", KnowledgeCuration.Status.values());
        model.addAttribute("freshness", freshness);
        model.addAttribute("freshnesses", KnowledgeCuration.Freshness.values());
        model.addAttribute("reviewCounts", curation.reviewCounts());
        model.addAttribute("openQuestions", queue.openQuestions());
        model.addAttribute("version", knowledge.version());
        model.addAttribute("entryCount", knowledge.entryCount());
        model.addAttribute("reloadError", knowledge.lastReloadError());
        model.addAttribute("unexported", curation.entries().stream().filter(e -> !e.exported()).count());
        return "knowledge/entries";
    }

    /** The empty form, or (POST, from the queue) one prefilled with a group's wordings. */
    @RequestMapping(path = "/console/knowledge/entries/new", method = {RequestMethod.GET, RequestMethod.POST})
    String newEntry(@RequestParam(defaultValue = "") String question, @RequestParam(defaultValue = "") String phrasings,
            HttpServletRequest request, Model model) {
        List<String> questions = values(request, "questions");
        // A new entry is written from its sources now: the form suggests today as its checked date.
        KnowledgeCuration.Draft draft = new KnowledgeCuration.Draft("", "", "", question, phrasings, "", "", "", "", 0,
                LocalDate.now(CityTime.ZONE).toString(), false);
        return form(model, draft, null, questions, List.of());
    }

    @PostMapping("/console/knowledge/entries")
    String create(KnowledgeCuration.Draft draft, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        List<String> questions = values(request, "questions");
        KnowledgeCuration.Outcome outcome = curation.create(draft);
        if (!outcome.saved()) {
            return form(model, draft, null, questions, outcome.problems());
        }
        int handled = queue.mark(questions, "entry");
        saved(redirect, outcome, "已新建条目 " + outcome.entryId()
                + (handled > 0 ? "，" + handled + " 次待处理提问已标为已处理" : ""));
        return "redirect:/console/knowledge/entries/" + outcome.entryId();
    }

    @GetMapping("/console/knowledge/entries/{id}")
    String entry(@PathVariable String id, Model model) {
        KnowledgeCuration.EntryView view = curation.entry(id).orElseThrow(KnowledgeConsoleController::notFound);
        KnowledgeEntry e = view.entry();
        KnowledgeCuration.Draft draft = new KnowledgeCuration.Draft(e.id(), e.topic(), "", e.question(),
                String.join("\n", e.phrasings()), e.answer(), String.join("，", e.tags()), e.source(), "", view.version(),
                e.checked() == null ? "" : e.checked().toString(), e.sourceSuperseded());
        return form(model, draft, view, null, List.of());
    }

    @PostMapping("/console/knowledge/entries/{id}")
    String update(@PathVariable String id, KnowledgeCuration.Draft draft, Model model, RedirectAttributes redirect) {
        KnowledgeCuration.Outcome outcome = curation.update(id, draft);
        if (!outcome.saved()) {
            KnowledgeCuration.EntryView view = curation.entry(id).orElseThrow(KnowledgeConsoleController::notFound);
            return form(model, draft, view, null, outcome.problems());
        }
        saved(redirect, outcome, "已保存为第 " + outcome.version() + " 版，已生效");
        return "redirect:/console/knowledge/entries/" + id;
    }

    @PostMapping("/console/knowledge/entries/{id}/enabled")
    String setEnabled(@PathVariable String id, @RequestParam boolean enabled, @RequestParam int baseVersion,
            RedirectAttributes redirect) {
        KnowledgeCuration.Outcome outcome = curation.setEnabled(id, enabled, baseVersion);
        if (outcome.saved()) {
            saved(redirect, outcome, enabled ? "条目已启用" : "条目已停用，不再用于回答");
        } else {
            redirect.addFlashAttribute("problems", outcome.problems());
        }
        return "redirect:/console/knowledge/entries/" + id;
    }

    @PostMapping("/console/knowledge/entries/{id}/restore")
    String restore(@PathVariable String id, @RequestParam int version, @RequestParam int baseVersion,
            RedirectAttributes redirect) {
        KnowledgeCuration.Outcome outcome = curation.restore(id, version, baseVersion);
        if (outcome.saved()) {
            saved(redirect, outcome, "已恢复第 " + version + " 版的内容（保存为第 " + outcome.version() + " 版）");
        } else {
            redirect.addFlashAttribute("problems", outcome.problems());
        }
        return "redirect:/console/knowledge/entries/" + id;
    }

    private String form(Model model, KnowledgeCuration.Draft draft, KnowledgeCuration.EntryView view,
            List<String> questions, List<String> problems) {
        model.addAttribute("draft", draft);
        model.addAttribute("view", view);
        model.addAttribute("history", view == null ? List.of() : curation.history(view.id()));
        model.addAttribute("topics", curation.topics());
        model.addAttribute("questions", questions == null ? List.of() : questions);
        model.addAttribute("problems", problems);
        model.addAttribute("maxAnswer", KnowledgeLoader.MAX_ANSWER_CHARS);
        model.addAttribute("today", LocalDate.now(CityTime.ZONE).toString());
        model.addAttribute("minPhrasings", KnowledgeLoader.MIN_PHRASINGS);
        return "knowledge/edit";
    }

    private static void saved(RedirectAttributes redirect, KnowledgeCuration.Outcome outcome, String notice) {
        redirect.addFlashAttribute("notice", notice);
        if (outcome.warning() != null) {
            redirect.addFlashAttribute("problems", List.of(outcome.warning()));
        }
    }

    // ---------------------------------------------------------------- queue

    @GetMapping("/console/knowledge/queue")
    String queue(Model model) {
        List<QuestionQueue.Group> groups = queue.groups();
        model.addAttribute("groups", groups.subList(0, Math.min(groups.size(), QUEUE_PAGE)));
        model.addAttribute("groupCount", groups.size());
        model.addAttribute("askings", groups.stream().mapToLong(QuestionQueue.Group::count).sum());
        model.addAttribute("choices", curation.entries().stream().filter(KnowledgeCuration.EntryView::enabled).toList());
        return "knowledge/queue";
    }

    @PostMapping("/console/knowledge/queue/phrasing")
    String addPhrasing(@RequestParam String entryId, @RequestParam String phrasing, HttpServletRequest request,
            RedirectAttributes redirect) {
        List<String> questions = values(request, "questions");
        KnowledgeCuration.Outcome outcome = curation.addPhrasing(entryId.strip(), phrasing);
        if (outcome.saved()) {
            int handled = queue.mark(questions, "phrasing");
            saved(redirect, outcome, "已把“" + KnowledgeCuration.clean(phrasing) + "”加为条目 " + outcome.entryId()
                    + " 的问法（第 " + outcome.version() + " 版），" + handled + " 次提问已处理");
        } else {
            redirect.addFlashAttribute("problems", outcome.problems());
        }
        return "redirect:/console/knowledge/queue";
    }

    @PostMapping("/console/knowledge/queue/dismiss")
    String dismiss(HttpServletRequest request, RedirectAttributes redirect) {
        int askings = queue.dismiss(values(request, "questions"));
        redirect.addFlashAttribute("notice", "已忽略（" + askings + " 次提问），以后再问也不再列出");
        return "redirect:/console/knowledge/queue";
    }

    // ---------------------------------------------------------------- 试一试

    @GetMapping("/console/knowledge/try")
    String tryQuestion(@RequestParam(defaultValue = "") String q, Model model) {
        String question = KnowledgeCuration.limit(q.strip(), 500);
        model.addAttribute("q", question);
        if (!question.isEmpty()) {
            KnowledgeExplanation explanation = knowledge.explain(question);
            model.addAttribute("explanation", explanation);
            model.addAttribute("intents", intents.explain(question));
        }
        return "knowledge/try";
    }

    // ---------------------------------------------------------------- export

    /**
     * The topic files the export command would change, as a zip to unpack over {@code knowledge/}:
     * for editors without access to the servers.
     */
    @GetMapping("/console/knowledge/export.zip")
    ResponseEntity<byte[]> export() throws IOException {
        Path temp = Files.createTempDirectory("wenming-knowledge-export");
        try {
            try (Stream<Path> files = Files.list(knowledge.dir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, temp.resolve(file.getFileName().toString()));
                }
            }
            KnowledgeExporter.Result result = KnowledgeExporter.export(temp, store.latest());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            List<String> deleted = new ArrayList<>();
            try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
                for (String name : result.changedFiles()) {
                    Path file = temp.resolve(name);
                    if (!Files.exists(file)) {
                        deleted.add(name);
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry("knowledge/" + name));
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry("README.txt"));
                zip.write(("Knowledge export " + LocalDateTime.now(CityTime.ZONE).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        + " of version " + knowledge.version() + "\n"
                        + "Unpack over the repository root (files go to knowledge/), review with git diff, commit.\n"
                        + "Entries written: " + result.written() + ", removed: " + result.removed()
                        + ", already as in the files: " + result.unchanged() + "\n"
                        + (deleted.isEmpty() ? "" : "Delete these files (all their entries are disabled): "
                        + String.join(", ", deleted) + "\n")).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename("knowledge-export-" + knowledge.version() + ".zip").build().toString())
                    .body(bytes.toByteArray());
        } finally {
            deleteTree(temp);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /**
     * Every value of a repeated field exactly as sent. (Binding to a {@code List<String>} would split a
     * single value at its commas, and residents' questions have commas.)
     */
    private static List<String> values(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : List.of(values);
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
