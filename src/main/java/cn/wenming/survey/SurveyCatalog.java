package cn.wenming.survey;

import cn.wenming.core.CityTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Survey definitions: the files in config/surveys/ are validated and, when their text changed, stored
 * as a new version; console edits are new versions too (a published version never changes, so answers
 * always match the questions they answered). The latest version of each survey is served.
 */
@Component
public class SurveyCatalog {

    private final JdbcClient jdbc;
    private volatile Map<String, SurveyDefinition> latest = Map.of();

    SurveyCatalog(JdbcClient jdbc, @Value("${wenming.survey.dir:config/surveys}") Path dir) {
        this.jdbc = jdbc;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, String> file : files(dir).entrySet()) {
            SurveyDefinition parsed = parse(file.getValue(), 0);
            problems.addAll(parsed.problems());
            if (parsed.problems().isEmpty()) {
                publishFile(parsed.id(), file.getValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Survey definitions in " + dir + " are invalid:\n  "
                    + String.join("\n  ", problems));
        }
        refresh();
    }

    /** The text of a survey's latest version, for the console editor. */
    public Optional<String> text(String id) {
        return jdbc.sql("SELECT definition FROM survey_version WHERE survey_id = :id ORDER BY version DESC LIMIT 1")
                .param("id", id).query(String.class).optional();
    }

    /**
     * Saves an edit from the console as a new version (the published one stays frozen for the answers
     * it has); returns the problems instead when the text is not a valid survey of this id.
     */
    public List<String> saveEdit(String id, String text) {
        SurveyDefinition parsed;
        try {
            parsed = parse(text, 0);
        } catch (RuntimeException e) {
            return List.of("无法读取问卷定义：" + e.getMessage());
        }
        List<String> problems = new ArrayList<>(parsed.problems());
        if (!parsed.id().equals(id)) {
            problems.add("问卷编号不能修改（应为 " + id + "）");
        }
        if (problems.isEmpty()) {
            insert(id, text, "console");
            refresh();
        }
        return problems;
    }

    /** Picks up versions published on other instances. */
    @Scheduled(fixedDelayString = "${wenming.survey.reload-interval:10s}")
    void refresh() {
        Map<String, SurveyDefinition> loaded = new LinkedHashMap<>();
        jdbc.sql("SELECT DISTINCT ON (survey_id) survey_id, version, definition FROM survey_version"
                + " ORDER BY survey_id, version DESC")
                .query((rs, n) -> parse(rs.getString(3), rs.getInt(2))).list()
                .forEach(s -> loaded.put(s.id(), s));
        latest = Map.copyOf(loaded);
    }

    public List<SurveyDefinition> all() {
        return List.copyOf(latest.values());
    }

    public List<SurveyDefinition> open(OffsetDateTime now) {
        return latest.values().stream().filter(s -> s.openAt(now)).toList();
    }

    public Optional<SurveyDefinition> find(String id) {
        return Optional.ofNullable(latest.get(id));
    }

    /** A specific version, for reading old responses. */
    public Optional<SurveyDefinition> version(String id, int version) {
        return jdbc.sql("SELECT definition FROM survey_version WHERE survey_id = :id AND version = :v")
                .param("id", id).param("v", version).query(String.class).optional().map(text -> parse(text, version));
    }

    /**
     * A file whose text changed since it was last published becomes a new version. A console edit made
     * since stays the latest until the file itself changes again.
     */
    private void publishFile(String id, String text) {
        Optional<String> lastFile = jdbc.sql("SELECT definition FROM survey_version WHERE survey_id = :id"
                + " AND source = 'file' ORDER BY version DESC LIMIT 1").param("id", id).query(String.class).optional();
        if (lastFile.isEmpty() || !lastFile.get().equals(text)) {
            insert(id, text, "file");
        }
    }

    private void insert(String id, String text, String source) {
        jdbc.sql("""
                INSERT INTO survey_version (survey_id, version, definition, source)
                SELECT :id, coalesce(max(version), 0) + 1, :d, :source FROM survey_version WHERE survey_id = :id""")
                .param("id", id).param("d", text).param("source", source).update();
    }

    private static Map<Path, String> files(Path dir) {
        Map<Path, String> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                out.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read surveys in " + dir, e);
        }
        return out;
    }

    static SurveyDefinition parse(String text, int version) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        List<SurveyDefinition.Question> questions = new ArrayList<>();
        for (Object item : (List<?>) root.get("questions")) {
            Map<?, ?> q = (Map<?, ?>) item;
            List<SurveyDefinition.Option> options = new ArrayList<>();
            if (q.get("options") instanceof List<?> list) {
                for (Object o : list) {
                    Map<?, ?> option = (Map<?, ?>) o;
                    options.add(new SurveyDefinition.Option(String.valueOf(option.get("code")),
                            String.valueOf(option.get("label"))));
                }
            }
            SurveyDefinition.ShowIf showIf = null;
            if (q.get("show-if") instanceof Map<?, ?> condition) {
                showIf = new SurveyDefinition.ShowIf(String.valueOf(condition.get("question")), strings(condition.get("any")));
            }
            Object rate = q.get("rate");
            questions.add(new SurveyDefinition.Question(String.valueOf(q.get("code")),
                    SurveyDefinition.Type.valueOf(String.valueOf(q.get("type")).toUpperCase()),
                    String.valueOf(q.get("text")), Boolean.TRUE.equals(q.get("required")), List.copyOf(options),
                    (Integer) q.get("min"), (Integer) q.get("max"), Boolean.TRUE.equals(q.get("randomize")), showIf,
                    rate == null ? null : SurveyDefinition.Rate.valueOf(rate.toString().toUpperCase()),
                    strings(q.get("favourable")), strings(q.get("excluded"))));
        }
        String eligibility = String.valueOf(root.getOrDefault("eligibility", "any"));
        return new SurveyDefinition(String.valueOf(root.get("id")), version, String.valueOf(root.get("title")),
                String.valueOf(root.getOrDefault("intro", "")), time(root.get("starts")), time(root.get("ends")),
                Boolean.TRUE.equals(root.get("anonymous")),
                eligibility.equals("bound-community") ? SurveyDefinition.Eligibility.BOUND_COMMUNITY
                        : SurveyDefinition.Eligibility.ANY,
                root.get("quota-per-community") instanceof Integer quota ? quota : Integer.MAX_VALUE,
                List.copyOf(questions));
    }

    private static Set<String> strings(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return Set.copyOf(out);
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof Date date) {
            // YAML timestamps arrive as instants; kept in the city's offset so pages show the city's dates.
            return OffsetDateTime.ofInstant(date.toInstant(), CityTime.ZONE);
        }
        return OffsetDateTime.parse(String.valueOf(value));
    }
}
