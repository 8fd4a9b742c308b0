package cn.wenming.survey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Survey definitions: the files in config/surveys/ are validated and, when their text changed, stored
 * as a new version (a published version never changes, so answers always match the questions they
 * answered). The latest version of each survey is served.
 */
@Component
public class SurveyCatalog {

    private final JdbcClient jdbc;
    private final Map<String, SurveyDefinition> latest = new LinkedHashMap<>();

    SurveyCatalog(JdbcClient jdbc, @Value("${wenming.survey.dir:config/surveys}") Path dir) {
        this.jdbc = jdbc;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, String> file : files(dir).entrySet()) {
            SurveyDefinition parsed = parse(file.getValue(), 0);
            problems.addAll(parsed.problems());
            if (parsed.problems().isEmpty()) {
                latest.put(parsed.id(), publish(parsed.id(), file.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Survey definitions in " + dir + " are invalid:\n  "
                    + String.join("\n  ", problems));
        }
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

    /** Stores the text as a new version unless it equals the latest one; returns the definition served. */
    private SurveyDefinition publish(String id, String text) {
        Optional<Map<String, Object>> current = jdbc.sql("""
                SELECT version, definition FROM survey_version WHERE survey_id = :id ORDER BY version DESC LIMIT 1""")
                .param("id", id).query().listOfRows().stream().findFirst();
        if (current.isPresent() && current.get().get("definition").equals(text)) {
            return parse(text, ((Number) current.get().get("version")).intValue());
        }
        int version = current.map(row -> ((Number) row.get("version")).intValue() + 1).orElse(1);
        jdbc.sql("INSERT INTO survey_version (survey_id, version, definition, source) VALUES (:id, :v, :d, 'file')")
                .param("id", id).param("v", version).param("d", text).update();
        return parse(text, version);
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
        if (value instanceof java.util.Date date) {
            return OffsetDateTime.ofInstant(date.toInstant(), java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(String.valueOf(value));
    }
}
