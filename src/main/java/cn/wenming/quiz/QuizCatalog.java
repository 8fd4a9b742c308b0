package cn.wenming.quiz;

import cn.wenming.console.AuditLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The question bank as the console sees it: every question (disabled ones too) with how residents did
 * on it, searches, a per-topic summary, and the edits (form, enable / disable, XLSX import), each
 * checked by {@link QuizBank#check} and audited.
 */
@Component
class QuizCatalog {

    static final int MAX_OPTIONS = 8;

    /** What a form or a sheet row says, as text; {@link #parse} turns it into a question. */
    record Draft(String id, String type, String topic, String question, String options, String answer, String entryId,
            String explanation, String difficulty, boolean enabled) {

        static Draft of(QuizQuestion q) {
            return new Draft(q.id(), q.type().name(), q.topic(), q.question(), String.join("\n", q.options()),
                    answerText(q), q.entryId(), q.explanation(), String.valueOf(q.difficulty()), q.enabled());
        }

        Draft withId(String newId) {
            return new Draft(newId, type, topic, question, options, answer, entryId, explanation, difficulty, enabled);
        }

        Draft withEnabled(boolean value) {
            return new Draft(id, type, topic, question, options, answer, entryId, explanation, difficulty, value);
        }
    }

    /** A question with its figures: answers recorded, of them right and late. */
    record Row(QuizQuestion question, long served, long correct, long late) {

        public Double correctRate() {
            return served == 0 ? null : correct * 1.0 / served;
        }

        public Double lateRate() {
            return served == 0 ? null : late * 1.0 / served;
        }

        public String answer() {
            return answerText(question);
        }

        public String correctPercent() {
            return percent(correctRate());
        }

        public String latePercent() {
            return percent(lateRate());
        }
    }

    /** One topic's figures. */
    record Topic(String name, int questions, int enabled, long served, long correct) {

        public Double correctRate() {
            return served == 0 ? null : correct * 1.0 / served;
        }

        public String correctPercent() {
            return percent(correctRate());
        }
    }

    /** A rate as the console shows it: a whole percentage, or a dash when nobody has answered. */
    static String percent(Double rate) {
        return rate == null ? "—" : Math.round(rate * 100) + "%";
    }

    /** The outcome of an edit: saved, or the reasons it was refused (nothing saved). */
    record Outcome(boolean saved, List<String> problems, String id) {
    }

    /** An import: the rows' problems (nothing imported then) or the counts. */
    record ImportResult(List<String> problems, int created, int updated, int unchanged) {

        boolean imported() {
            return problems.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final QuizBank bank;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    QuizCatalog(JdbcClient jdbc, QuizBank bank, AuditLog audit, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.bank = bank;
        this.audit = audit;
        this.transaction = transaction;
    }

    // ---------------------------------------------------------------- reading

    /** Every question, enabled or not, by id. */
    Map<String, QuizQuestion> all() {
        Map<String, QuizQuestion> out = new LinkedHashMap<>();
        jdbc.sql("SELECT id, type, topic, question, options, answer, entry_id, explanation, difficulty, enabled"
                + " FROM quiz_question ORDER BY topic, id")
                .query((rs, n) -> QuizBank.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                        rs.getBoolean(10)))
                .list().forEach(q -> out.put(q.id(), q));
        return out;
    }

    Optional<QuizQuestion> find(String id) {
        return Optional.ofNullable(all().get(id));
    }

    /** Every question with its figures. */
    List<Row> rows() {
        Map<String, long[]> figures = new HashMap<>();
        jdbc.sql("SELECT question_id, count(*), count(*) FILTER (WHERE correct), count(*) FILTER (WHERE late)"
                + " FROM quiz_answer GROUP BY question_id")
                .query((rs, n) -> figures.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)}))
                .list();
        List<Row> rows = new ArrayList<>();
        for (QuizQuestion q : all().values()) {
            long[] f = figures.getOrDefault(q.id(), new long[3]);
            rows.add(new Row(q, f[0], f[1], f[2]));
        }
        return rows;
    }

    /**
     * The questions matching the filters ({@code enabled}: "", "yes" or "no"); {@code sort} "rate" puts
     * the lowest correct rate first (questions never answered last), otherwise by topic and id.
     */
    List<Row> search(String text, String topic, String type, String enabled, String sort) {
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<Row> found = rows().stream().filter(r -> {
            QuizQuestion q = r.question();
            return (needle.isEmpty() || (q.id() + "\n" + q.question() + "\n" + String.join("\n", q.options()) + "\n"
                    + q.explanation() + "\n" + q.entryId()).toLowerCase(Locale.ROOT).contains(needle))
                    && (topic == null || topic.isBlank() || q.topic().equals(topic))
                    && (type == null || type.isBlank() || q.type().name().equals(type))
                    && (enabled == null || enabled.isBlank() || q.enabled() == "yes".equals(enabled));
        }).collect(Collectors.toCollection(ArrayList::new));
        if ("rate".equals(sort)) {
            found.sort(Comparator.comparing((Row r) -> r.correctRate() == null ? 2.0 : r.correctRate())
                    .thenComparing(r -> -r.served()).thenComparing(r -> r.question().id()));
        }
        return found;
    }

    /** Topics, the weakest (lowest correct rate) first; topics nobody has answered yet last. */
    List<Topic> topicSummary(List<Row> rows) {
        Map<String, Topic> by = new LinkedHashMap<>();
        for (Row r : rows) {
            by.merge(r.question().topic(), new Topic(r.question().topic(), 1, r.question().enabled() ? 1 : 0,
                    r.served(), r.correct()), (a, b) -> new Topic(a.name(), a.questions() + b.questions(),
                    a.enabled() + b.enabled(), a.served() + b.served(), a.correct() + b.correct()));
        }
        List<Topic> topics = new ArrayList<>(by.values());
        topics.sort(Comparator.comparing((Topic t) -> t.correctRate() == null ? 2.0 : t.correctRate())
                .thenComparing(Topic::name));
        return topics;
    }

    List<String> topics() {
        return all().values().stream().map(QuizQuestion::topic).collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
    }

    // ---------------------------------------------------------------- editing

    Outcome create(Draft draft) {
        List<String> problems = new ArrayList<>();
        QuizQuestion q = parse(draft, problems);
        if (q != null) {
            problems.addAll(bank.check(q, true));
        }
        if (!problems.isEmpty()) {
            return new Outcome(false, problems, draft.id());
        }
        bank.save(q);
        audit.record("新建答题题目", "quiz-question", q.id(), null, describe(q));
        return new Outcome(true, List.of(), q.id());
    }

    /** Saves the form for an existing question ({@code id} from the address, not the form). */
    Outcome update(String id, Draft draft) {
        QuizQuestion before = find(id).orElseThrow();
        List<String> problems = new ArrayList<>();
        QuizQuestion q = parse(draft.withId(id), problems);
        if (q != null) {
            problems.addAll(bank.check(q, false));
        }
        if (!problems.isEmpty()) {
            return new Outcome(false, problems, id);
        }
        if (!q.equals(before)) {
            bank.save(q);
            audit.record("修改答题题目", "quiz-question", id, describe(before), describe(q));
        }
        return new Outcome(true, List.of(), id);
    }

    /** Enables or disables a question; a disabled question is never drawn for a round. */
    void setEnabled(String id, boolean enabled) {
        QuizQuestion before = find(id).orElseThrow();
        if (before.enabled() == enabled) {
            return;
        }
        QuizQuestion after = new QuizQuestion(before.id(), before.type(), before.topic(), before.question(),
                before.options(), before.correct(), before.entryId(), before.explanation(), before.difficulty(), enabled);
        bank.save(after);
        audit.record(enabled ? "启用答题题目" : "停用答题题目", "quiz-question", id, enabled ? "停用" : "启用",
                enabled ? "启用" : "停用");
    }

    /**
     * Imports sheet rows (numbered as in the sheet): every row is checked first, and if any is wrong
     * nothing is imported. Rows equal to the stored question are left alone (a file question stays a
     * file question).
     */
    ImportResult importRows(Map<Integer, Draft> rows) {
        Map<String, QuizQuestion> existing = all();
        List<String> problems = new ArrayList<>();
        List<QuizQuestion> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        if (rows.isEmpty()) {
            problems.add("表格中没有题目");
        }
        rows.forEach((number, draft) -> {
            List<String> own = new ArrayList<>();
            QuizQuestion q = parse(draft, own);
            if (q != null) {
                if (!ids.add(q.id())) {
                    own.add(q.id() + "：编号在表格中重复");
                }
                if (!texts.add(q.question())) {
                    own.add(q.id() + "：题目在表格中重复");
                }
                own.addAll(bank.check(q, !existing.containsKey(q.id())));
                parsed.add(q);
            }
            own.forEach(p -> problems.add("第" + number + "行：" + p));
        });
        if (!problems.isEmpty()) {
            return new ImportResult(problems, 0, 0, 0);
        }
        int[] counts = new int[3];
        transaction.executeWithoutResult(status -> {
            for (QuizQuestion q : parsed) {
                QuizQuestion before = existing.get(q.id());
                if (q.equals(before)) {
                    counts[2]++;
                    continue;
                }
                bank.save(q);
                counts[before == null ? 0 : 1]++;
            }
        });
        audit.record("导入答题题目", "quiz-question", "xlsx", null,
                "共" + parsed.size() + "题：新增" + counts[0] + "，修改" + counts[1] + "，未变" + counts[2]);
        return new ImportResult(List.of(), counts[0], counts[1], counts[2]);
    }

    // ---------------------------------------------------------------- text <-> question

    /** The question a draft describes, or null when it cannot even be read (the reasons in {@code problems}). */
    static QuizQuestion parse(Draft d, List<String> problems) {
        String id = strip(d.id());
        String label = id.isEmpty() ? "题目" : id;
        int before = problems.size();
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,59}")) {
            problems.add(label + "：编号只能由字母、数字、连字符组成，不超过60个字符");
        }
        QuizQuestion.Type type = type(strip(d.type()));
        if (type == null) {
            problems.add(label + "：题型须为单选、多选或判断");
        }
        String topic = strip(d.topic());
        if (topic.isEmpty() || topic.length() > 40) {
            problems.add(label + "：主题不能为空，不超过40个字");
        }
        String question = strip(d.question());
        String explanation = strip(d.explanation());
        if (question.length() > 300 || explanation.length() > 300) {
            problems.add(label + "：题目和解析都不能超过300个字");
        }
        List<String> options = d.options() == null ? List.of()
                : d.options().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (options.size() > MAX_OPTIONS) {
            problems.add(label + "：选项最多" + MAX_OPTIONS + "个");
        }
        Set<Integer> correct = type == null ? Set.of() : answer(type, strip(d.answer()), label, problems);
        int difficulty;
        try {
            difficulty = Integer.parseInt(strip(d.difficulty()));
        } catch (NumberFormatException e) {
            difficulty = 0;
        }
        if (problems.size() > before) {
            return null;
        }
        return new QuizQuestion(id, type, topic, question, List.copyOf(options), Set.copyOf(correct),
                strip(d.entryId()), explanation, difficulty, d.enabled());
    }

    private static QuizQuestion.Type type(String text) {
        for (QuizQuestion.Type t : QuizQuestion.Type.values()) {
            if (t.name().equalsIgnoreCase(text) || t.label().equals(text) || (t.label() + "题").equals(text)) {
                return t;
            }
        }
        return null;
    }

    private static Set<Integer> answer(QuizQuestion.Type type, String text, String label, List<String> problems) {
        String t = text.toUpperCase(Locale.ROOT).replaceAll("[\\s,，、;；.。]", "");
        if (type == QuizQuestion.Type.JUDGE) {
            if (Set.of("对", "正确", "√", "A", "TRUE").contains(t)) {
                return Set.of(0);
            }
            if (Set.of("错", "错误", "×", "B", "FALSE").contains(t)) {
                return Set.of(1);
            }
            problems.add(label + "：判断题的答案填“对”或“错”");
            return Set.of();
        }
        Set<Integer> out = new TreeSet<>();
        for (char c : t.toCharArray()) {
            int i = QuizEngine.LETTERS.indexOf(c);
            if (i < 0) {
                problems.add(label + "：答案填正确选项的字母，如 A 或 AC");
                return Set.of();
            }
            out.add(i);
        }
        if (out.isEmpty()) {
            problems.add(label + "：请填写正确答案（选项字母，如 A 或 AC）");
        }
        return out;
    }

    /** The right answer as the console writes it: letters, or 对 / 错. */
    static String answerText(QuizQuestion q) {
        if (q.type() == QuizQuestion.Type.JUDGE) {
            return q.correct().contains(0) ? "对" : "错";
        }
        return q.correct().stream().sorted().filter(i -> i >= 0 && i < QuizEngine.LETTERS.length())
                .map(i -> String.valueOf(QuizEngine.LETTERS.charAt(i))).collect(Collectors.joining());
    }

    static String describe(QuizQuestion q) {
        StringBuilder out = new StringBuilder(q.type().label()).append(" · ").append(q.topic()).append(" · 难度")
                .append(q.difficulty()).append(q.enabled() ? "" : " · 停用").append('\n').append(q.question());
        for (int i = 0; i < q.options().size(); i++) {
            out.append('\n').append(QuizEngine.LETTERS.charAt(i)).append(". ").append(q.options().get(i));
        }
        return out.append("\n答案：").append(answerText(q)).append("\n条目：").append(q.entryId()).append("\n解析：")
                .append(q.explanation()).toString();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
