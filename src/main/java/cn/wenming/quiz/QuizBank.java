package cn.wenming.quiz;

import cn.wenming.knowledge.KnowledgeBase;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The question bank. The files in knowledge/quiz/ are validated like the knowledge base and seeded
 * into PostgreSQL at start; the console edits the rows there (a console edit is never overwritten by
 * the files again). Every instance serves an in-memory copy, refreshed when the table changes.
 */
@Component
public class QuizBank {

    private static final Logger log = LoggerFactory.getLogger(QuizBank.class);

    private final JdbcClient jdbc;
    private final KnowledgeBase knowledge;
    private volatile Map<String, QuizQuestion> questions = Map.of();
    private volatile String version = "";

    QuizBank(JdbcClient jdbc, KnowledgeBase knowledge, QuizProperties properties) {
        this.jdbc = jdbc;
        this.knowledge = knowledge;
        List<QuizQuestion> fromFiles = load(properties.dir());
        List<String> problems = validate(fromFiles);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Quiz questions in " + properties.dir() + " are invalid:\n  "
                    + String.join("\n  ", problems));
        }
        fromFiles.forEach(this::seed);
        refresh();
        log.info("Quiz bank: {} questions from {} ({} enabled in the database)", fromFiles.size(),
                properties.dir(), questions.size());
    }

    /** Enabled questions by id. */
    public Map<String, QuizQuestion> enabled() {
        return questions;
    }

    public Optional<QuizQuestion> find(String id) {
        return Optional.ofNullable(questions.get(id));
    }

    /** Problems with a question as a console edit would save it; empty when it may be saved. */
    public List<String> check(QuizQuestion question, boolean isNew) {
        List<String> problems = new ArrayList<>();
        checkOne(question, problems);
        if (isNew && jdbc.sql("SELECT count(*) FROM quiz_question WHERE id = :id").param("id", question.id())
                .query(Long.class).single() > 0) {
            problems.add(question.id() + "：编号已存在");
        }
        if (jdbc.sql("SELECT count(*) FROM quiz_question WHERE question = :q AND id <> :id")
                .param("q", question.question()).param("id", question.id()).query(Long.class).single() > 0) {
            problems.add(question.id() + "：与已有题目重复");
        }
        return problems;
    }

    /** Saves a console edit (or a new question) and serves it at once on this instance. */
    public void save(QuizQuestion question) {
        jdbc.sql("""
                INSERT INTO quiz_question (id, type, topic, question, options, answer, entry_id, explanation,
                    difficulty, enabled, source, updated_at)
                VALUES (:id, :type, :topic, :question, :options, :answer, :entry, :explanation, :difficulty,
                    :enabled, 'console', now())
                ON CONFLICT (id) DO UPDATE SET type = :type, topic = :topic, question = :question,
                    options = :options, answer = :answer, entry_id = :entry, explanation = :explanation,
                    difficulty = :difficulty, enabled = :enabled, source = 'console', updated_at = now()""")
                .params(params(question)).update();
        refresh();
    }

    /** Picks up edits made on other instances. */
    @Scheduled(fixedDelayString = "${wenming.quiz.reload-interval:5s}")
    void refreshIfChanged() {
        if (!currentVersion().equals(version)) {
            refresh();
        }
    }

    private void refresh() {
        String seen = currentVersion();
        Map<String, QuizQuestion> loaded = new LinkedHashMap<>();
        jdbc.sql("SELECT id, type, topic, question, options, answer, entry_id, explanation, difficulty, enabled"
                + " FROM quiz_question WHERE enabled ORDER BY id")
                .query((rs, n) -> row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                        rs.getBoolean(10)))
                .list().forEach(q -> loaded.put(q.id(), q));
        questions = Map.copyOf(loaded);
        version = seen;
    }

    private String currentVersion() {
        return jdbc.sql("SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM quiz_question")
                .query(String.class).single();
    }

    private void seed(QuizQuestion q) {
        jdbc.sql("""
                INSERT INTO quiz_question (id, type, topic, question, options, answer, entry_id, explanation,
                    difficulty, enabled, source)
                VALUES (:id, :type, :topic, :question, :options, :answer, :entry, :explanation, :difficulty,
                    TRUE, 'file')
                ON CONFLICT (id) DO UPDATE SET type = :type, topic = :topic, question = :question,
                    options = :options, answer = :answer, entry_id = :entry, explanation = :explanation,
                    difficulty = :difficulty, updated_at = now()
                WHERE quiz_question.source = 'file' AND (quiz_question.question, quiz_question.options,
                    quiz_question.answer, quiz_question.explanation, quiz_question.topic, quiz_question.entry_id,
                    quiz_question.difficulty) IS DISTINCT FROM (:question, :options, :answer, :explanation, :topic,
                    :entry, :difficulty)""")
                .params(params(q)).update();
    }

    private static Map<String, Object> params(QuizQuestion q) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", q.id());
        p.put("type", q.type().name());
        p.put("topic", q.topic());
        p.put("question", q.question());
        p.put("options", JsonMapper.shared().writeValueAsString(q.options()));
        p.put("answer", q.correct().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        p.put("entry", q.entryId());
        p.put("explanation", q.explanation());
        p.put("difficulty", q.difficulty());
        p.put("enabled", q.enabled());
        return p;
    }

    static QuizQuestion row(String id, String type, String topic, String question, String options, String answer,
            String entry, String explanation, int difficulty, boolean enabled) {
        List<String> parsed = Arrays.asList(JsonMapper.shared().readValue(options, String[].class));
        Set<Integer> correct = Arrays.stream(answer.split(",")).filter(s -> !s.isBlank()).map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        return new QuizQuestion(id, QuizQuestion.Type.valueOf(type), topic, question, List.copyOf(parsed),
                Set.copyOf(correct), entry, explanation, difficulty, enabled);
    }

    static List<QuizQuestion> load(Path dir) {
        List<QuizQuestion> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
                    String topic = String.valueOf(root.get("topic"));
                    for (Object item : (List<?>) root.get("questions")) {
                        out.add(parse(topic, (Map<?, ?>) item, file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read quiz questions in " + dir, e);
        }
        return out;
    }

    private static QuizQuestion parse(String topic, Map<?, ?> map, Path file) {
        String id = String.valueOf(map.get("id"));
        try {
            QuizQuestion.Type type = QuizQuestion.Type.valueOf(String.valueOf(map.get("type")).toUpperCase());
            List<String> options = new ArrayList<>();
            if (map.get("options") instanceof List<?> list) {
                list.forEach(o -> options.add(String.valueOf(o)));
            }
            Set<Integer> correct = new TreeSet<>();
            Object answer = map.get("answer");
            if (type == QuizQuestion.Type.JUDGE) {
                if (!(answer instanceof Boolean truth)) {
                    throw new IllegalStateException("判断题的 answer 须为 true 或 false");
                }
                correct.add(truth ? 0 : 1);
            } else if (answer instanceof List<?> indices) {
                indices.forEach(i -> correct.add(((Number) i).intValue()));
            }
            Object difficulty = map.get("difficulty");
            return new QuizQuestion(id, type, topic, String.valueOf(map.get("question")).strip(), List.copyOf(options),
                    Set.copyOf(correct), String.valueOf(map.get("entry")), String.valueOf(map.get("explanation")).strip(),
                    difficulty instanceof Number n ? n.intValue() : 1, true);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Quiz question " + id + " in " + file + ": " + e.getMessage(), e);
        }
    }

    List<String> validate(List<QuizQuestion> all) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (QuizQuestion q : all) {
            if (!ids.add(q.id())) {
                problems.add(q.id() + "：编号重复");
            }
            if (!texts.add(q.question())) {
                problems.add(q.id() + "：题目重复 “" + q.question() + "”");
            }
            checkOne(q, problems);
        }
        return problems;
    }

    private void checkOne(QuizQuestion q, List<String> problems) {
        String id = q.id();
        if (q.question() == null || q.question().isBlank() || q.explanation() == null || q.explanation().isBlank()) {
            problems.add(id + "：题目和解析都不能为空");
        }
        switch (q.type()) {
            case SINGLE -> {
                if (q.options().size() < 2 || q.correct().size() != 1) {
                    problems.add(id + "：单选题须有至少2个选项、恰好1个正确答案");
                }
            }
            case MULTIPLE -> {
                if (q.options().size() < 3 || q.correct().size() < 2) {
                    problems.add(id + "：多选题须有至少3个选项、至少2个正确答案");
                }
            }
            case JUDGE -> {
                if (!q.options().isEmpty() || q.correct().size() != 1) {
                    problems.add(id + "：判断题不设选项，答案为对或错");
                }
            }
            default -> throw new IllegalStateException();
        }
        if (q.correct().stream().anyMatch(i -> i < 0 || i >= q.choices().size())) {
            problems.add(id + "：正确答案的序号超出选项范围");
        }
        if (new HashSet<>(q.options()).size() != q.options().size()) {
            problems.add(id + "：选项重复");
        }
        if (knowledge.entry(q.entryId()) == null) {
            problems.add(id + "：对应的知识条目 " + q.entryId() + " 不存在");
        }
        if (q.difficulty() < 1 || q.difficulty() > 3) {
            problems.add(id + "：难度须为1到3");
        }
    }
}
