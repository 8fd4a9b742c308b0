package cn.wenming.survey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The four rates laid out for people: a table per grouping (overall, district, community, week) with a
 * row per group and a cell per rate — value, sample size, 95 % Wilson interval, small-sample flag — and
 * a ranking per rate in which groups with a small sample are listed apart, never ranked.
 */
public final class SurveyTables {

    /** One figure as shown and exported. */
    public record Cell(SurveyRates.Figure figure) {

        public String percent() {
            return pct(figure.value());
        }

        /** "[49.0%–94.3%]" */
        public String interval() {
            return "[" + pct(figure.low()) + "–" + pct(figure.high()) + "]";
        }

        public int n() {
            return figure.valid();
        }

        public boolean small() {
            return figure.smallSample();
        }
    }

    /** One group's rates, aligned with {@link RateTable#rates()}; a missing rate is null. */
    public record RateRow(String code, String name, List<Cell> cells) {
    }

    public record RateTable(String id, String title, SurveyRates.GroupBy groupBy, List<SurveyDefinition.Rate> rates,
            List<RateRow> rows) {
    }

    /** {@code rank} is 0 for a group with a small sample. */
    public record Ranked(int rank, String code, String name, Cell cell) {
    }

    public record Ranking(SurveyDefinition.Rate rate, List<Ranked> ranked, List<Ranked> small) {
    }

    /** The 辅助指标: not survey figures, shown beside them over the survey's period. */
    public record Supporting(String period, cn.wenming.report.ReportFigures.Rate reportSatisfaction,
            int quizParticipants, Integer quizHeadcount, String quizParticipation) {
    }

    private SurveyTables() {
    }

    /** The rates the survey's questions feed, in the order of the enum. */
    public static List<SurveyDefinition.Rate> rates(SurveyDefinition survey) {
        return survey.questions().stream().map(SurveyDefinition.Question::rate).filter(r -> r != null).distinct()
                .sorted().toList();
    }

    public static RateTable table(String id, String title, SurveyRates.GroupBy groupBy, List<SurveyDefinition.Rate> rates,
            List<SurveyRates.Figure> figures, Function<String, String> names) {
        Map<String, Map<SurveyDefinition.Rate, SurveyRates.Figure>> byGroup = new LinkedHashMap<>();
        for (SurveyRates.Figure f : figures) {
            byGroup.computeIfAbsent(f.group(), g -> new EnumMap<>(SurveyDefinition.Rate.class)).put(f.rate(), f);
        }
        List<RateRow> rows = new ArrayList<>();
        byGroup.keySet().stream().sorted().forEach(group -> {
            List<Cell> cells = new ArrayList<>();
            for (SurveyDefinition.Rate rate : rates) {
                SurveyRates.Figure f = byGroup.get(group).get(rate);
                cells.add(f == null ? null : new Cell(f));
            }
            rows.add(new RateRow(group, names.apply(group), cells));
        });
        return new RateTable(id, title, groupBy, rates, rows);
    }

    /** Per rate: groups with enough answers by value (ties share a place), then the small samples, unranked. */
    public static List<Ranking> rankings(RateTable table) {
        List<Ranking> out = new ArrayList<>();
        for (int i = 0; i < table.rates().size(); i++) {
            int column = i;
            List<Ranked> ranked = new ArrayList<>();
            List<Ranked> small = new ArrayList<>();
            List<RateRow> rows = table.rows().stream().filter(r -> r.cells().get(column) != null)
                    .sorted(Comparator.comparingDouble((RateRow r) -> -r.cells().get(column).figure().value())
                            .thenComparing(RateRow::code))
                    .toList();
            int place = 0;
            double previous = Double.NaN;
            for (RateRow row : rows) {
                Cell cell = row.cells().get(column);
                if (cell.small()) {
                    small.add(new Ranked(0, row.code(), row.name(), cell));
                    continue;
                }
                if (cell.figure().value() != previous) {
                    place = ranked.size() + 1;
                    previous = cell.figure().value();
                }
                ranked.add(new Ranked(place, row.code(), row.name(), cell));
            }
            out.add(new Ranking(table.rates().get(column), ranked, small));
        }
        return out;
    }

    static String pct(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value * 100);
    }
}
