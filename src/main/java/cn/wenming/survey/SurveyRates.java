package cn.wenming.survey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The four rates from completed responses: for each rate, favourable answers ÷ valid answers over the
 * questions tagged with it (a multiple-choice answer is favourable when it includes a favourable
 * option; answers with only excluded options, e.g. 不清楚, are not valid). Each figure carries its
 * sample size and a 95 % Wilson interval; groups below {@link #MIN_SAMPLE} are flagged, not ranked.
 */
@Service
public class SurveyRates {

    /** Below this many valid answers a group's rate is shown but not ranked. */
    public static final int MIN_SAMPLE = 30;
    private static final double Z = 1.959964;

    /** One rate for one group. */
    public record Figure(SurveyDefinition.Rate rate, String group, int favourable, int valid, double value,
            double low, double high, boolean smallSample) {
    }

    /** How figures are grouped. */
    public enum GroupBy {
        ALL("'全部'"), DISTRICT("coalesce(r.district_code, '未绑定')"), COMMUNITY("coalesce(r.community_code, '未绑定')"),
        WEEK("to_char(date_trunc('week', r.completed_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')");

        private final String sql;

        GroupBy(String sql) {
            this.sql = sql;
        }
    }

    private final JdbcClient jdbc;
    private final SurveyCatalog catalog;

    SurveyRates(JdbcClient jdbc, SurveyCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    public List<Figure> figures(String surveyId, GroupBy groupBy) {
        // Answers are read with the version they were given to, so edits never reinterpret old answers.
        Map<String, int[]> counts = new LinkedHashMap<>();
        record Answer(String group, int version, String question, String value) {
        }
        List<Answer> answers = jdbc.sql("SELECT " + groupBy.sql + " AS grp, r.version, a.question_code, a.value"
                + " FROM survey_answer a JOIN survey_response r ON r.id = a.response_id"
                + " WHERE r.survey_id = :s AND r.status = 'complete' ORDER BY grp")
                .param("s", surveyId)
                .query((rs, n) -> new Answer(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4))).list();
        Map<Integer, SurveyDefinition> versions = new HashMap<>();
        for (Answer answer : answers) {
            SurveyDefinition version = versions.computeIfAbsent(answer.version(),
                    v -> catalog.version(surveyId, v).orElseThrow());
            version.question(answer.question()).filter(q -> q.rate() != null).ifPresent(q -> {
                Set<String> chosen = Set.copyOf(Arrays.asList(answer.value().split(",")));
                if (!answer.value().isEmpty() && !q.excluded().containsAll(chosen)) {
                    int[] c = counts.computeIfAbsent(q.rate().name() + "|" + answer.group(), k -> new int[2]);
                    c[1]++;
                    if (chosen.stream().anyMatch(q.favourable()::contains)) {
                        c[0]++;
                    }
                }
            });
        }
        List<Figure> out = new ArrayList<>();
        counts.forEach((key, c) -> {
            String[] parts = key.split("\\|", 2);
            out.add(figure(SurveyDefinition.Rate.valueOf(parts[0]), parts[1], c[0], c[1]));
        });
        out.sort((a, b) -> a.rate() != b.rate() ? a.rate().compareTo(b.rate()) : a.group().compareTo(b.group()));
        return out;
    }

    static Figure figure(SurveyDefinition.Rate rate, String group, int favourable, int valid) {
        double[] interval = wilson(favourable, valid);
        return new Figure(rate, group, favourable, valid, valid == 0 ? 0 : favourable * 1.0 / valid, interval[0],
                interval[1], valid < MIN_SAMPLE);
    }

    /** The 95 % Wilson score interval for x successes in n trials. */
    static double[] wilson(int x, int n) {
        if (n == 0) {
            return new double[] {0, 1};
        }
        double p = x * 1.0 / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
