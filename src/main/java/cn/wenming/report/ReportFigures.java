package cn.wenming.report;

import cn.wenming.core.CityTime;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The 随手拍 figures, each defined once here so the dashboard, the bulletins and the public board
 * count alike:
 * <ul>
 * <li><b>按期办结率</b> (on-time rate) = reports resolved with {@code finished_late = false} ÷ reports
 * resolved with {@code finished_late} known;</li>
 * <li><b>满意率</b> (satisfaction) = ratings 满意 + 基本满意 ÷ all ratings;</li>
 * <li><b>平均办理时长</b> = mean of 签收 → 办结 ({@code signed_at → resolved_at}), and of 上报 → 办结;</li>
 * <li><b>超期未办结</b> = {@link ReportSearch#OVERDUE_NOW} (at a past period's end: open or resolved
 * later, with the deadline passed).</li>
 * </ul>
 */
@org.springframework.modulith.NamedInterface("figures")
@Service
public class ReportFigures {

    /** Resolved in time. */
    static final String ON_TIME = "r.finished_late = FALSE";
    /** Resolved, and whether in time is known (the denominator of the on-time rate). */
    static final String ON_TIME_KNOWN = "r.finished_late IS NOT NULL";
    static final String FINISHED_LATE = "r.finished_late = TRUE";
    /** 满意 or 基本满意. */
    static final String SATISFIED = "r.rating IN ('SATISFIED', 'BASIC')";
    static final String RATED = "r.rating IS NOT NULL";
    /** Seconds from 签收 to 办结, and from 上报 to 办结. */
    static final String SIGNED_TO_RESOLVED = "extract(epoch FROM (r.resolved_at - r.signed_at))::float8";
    static final String CREATED_TO_RESOLVED = "extract(epoch FROM (r.resolved_at - r.created_at))::float8";

    /** Rating codes and what people read. */
    private static final Map<String, String> RATINGS = Map.of("SATISFIED", "满意", "BASIC", "基本满意", "UNSATISFIED",
            "不满意");

    /** A share: {@code part} of {@code whole}; no value when nothing was counted. */
    public record Rate(long part, long whole) {

        public boolean known() {
            return whole > 0;
        }

        /** Between 0 and 1, or -1 when unknown. */
        public double value() {
            return whole == 0 ? -1 : (double) part / whole;
        }

        /** "87.5%", or "—" when nothing was counted. */
        public String percent() {
            if (whole == 0) {
                return "—";
            }
            double p = 100.0 * part / whole;
            return (p == Math.rint(p) ? String.valueOf((long) p) : String.format("%.1f", p)) + "%";
        }

        /** "7/8" for a tooltip. */
        public String fraction() {
            return part + "/" + whole;
        }
    }

    /** The headline figures of the reports a filter selects. */
    public record Summary(long total, long open, long resolved, long overdueNow, Rate onTime, Rate satisfaction,
            Double avgSignedToResolvedSeconds, Double avgCreatedToResolvedSeconds) {

        public String avgHandling() {
            return duration(avgSignedToResolvedSeconds);
        }

        public String avgTotal() {
            return duration(avgCreatedToResolvedSeconds);
        }
    }

    /** One bar of a breakdown. */
    public record Count(String key, String label, long count) {
    }

    /** Reports received and resolved per day (city time). */
    public record Trend(List<LocalDate> days, List<Long> received, List<Long> resolved) {

        public List<String> labels() {
            return days.stream().map(d -> String.format("%02d-%02d", d.getMonthValue(), d.getDayOfMonth())).toList();
        }
    }

    /**
     * One unit over a period [start, end): reports received (created in it), resolved in it, of those
     * on time and late, still unresolved past the deadline at the period's end (or now, if sooner), and
     * the ratings given in it.
     */
    public record UnitFigures(String unit, long received, long resolved, Rate onTime, long finishedLate,
            long overdueOpen, Rate satisfaction, Double avgSignedToResolvedSeconds) {

        public String avgHandling() {
            return duration(avgSignedToResolvedSeconds);
        }

        /**
         * 红黑榜 score: 60% on-time rate + 40% satisfaction; a unit nobody rated is scored on its
         * on-time rate alone. Between 0 and 1.
         */
        public double score() {
            double t = onTime.known() ? onTime.value() : 0;
            return satisfaction.known() ? 0.6 * t + 0.4 * satisfaction.value() : t;
        }

        public String scorePercent() {
            return String.format("%.1f", 100 * score());
        }
    }

    private final JdbcClient jdbc;
    private final ReportCategories categories;

    ReportFigures(JdbcClient jdbc, ReportCategories categories) {
        this.jdbc = jdbc;
        this.categories = categories;
    }

    /** The keyed openid hashes of everyone who filed a report (reach counts them by the code that brought them). */
    public java.util.Set<String> reporterHashes() {
        return new java.util.HashSet<>(jdbc.sql("SELECT DISTINCT reporter_hash FROM report WHERE reporter_hash IS NOT NULL")
                .query(String.class).list());
    }

    public Summary summary(ReportFilter filter) {
        ReportSearch.Where where = ReportSearch.where(filter);
        return where.bind(jdbc.sql("SELECT count(*), "
                + "count(*) FILTER (WHERE r.state IN (" + ReportSearch.OPEN_STATES + ")), "
                + "count(*) FILTER (WHERE r.resolved_at IS NOT NULL), "
                + "count(*) FILTER (WHERE " + ReportSearch.OVERDUE_NOW + "), "
                + "count(*) FILTER (WHERE " + ON_TIME + "), count(*) FILTER (WHERE " + ON_TIME_KNOWN + "), "
                + "count(*) FILTER (WHERE " + SATISFIED + "), count(*) FILTER (WHERE " + RATED + "), "
                + "avg(" + SIGNED_TO_RESOLVED + ") FILTER (WHERE r.resolved_at IS NOT NULL AND r.signed_at IS NOT NULL), "
                + "avg(" + CREATED_TO_RESOLVED + ") FILTER (WHERE r.resolved_at IS NOT NULL) "
                + "FROM report r WHERE " + where.sql()))
                .query((rs, n) -> new Summary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        new Rate(rs.getLong(5), rs.getLong(6)), new Rate(rs.getLong(7), rs.getLong(8)),
                        rs.getObject(9, Double.class), rs.getObject(10, Double.class)))
                .single();
    }

    /** Every state, in workflow order, with its count (zeros included). */
    public List<Count> byState(ReportFilter filter) {
        Map<String, Long> counts = grouped("r.state", filter);
        List<Count> out = new ArrayList<>();
        for (ReportState state : ReportState.values()) {
            out.add(new Count(state.name(), state.label(), counts.getOrDefault(state.name(), 0L)));
        }
        return out;
    }

    /** Categories with at least one report, most reported first. */
    public List<Count> byCategory(ReportFilter filter) {
        List<Count> out = new ArrayList<>();
        grouped("r.category_code", filter).forEach((code, n) -> out.add(new Count(code,
                categories.find(code).map(ReportCategory::name).orElse(code), n)));
        out.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::label));
        return out;
    }

    public List<Count> byDistrict(ReportFilter filter) {
        return named(grouped("r.district_name", filter), "未定位到区");
    }

    public List<Count> byUnit(ReportFilter filter) {
        return named(grouped("r.unit_name", filter), "—");
    }

    /**
     * Received and resolved per day over the {@code days} days ending {@code lastDay}; the filter's own
     * dates are ignored (the chart has its own window), everything else applies.
     */
    public Trend trend(ReportFilter filter, LocalDate lastDay, int days) {
        LocalDate first = lastDay.minusDays(days - 1L);
        ReportSearch.Where where = ReportSearch.where(filter.withDates(null, null));
        OffsetDateTime start = utc(first.atStartOfDay(CityTime.ZONE).toInstant());
        OffsetDateTime end = utc(lastDay.plusDays(1).atStartOfDay(CityTime.ZONE).toInstant());
        Map<LocalDate, long[]> perDay = new LinkedHashMap<>();
        for (int i = 0; i < days; i++) {
            perDay.put(first.plusDays(i), new long[2]);
        }
        String zone = CityTime.ZONE.getId();
        where.bind(jdbc.sql("SELECT d, sum(received), sum(resolved) FROM ("
                + " SELECT (r.created_at AT TIME ZONE :zone)::date AS d, 1 AS received, 0 AS resolved FROM report r"
                + " WHERE r.created_at >= :start AND r.created_at < :end AND " + where.sql()
                + " UNION ALL"
                + " SELECT (r.resolved_at AT TIME ZONE :zone)::date, 0, 1 FROM report r"
                + " WHERE r.resolved_at >= :start AND r.resolved_at < :end AND " + where.sql()
                + ") t GROUP BY d"))
                .param("zone", zone).param("start", start).param("end", end)
                .query((ResultSet rs) -> {
                    long[] slot = perDay.get(rs.getObject(1, LocalDate.class));
                    if (slot != null) {
                        slot[0] = rs.getLong(2);
                        slot[1] = rs.getLong(3);
                    }
                });
        List<Long> received = new ArrayList<>();
        List<Long> resolved = new ArrayList<>();
        perDay.values().forEach(v -> {
            received.add(v[0]);
            resolved.add(v[1]);
        });
        return new Trend(List.copyOf(perDay.keySet()), received, resolved);
    }

    /**
     * Per-unit figures for the period [start, end) in city days (bulletins, 红黑榜): every unit with
     * anything to count in it, by name. {@code unit} restricts to one unit (a HANDLER's), null = all.
     */
    public List<UnitFigures> byUnit(LocalDate start, LocalDate endExclusive, String unit) {
        String inPeriod = " >= :s AND %s < :e";
        String created = "r.created_at" + inPeriod.formatted("r.created_at");
        String resolved = "r.resolved_at" + inPeriod.formatted("r.resolved_at");
        String rated = "r.rated_at" + inPeriod.formatted("r.rated_at");
        // Unresolved when the period ended (or now, for the current period) with the deadline passed.
        String overdueAtEnd = "(r.state NOT IN ('REJECTED', 'DUPLICATE') AND r.due_at < LEAST(:e, now())"
                + " AND (r.resolved_at IS NULL OR r.resolved_at >= LEAST(:e, now())))";
        String sql = "SELECT r.unit_name, "
                + "count(*) FILTER (WHERE " + created + "), "
                + "count(*) FILTER (WHERE " + resolved + "), "
                + "count(*) FILTER (WHERE " + resolved + " AND " + ON_TIME + "), "
                + "count(*) FILTER (WHERE " + resolved + " AND " + ON_TIME_KNOWN + "), "
                + "count(*) FILTER (WHERE " + resolved + " AND " + FINISHED_LATE + "), "
                + "count(*) FILTER (WHERE " + overdueAtEnd + "), "
                + "count(*) FILTER (WHERE " + rated + " AND " + SATISFIED + "), "
                + "count(*) FILTER (WHERE " + rated + " AND " + RATED + "), "
                + "avg(" + SIGNED_TO_RESOLVED + ") FILTER (WHERE " + resolved + " AND r.signed_at IS NOT NULL) "
                + "FROM report r WHERE ((" + created + ") OR (" + resolved + ") OR (" + rated + ") OR " + overdueAtEnd
                + ")" + (unit == null ? "" : " AND r.unit_name = :unit")
                + " GROUP BY r.unit_name ORDER BY r.unit_name";
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("s", utc(start.atStartOfDay(CityTime.ZONE).toInstant()))
                .param("e", utc(endExclusive.atStartOfDay(CityTime.ZONE).toInstant()));
        if (unit != null) {
            statement = statement.param("unit", unit);
        }
        return statement.query((rs, n) -> new UnitFigures(rs.getString(1), rs.getLong(2), rs.getLong(3),
                new Rate(rs.getLong(4), rs.getLong(5)), rs.getLong(6), rs.getLong(7),
                new Rate(rs.getLong(8), rs.getLong(9)), rs.getObject(10, Double.class))).list();
    }

    /** The sum of per-unit figures (the bulletin's 合计 row). */
    public static UnitFigures total(List<UnitFigures> units) {
        long received = 0;
        long resolved = 0;
        long onTime = 0;
        long onTimeKnown = 0;
        long late = 0;
        long overdue = 0;
        long satisfied = 0;
        long rated = 0;
        double seconds = 0;
        long timed = 0;
        for (UnitFigures u : units) {
            received += u.received();
            resolved += u.resolved();
            onTime += u.onTime().part();
            onTimeKnown += u.onTime().whole();
            late += u.finishedLate();
            overdue += u.overdueOpen();
            satisfied += u.satisfaction().part();
            rated += u.satisfaction().whole();
            if (u.avgSignedToResolvedSeconds() != null) {
                // Weighted by resolved reports: an approximation when some lack a 签收 time.
                seconds += u.avgSignedToResolvedSeconds() * u.resolved();
                timed += u.resolved();
            }
        }
        return new UnitFigures("合计", received, resolved, new Rate(onTime, onTimeKnown), late, overdue,
                new Rate(satisfied, rated), timed == 0 ? null : seconds / timed);
    }

    /** 满意 / 基本满意 / 不满意 for a rating code; "" for none. */
    public static String ratingLabel(String code) {
        return code == null ? "" : RATINGS.getOrDefault(code, code);
    }

    /** "2天3小时", "5小时20分钟", "40分钟"; "—" for none. */
    public static String duration(Double seconds) {
        if (seconds == null) {
            return "—";
        }
        return duration(Duration.ofSeconds(Math.round(seconds)));
    }

    public static String duration(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return days + "天" + (hours > 0 ? hours + "小时" : "");
        }
        if (hours > 0) {
            return hours + "小时" + (mins > 0 ? mins + "分钟" : "");
        }
        return Math.max(1, mins) + "分钟";
    }

    private Map<String, Long> grouped(String column, ReportFilter filter) {
        ReportSearch.Where where = ReportSearch.where(filter);
        Map<String, Long> out = new LinkedHashMap<>();
        where.bind(jdbc.sql("SELECT " + column + ", count(*) FROM report r WHERE " + where.sql() + " GROUP BY "
                + column + " ORDER BY count(*) DESC, " + column))
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    private static List<Count> named(Map<String, Long> counts, String nullLabel) {
        List<Count> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new Count(k == null ? "" : k, k == null ? nullLabel : k, n)));
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
