package cn.wenming.survey;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The plain counts of a survey for the console: responses (complete and partial), per-question
 * distributions and district/community cross-tabs of completed responses, and the raw responses for the
 * exports — codes as stored, labels from the version each response answered. Never an openid.
 */
@Service
public class SurveyFigures {

    /** Responses of one survey. */
    public record Counts(int complete, int partial) {

        public int total() {
            return complete + partial;
        }
    }

    /** One option of a closed question: how many completed responses chose it, and their share of those answering. */
    public record OptionCount(String code, String label, int count, double share) {

        public String percent() {
            return SurveyTables.pct(share);
        }
    }

    /** One question's answers over completed responses. */
    public record Distribution(SurveyDefinition.Question question, int answered, List<OptionCount> options,
            List<String> texts, Double mean) {
    }

    /** Rows (districts or communities) × the options of one closed question. */
    public record CrossTab(SurveyDefinition.Question question, List<String> groups, Map<String, int[]> counts,
            Map<String, Integer> answered) {
    }

    /** One response as exported: never who answered. */
    public record RawResponse(long id, int version, String channel, String districtCode, String communityCode,
            String status, OffsetDateTime startedAt, OffsetDateTime completedAt, Map<String, String> answers) {
    }

    /** Free-text answers shown per question on the page; the exports have them all. */
    static final int TEXTS_SHOWN = 20;

    private final JdbcClient jdbc;
    private final SurveyCatalog catalog;

    SurveyFigures(JdbcClient jdbc, SurveyCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /**
     * The keyed openid hashes of residents who completed an identified survey (reach counts them by the
     * code that brought them); anonymous responses cannot be traced to anyone, by design.
     */
    public java.util.Set<String> respondentHashes(cn.wenming.core.OpenIdHasher hasher) {
        java.util.Set<String> out = new java.util.HashSet<>();
        jdbc.sql("SELECT DISTINCT openid FROM survey_response WHERE openid IS NOT NULL AND status = 'complete'")
                .query(String.class).list().forEach(openid -> out.add(hasher.hash(openid)));
        return out;
    }

    /** Counts of every survey that has responses, by survey id. */
    public Map<String, Counts> counts() {
        Map<String, Counts> out = new HashMap<>();
        jdbc.sql("SELECT survey_id, count(*) FILTER (WHERE status = 'complete'), count(*) FILTER (WHERE status <> 'complete')"
                + " FROM survey_response GROUP BY survey_id")
                .query((rs, n) -> out.put(rs.getString(1), new Counts(rs.getInt(2), rs.getInt(3)))).list();
        return out;
    }

    public Counts counts(String surveyId) {
        return counts().getOrDefault(surveyId, new Counts(0, 0));
    }

    /** Codes and values of completed responses, question by question. */
    private record Answer(String district, String community, String question, String value) {
    }

    private List<Answer> completeAnswers(String surveyId) {
        return jdbc.sql("SELECT coalesce(r.district_code, '未绑定'), coalesce(r.community_code, '未绑定'),"
                + " a.question_code, a.value FROM survey_answer a JOIN survey_response r ON r.id = a.response_id"
                + " WHERE r.survey_id = :s AND r.status = 'complete' ORDER BY r.completed_at DESC, r.id DESC")
                .param("s", surveyId)
                .query((rs, n) -> new Answer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** Every question of the survey (latest version) with its answers from completed responses. */
    public List<Distribution> distributions(SurveyDefinition survey) {
        List<Answer> answers = completeAnswers(survey.id());
        List<Distribution> out = new ArrayList<>();
        for (SurveyDefinition.Question q : survey.questions()) {
            List<String> values = answers.stream().filter(a -> a.question().equals(q.code()) && !a.value().isEmpty())
                    .map(Answer::value).toList();
            if (q.type().closed()) {
                Map<String, Integer> byCode = new LinkedHashMap<>();
                q.options().forEach(o -> byCode.put(o.code(), 0));
                for (String value : values) {
                    for (String code : codes(value)) {
                        byCode.merge(code, 1, Integer::sum);
                    }
                }
                List<OptionCount> options = new ArrayList<>();
                byCode.forEach((code, count) -> options.add(new OptionCount(code,
                        q.option(code).map(SurveyDefinition.Option::label).orElse(code), count,
                        values.isEmpty() ? 0 : count * 1.0 / values.size())));
                out.add(new Distribution(q, values.size(), options, List.of(), null));
            } else if (q.type() == SurveyDefinition.Type.NUMBER) {
                Double mean = values.stream().mapToLong(Long::parseLong).average().stream().boxed().findFirst()
                        .orElse(null);
                out.add(new Distribution(q, values.size(), List.of(), List.of(), mean));
            } else {
                out.add(new Distribution(q, values.size(), List.of(),
                        values.stream().limit(TEXTS_SHOWN).toList(), null));
            }
        }
        return out;
    }

    /** A closed question's answers by district ({@code community} false) or community. */
    public CrossTab crossTab(SurveyDefinition survey, SurveyDefinition.Question q, boolean community) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Integer> answered = new LinkedHashMap<>();
        List<String> codes = q.options().stream().map(SurveyDefinition.Option::code).toList();
        for (Answer a : completeAnswers(survey.id())) {
            if (!a.question().equals(q.code()) || a.value().isEmpty()) {
                continue;
            }
            String group = community ? a.community() : a.district();
            int[] row = counts.computeIfAbsent(group, g -> new int[codes.size()]);
            answered.merge(group, 1, Integer::sum);
            for (String code : codes(a.value())) {
                int i = codes.indexOf(code);
                if (i >= 0) {
                    row[i]++;
                }
            }
        }
        List<String> groups = new ArrayList<>(counts.keySet());
        groups.sort(String::compareTo);
        return new CrossTab(q, groups, counts, answered);
    }

    /** Every response (complete and partial) in id order, with its raw answers. */
    public List<RawResponse> raw(String surveyId) {
        Map<Long, RawResponse> out = new LinkedHashMap<>();
        jdbc.sql("SELECT id, version, channel, district_code, community_code, status, started_at, completed_at"
                + " FROM survey_response WHERE survey_id = :s ORDER BY id")
                .param("s", surveyId)
                .query((rs, n) -> out.put(rs.getLong(1), new RawResponse(rs.getLong(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(8, OffsetDateTime.class), new LinkedHashMap<>())))
                .list();
        jdbc.sql("SELECT a.response_id, a.question_code, a.value FROM survey_answer a JOIN survey_response r"
                + " ON r.id = a.response_id WHERE r.survey_id = :s")
                .param("s", surveyId)
                .query((rs, n) -> {
                    RawResponse response = out.get(rs.getLong(1));
                    if (response != null) {
                        response.answers().put(rs.getString(2), rs.getString(3));
                    }
                    return null;
                }).list();
        return List.copyOf(out.values());
    }

    /** The questions of every version that has responses, latest version's order first. */
    public List<SurveyDefinition.Question> columns(SurveyDefinition latest, List<RawResponse> responses) {
        Map<String, SurveyDefinition.Question> out = new LinkedHashMap<>();
        latest.questions().forEach(q -> out.put(q.code(), q));
        Set<Integer> versions = new LinkedHashSet<>();
        responses.forEach(r -> versions.add(r.version()));
        for (int v : versions) {
            if (v != latest.version()) {
                catalog.version(latest.id(), v).ifPresent(d -> d.questions().forEach(q -> out.putIfAbsent(q.code(), q)));
            }
        }
        return List.copyOf(out.values());
    }

    /** What an answer reads as in the version it was given to: option labels joined by 、, else the value. */
    public String label(SurveyDefinition version, String questionCode, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return version.question(questionCode).filter(q -> q.type().closed())
                .map(q -> String.join("、", codes(value).stream()
                        .map(c -> q.option(c).map(SurveyDefinition.Option::label).orElse(c)).toList()))
                .orElse(value);
    }

    /** The definition of each version the responses answered. */
    public Map<Integer, SurveyDefinition> versions(SurveyDefinition latest, List<RawResponse> responses) {
        Map<Integer, SurveyDefinition> out = new HashMap<>();
        out.put(latest.version(), latest);
        for (RawResponse r : responses) {
            out.computeIfAbsent(r.version(), v -> catalog.version(latest.id(), v).orElse(latest));
        }
        return out;
    }

    private static List<String> codes(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
