package cn.wenming.knowledge;

import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.core.TextNormalizer;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Editing the knowledge base from the console. Every change is a new row in
 * {@code knowledge_entry_version} (the files in {@code knowledge/} are never written by the running
 * service), is checked first exactly as the loader would check the folder, is audited, and is put
 * into service at once on this instance and within seconds on the others.
 */
@Service
class KnowledgeCuration {

    static final int MAX_TEXT_CHARS = 200;
    static final int MAX_TOPIC_CHARS = 100;
    static final int MAX_NOTE_CHARS = 200;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,79}");
    private static final Pattern CITY_WORDING = Pattern.compile("\\{\\{city:([^}]+)}}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KnowledgeBase knowledge;
    private final KnowledgeEntryStore store;
    private final AuditLog audit;

    KnowledgeCuration(KnowledgeBase knowledge, KnowledgeEntryStore store, AuditLog audit) {
        this.knowledge = knowledge;
        this.store = store;
        this.audit = audit;
    }

    /** Where an entry stands against the files. */
    enum Status {
        FILE("文件原文"), EDITED("控制台已修改"), NEW("控制台新建"), DISABLED("已停用"),
        /** The file was edited after the console's last version: the file serves. */
        FILE_NEWER("文件已更新");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * An entry as editors see it, as written (city wording not filled in).
     *
     * @param entry    the serving content (for a disabled entry: its last content)
     * @param file     the topic file that has it, or null for an entry created in the console
     * @param version  its latest console version, 0 when only the file has it
     * @param exported whether the files already say what the console says (nothing left to export)
     */
    record EntryView(KnowledgeEntry entry, String file, int version, Status status, boolean exported,
            EntryRevision latest) {

        public String id() {
            return entry.id();
        }

        public boolean enabled() {
            return status != Status.DISABLED;
        }

        public String edited() {
            return latest == null ? "" : latest.when() + " " + latest.editedBy();
        }

        /** Not checked against its source for more than a year, or never. */
        public boolean stale() {
            return entry.uncheckedForAYear(LocalDate.now(CityTime.ZONE));
        }

        /** An editor marked the entry's source as replaced by a newer one. */
        public boolean superseded() {
            return entry.sourceSuperseded();
        }

        public String checked() {
            return entry.checked() == null ? "未记录" : entry.checked().toString();
        }
    }

    /** Which entries need another look: not checked for a year (or never), or their source superseded. */
    enum Freshness {
        REVIEW("需要复核（全部）"), STALE("超过一年未核对"), SUPERSEDED("来源已被取代");

        private final String label;

        Freshness(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean matches(EntryView e) {
            return switch (this) {
                case REVIEW -> e.stale() || e.superseded();
                case STALE -> e.stale();
                case SUPERSEDED -> e.superseded();
            };
        }
    }

    /**
     * What an editor typed into the entry form.
     *
     * @param checked          the date the editor last verified the answer against its source (YYYY-MM-DD)
     * @param sourceSuperseded the "source superseded" box (absent when unticked)
     */
    record Draft(String id, String topic, String newTopic, String question, String phrasings, String answer,
            String tags, String source, String note, int baseVersion, String checked, Boolean sourceSuperseded) {

        public boolean superseded() {
            return Boolean.TRUE.equals(sourceSuperseded);
        }
    }

    /** The result of a change: saved (as {@code version}), or refused with the reasons. */
    record Outcome(boolean saved, String entryId, int version, List<String> problems, String warning) {

        static Outcome refused(List<String> problems) {
            return new Outcome(false, null, 0, List.copyOf(problems), null);
        }

        static Outcome refused(String problem) {
            return refused(List.of(problem));
        }
    }

    // ---------------------------------------------------------------- reading

    /** Every entry: the files' entries in file order with console changes applied, then console-only ones. */
    List<EntryView> entries() {
        List<KnowledgeLoader.SourcedEntry> files = knowledge.fileEntries();
        Map<String, EntryRevision> latest = new LinkedHashMap<>();
        store.latest().forEach(r -> latest.put(r.entryId(), r));
        List<EntryView> views = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (KnowledgeLoader.SourcedEntry sourced : files) {
            if (!seen.add(sourced.entry().id())) {
                continue;
            }
            EntryRevision revision = latest.get(sourced.entry().id());
            if (revision == null) {
                views.add(new EntryView(sourced.entry(), sourced.file(), 0, Status.FILE, true, null));
            } else if (revision.supersededBy(sourced.entry())) {
                views.add(new EntryView(sourced.entry(), sourced.file(), revision.version(), Status.FILE_NEWER, true,
                        revision));
            } else {
                KnowledgeEntry edited = KnowledgeLoader.withFileDate(revision.entry(), sourced.entry());
                boolean same = edited.equals(sourced.entry());
                views.add(new EntryView(edited, sourced.file(), revision.version(),
                        revision.enabled() ? Status.EDITED : Status.DISABLED, revision.enabled() && same, revision));
            }
        }
        for (EntryRevision revision : latest.values()) {
            if (!seen.contains(revision.entryId())) {
                views.add(new EntryView(revision.entry(), null, revision.version(),
                        revision.enabled() ? Status.NEW : Status.DISABLED, !revision.enabled(), revision));
            }
        }
        return views;
    }

    Optional<EntryView> entry(String id) {
        return entries().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Entries whose id, question, phrasings, answer or tags contain the words, in one topic or status. */
    List<EntryView> search(String words, String topic, String status) {
        return search(words, topic, status, null);
    }

    /**
     * The same, narrowed to entries that need another look ({@code freshness} REVIEW, STALE or
     * SUPERSEDED; blank for all). Disabled entries answer nobody and are never listed as needing review.
     */
    List<EntryView> search(String words, String topic, String status, String freshness) {
        String wanted = TextNormalizer.normalize(words).replace(" ", "");
        Freshness wantedFreshness = freshness(freshness);
        return entries().stream()
                .filter(e -> topic == null || topic.isBlank() || e.entry().topic().equals(topic))
                .filter(e -> status == null || status.isBlank() || e.status().name().equals(status))
                .filter(e -> wantedFreshness == null || e.enabled() && wantedFreshness.matches(e))
                .filter(e -> wanted.isEmpty() || searchable(e.entry()).contains(wanted))
                .toList();
    }

    /** How many enabled entries need another look, per reason (for the console's summary line). */
    Map<Freshness, Long> reviewCounts() {
        List<EntryView> enabled = entries().stream().filter(EntryView::enabled).toList();
        Map<Freshness, Long> counts = new LinkedHashMap<>();
        for (Freshness f : Freshness.values()) {
            counts.put(f, enabled.stream().filter(f::matches).count());
        }
        return counts;
    }

    private static Freshness freshness(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Freshness.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String searchable(KnowledgeEntry e) {
        List<String> all = new ArrayList<>(List.of(e.id(), e.question(), e.answer()));
        all.addAll(e.phrasings());
        all.addAll(e.tags());
        StringBuilder text = new StringBuilder();
        all.forEach(s -> text.append(TextNormalizer.normalize(s).replace(" ", "")).append('\n'));
        return text.toString();
    }

    /** Topics in file order, then topics only the console uses. */
    List<String> topics() {
        Set<String> topics = new LinkedHashSet<>(knowledge.fileTopics().values());
        store.latest().stream().filter(EntryRevision::enabled).forEach(r -> topics.add(r.topic()));
        topics.remove("");
        return List.copyOf(topics);
    }

    List<EntryRevision> history(String id) {
        return store.history(id);
    }

    // ---------------------------------------------------------------- changing

    Outcome create(Draft draft) {
        String id = clean(draft.id()).toLowerCase();
        List<EntryView> all = entries();
        if (id.isEmpty()) {
            Set<String> taken = new HashSet<>();
            all.forEach(e -> taken.add(e.id()));
            do {
                id = "kb-" + LocalDate.now(CityTime.ZONE).format(DateTimeFormatter.BASIC_ISO_DATE).substring(2)
                        + "-" + Integer.toString(1296 + RANDOM.nextInt(46656 - 1296), 36);
            } while (taken.contains(id));
        } else if (!ID.matcher(id).matches()) {
            return Outcome.refused("编号只能用小写字母、数字和连字符（2–80位），例如 garbage-new-rule；也可以留空自动生成");
        } else {
            String wanted = id;
            if (all.stream().anyMatch(e -> e.id().equals(wanted))) {
                return Outcome.refused("编号 " + id + " 已被使用");
            }
        }
        if (clean(draft.source()).isEmpty()) {
            return Outcome.refused("请填写来源（答案依据的文件或网页），导出到文件时需要");
        }
        return save(id, draft, null, "新建知识条目");
    }

    Outcome update(String id, Draft draft) {
        Optional<EntryView> current = entry(id);
        if (current.isEmpty()) {
            return Outcome.refused("没有编号为 " + id + " 的条目");
        }
        if (current.get().version() != draft.baseVersion()) {
            return Outcome.refused(conflict(current.get()));
        }
        return save(id, draft, current.get(), "编辑知识条目");
    }

    private Outcome save(String id, Draft draft, EntryView current, String action) {
        String topic = clean(draft.newTopic()).isEmpty() ? clean(draft.topic()) : clean(draft.newTopic());
        List<String> tags = splitTags(draft.tags());
        LocalDate checked;
        String typed = clean(draft.checked());
        if (typed.isEmpty()) {
            // Left empty: the date stays what it was (a new entry has none, and shows as never checked).
            checked = current == null ? null : current.entry().checked();
        } else {
            try {
                checked = LocalDate.parse(typed);
            } catch (DateTimeParseException e) {
                return Outcome.refused("核对日期请写成 年-月-日，例如 " + LocalDate.now(CityTime.ZONE));
            }
            if (checked.isAfter(LocalDate.now(CityTime.ZONE))) {
                return Outcome.refused("核对日期不能晚于今天");
            }
        }
        KnowledgeEntry entry = new KnowledgeEntry(id, topic, clean(draft.question()), lines(draft.phrasings()),
                cleanAnswer(draft.answer()), tags.isEmpty() ? (topic.isEmpty() ? List.of() : List.of(topic)) : tags,
                clean(draft.source()).isEmpty() && current != null ? current.entry().source() : clean(draft.source()),
                checked, draft.superseded());
        String note = limit(clean(draft.note()), MAX_NOTE_CHARS);
        return write(entry, current, true, note.isEmpty() ? action : note, action);
    }

    Outcome setEnabled(String id, boolean enabled, int baseVersion) {
        Optional<EntryView> current = entry(id);
        if (current.isEmpty()) {
            return Outcome.refused("没有编号为 " + id + " 的条目");
        }
        if (current.get().version() != baseVersion) {
            return Outcome.refused(conflict(current.get()));
        }
        if (current.get().enabled() == enabled) {
            return Outcome.refused(enabled ? "条目已是启用状态" : "条目已是停用状态");
        }
        String action = enabled ? "启用知识条目" : "停用知识条目";
        return write(current.get().entry(), current.get(), enabled, action, action);
    }

    /** One more way residents ask an entry, typically a question from the curation queue. */
    Outcome addPhrasing(String id, String phrasing) {
        Optional<EntryView> current = entry(id);
        if (current.isEmpty()) {
            return Outcome.refused("没有编号为 " + id + " 的条目");
        }
        if (!current.get().enabled()) {
            return Outcome.refused("条目 " + id + " 已停用，请先启用");
        }
        String added = clean(phrasing);
        if (TextNormalizer.normalize(added).isEmpty()) {
            return Outcome.refused("问法不能为空");
        }
        KnowledgeEntry before = current.get().entry();
        Set<String> known = new HashSet<>();
        known.add(TextNormalizer.normalize(before.question()));
        before.phrasings().forEach(p -> known.add(TextNormalizer.normalize(p)));
        if (known.contains(TextNormalizer.normalize(added))) {
            return Outcome.refused("条目 " + id + " 已有这个问法");
        }
        List<String> phrasings = new ArrayList<>(before.phrasings());
        phrasings.add(added);
        KnowledgeEntry entry = new KnowledgeEntry(before.id(), before.topic(), before.question(), phrasings,
                before.answer(), before.tags(), before.source(), before.checked(), before.sourceSuperseded());
        return write(entry, current.get(), true, "添加问法：" + limit(added, 100), "添加问法");
    }

    /** Makes an earlier version (0: the file's text) current again, as a new version. */
    Outcome restore(String id, int version, int baseVersion) {
        Optional<EntryView> current = entry(id);
        if (current.isEmpty()) {
            return Outcome.refused("没有编号为 " + id + " 的条目");
        }
        if (current.get().version() != baseVersion) {
            return Outcome.refused(conflict(current.get()));
        }
        if (version == 0) {
            Optional<KnowledgeEntry> file = fileEntry(id);
            if (file.isEmpty()) {
                return Outcome.refused("文件中没有这个条目");
            }
            return write(file.get(), current.get(), true, "恢复为文件原文", "恢复知识条目版本");
        }
        Optional<EntryRevision> old = store.version(id, version);
        if (old.isEmpty()) {
            return Outcome.refused("没有这个版本");
        }
        KnowledgeEntry restored = KnowledgeLoader.withFileDate(old.get().entry(), fileEntry(id).orElse(null));
        return write(restored, current.get(), old.get().enabled(), "恢复到第 " + version + " 版", "恢复知识条目版本");
    }

    private Optional<KnowledgeEntry> fileEntry(String id) {
        return knowledge.fileEntries().stream().map(KnowledgeLoader.SourcedEntry::entry).filter(e -> e.id().equals(id))
                .findFirst();
    }

    private Outcome write(KnowledgeEntry entry, EntryView current, boolean enabled, String note, String action) {
        List<String> problems = enabled ? check(entry) : List.of();
        if (!problems.isEmpty()) {
            return Outcome.refused(problems);
        }
        int version = current == null ? 1 : current.version() + 1;
        String who = Staff.current().map(Staff::username).orElse("system");
        String basedOn = fileEntry(entry.id()).map(EntryRevision::contentHash).orElse(null);
        if (!store.insert(entry, version, enabled, note, who, basedOn)) {
            return Outcome.refused("保存时发现他人刚刚修改了这个条目，请重新打开后再改");
        }
        audit.record(action, "knowledge", entry.id(),
                current == null ? null : summary(current.entry(), current.enabled()), summary(entry, enabled));
        String warning = null;
        if (!knowledge.reload()) {
            warning = "已保存，但知识库暂未更新：" + knowledge.lastReloadError();
        }
        return new Outcome(true, entry.id(), version, List.of(), warning);
    }

    private static String conflict(EntryView current) {
        return "这个条目已被 " + (current.latest() == null ? "他人" : current.latest().editedBy())
                + " 修改（现为第 " + current.version() + " 版），请在最新内容上修改";
    }

    // ---------------------------------------------------------------- checks

    /**
     * The checks of the loader, in the editors' words, for one entry; then the loader itself on the
     * whole merged set, so nothing that would stop the index rebuilding is ever saved.
     */
    List<String> check(KnowledgeEntry entry) {
        List<String> problems = new ArrayList<>();
        if (entry.topic().isEmpty()) {
            problems.add("请选择或填写主题");
        } else if (entry.topic().length() > MAX_TOPIC_CHARS) {
            problems.add("主题最多 " + MAX_TOPIC_CHARS + " 个字");
        }
        if (TextNormalizer.normalize(entry.question()).isEmpty()) {
            problems.add("请填写标准问题");
        } else if (entry.question().length() > MAX_TEXT_CHARS) {
            problems.add("标准问题最多 " + MAX_TEXT_CHARS + " 个字");
        }
        int answerChars = entry.answer().codePointCount(0, entry.answer().length());
        if (entry.answer().isEmpty()) {
            problems.add("请填写答案");
        } else if (answerChars > KnowledgeLoader.MAX_ANSWER_CHARS) {
            problems.add("答案最多 " + KnowledgeLoader.MAX_ANSWER_CHARS + " 个字（现有 " + answerChars + " 个），手机上要一屏读完");
        }
        if (entry.phrasings().size() < KnowledgeLoader.MIN_PHRASINGS) {
            problems.add("至少需要 " + KnowledgeLoader.MIN_PHRASINGS + " 个问法（每行一个），现有 " + entry.phrasings().size() + " 个");
        }
        if (entry.source() == null || entry.source().isBlank()) {
            problems.add("请填写来源（答案依据的法规、文件或网页）");
        }
        entry.phrasings().stream().filter(p -> p.length() > MAX_TEXT_CHARS).findFirst()
                .ifPresent(p -> problems.add("问法最多 " + MAX_TEXT_CHARS + " 个字：" + limit(p, 30) + "…"));
        Matcher placeholder = CITY_WORDING.matcher(entry.answer());
        while (placeholder.find()) {
            String wording = knowledge.cityWording().get(placeholder.group(1));
            if (wording == null || wording.isBlank()) {
                problems.add("答案中的 {{city:" + placeholder.group(1) + "}} 没有配置（wenming.knowledge.city-wording）");
            }
        }
        // Phrasings another entry already has: the loader would refuse the whole set.
        Map<String, String> owners = new HashMap<>();
        List<KnowledgeEntry> others = merged().stream().filter(e -> !e.id().equals(entry.id())).toList();
        for (KnowledgeEntry other : others) {
            owners.putIfAbsent(TextNormalizer.normalize(other.question()), other.id());
            other.phrasings().forEach(p -> owners.putIfAbsent(TextNormalizer.normalize(p), other.id()));
        }
        List<String> asked = new ArrayList<>(entry.phrasings());
        asked.add(0, entry.question());
        for (String text : asked) {
            String owner = owners.get(TextNormalizer.normalize(text));
            if (owner != null) {
                problems.add("“" + text + "”已是条目 " + owner + " 的问法，同一问法只能属于一个条目");
            }
        }
        if (problems.isEmpty()) {
            // Whatever else the loader would object to, and was not already wrong before this change.
            List<String> before = KnowledgeLoader.problems(merged(), knowledge.cityWording());
            List<KnowledgeEntry> after = new ArrayList<>(others);
            after.add(entry);
            KnowledgeLoader.problems(after, knowledge.cityWording()).stream().filter(p -> !before.contains(p))
                    .forEach(problems::add);
        }
        return problems;
    }

    /** The raw entries the index is built from (files with console changes), before city wording. */
    private List<KnowledgeEntry> merged() {
        List<KnowledgeEntry> files = knowledge.fileEntries().stream().map(KnowledgeLoader.SourcedEntry::entry).toList();
        return KnowledgeLoader.overlay(files, store.latest());
    }

    /** How the audit log shows an entry's content. */
    static String summary(KnowledgeEntry e, boolean enabled) {
        return EntryRevision.summary(e, enabled);
    }

    // ---------------------------------------------------------------- text clean-up

    /** One line: control characters dropped, runs of white space made one space, trimmed. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) || Character.isWhitespace(cp)
                ? ' ' : cp));
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    /** An answer may have line breaks; each line is cleaned, at most one empty line in a row is kept. */
    static String cleanAnswer(String text) {
        if (text == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String cleaned = clean(line);
            if (!cleaned.isEmpty() || lines.isEmpty() || !lines.get(lines.size() - 1).isEmpty()) {
                lines.add(cleaned);
            }
        }
        return String.join("\n", lines).strip();
    }

    /** One phrasing per line; blank lines and repeats (after normalisation) dropped. */
    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        Map<String, String> unique = new LinkedHashMap<>();
        for (String line : text.split("[\\r\\n]+")) {
            String cleaned = clean(line);
            String key = TextNormalizer.normalize(cleaned);
            if (!key.isEmpty()) {
                unique.putIfAbsent(key, cleaned);
            }
        }
        return List.copyOf(unique.values());
    }

    static List<String> splitTags(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[,，、;；\\s]+")).map(KnowledgeCuration::clean).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    static String limit(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max));
    }
}
