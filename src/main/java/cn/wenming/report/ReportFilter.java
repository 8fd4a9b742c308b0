package cn.wenming.report;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.core.CityTime;
import cn.wenming.core.InputLimits;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.springframework.security.access.AccessDeniedException;

/**
 * Which reports a console list, an export or the dashboard covers. Every field may be null, meaning
 * "any". Dates are days in the city's time zone ({@link CityTime#ZONE}) and bound the report's
 * creation: {@code from} inclusive, {@code to} inclusive (the whole day).
 *
 * <p>Request parameters (the same for the list page, the dashboard and the exports): {@code state}
 * (a {@link ReportState} code), {@code category}, {@code district}, {@code community}, {@code unit},
 * {@code from}, {@code to} (yyyy-MM-dd), {@code overdue} and {@code hasPhoto} (true/false) and
 * {@code q} (a ticket number, or words in the address or description). Blank or unreadable values
 * mean "any": a filter form never fails, it shows what it applied. A date that reads but lies outside
 * {@link InputLimits#MIN_YEAR}–{@link InputLimits#MAX_YEAR} is refused with 400 ({@link cn.wenming.core.InvalidInput}):
 * no report has it, and day arithmetic on it overflows.
 *
 * @param overdue true: 超期未办结 right now (see {@link ReportSearch#OVERDUE_NOW}); false: the others
 * @param hasPhoto whether the resident attached a photo
 */
@org.springframework.modulith.NamedInterface("figures")
public record ReportFilter(ReportState state, String categoryCode, String districtName, String communityName,
        String unitName, LocalDate from, LocalDate to, Boolean overdue, Boolean hasPhoto, String keyword) {

    /** No restriction at all. */
    public static final ReportFilter ANY = new ReportFilter(null, null, null, null, null, null, null, null, null, null);

    public ReportFilter {
        categoryCode = blankToNull(categoryCode);
        districtName = blankToNull(districtName);
        communityName = blankToNull(communityName);
        unitName = blankToNull(unitName);
        keyword = blankToNull(keyword);
        if (from != null && to != null && to.isBefore(from)) {
            LocalDate swap = from;
            from = to;
            to = swap;
        }
    }

    /** Reads the filter from request parameters (names in the class comment). */
    public static ReportFilter fromParams(Map<String, String> params) {
        Function<String, String> p = name -> blankToNull(params.get(name));
        return new ReportFilter(state(p.apply("state")), p.apply("category"), p.apply("district"),
                p.apply("community"), p.apply("unit"), date(p.apply("from")), date(p.apply("to")),
                bool(p.apply("overdue")), bool(p.apply("hasPhoto")), p.apply("q"));
    }

    /**
     * The filter a staff member may use: a HANDLER (责任单位) only ever sees their own unit, whatever the
     * request asked for. Every console page and export that lists or counts reports goes through here.
     */
    public ReportFilter forStaff(Staff staff) {
        if (staff.is(StaffRole.HANDLER)) {
            if (staff.unitName() == null || staff.unitName().isBlank()) {
                // Fail closed: a handler account without a unit sees nothing rather than everything.
                throw new AccessDeniedException("责任单位账号未设置所属单位");
            }
            return withUnit(staff.unitName());
        }
        return this;
    }

    /** {@link #forStaff} for the signed-in staff member; refused outside a staff request. */
    public ReportFilter forCurrentStaff() {
        return forStaff(Staff.current().orElseThrow(() -> new AccessDeniedException("not a staff request")));
    }

    public ReportFilter withUnit(String unit) {
        return new ReportFilter(state, categoryCode, districtName, communityName, unit, from, to, overdue, hasPhoto,
                keyword);
    }

    public ReportFilter withOverdue(Boolean newOverdue) {
        return new ReportFilter(state, categoryCode, districtName, communityName, unitName, from, to, newOverdue,
                hasPhoto, keyword);
    }

    public ReportFilter withDates(LocalDate newFrom, LocalDate newTo) {
        return new ReportFilter(state, categoryCode, districtName, communityName, unitName, newFrom, newTo, overdue,
                hasPhoto, keyword);
    }

    /** Start of {@code from} in the city, or null. */
    public Instant fromInstant() {
        return from == null ? null : from.atStartOfDay(CityTime.ZONE).toInstant();
    }

    /** Start of the day after {@code to} in the city (exclusive bound), or null. */
    public Instant toExclusiveInstant() {
        return to == null ? null : to.plusDays(1).atStartOfDay(CityTime.ZONE).toInstant();
    }

    /** The filter as request parameters (only the fields set), for links and the export buttons. */
    public Map<String, String> toParams() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "state", state == null ? null : state.name());
        put(out, "category", categoryCode);
        put(out, "district", districtName);
        put(out, "community", communityName);
        put(out, "unit", unitName);
        put(out, "from", from == null ? null : from.toString());
        put(out, "to", to == null ? null : to.toString());
        put(out, "overdue", overdue == null ? null : overdue.toString());
        put(out, "hasPhoto", hasPhoto == null ? null : hasPhoto.toString());
        put(out, "q", keyword);
        return out;
    }

    /** "unit=…, from=…" for the audit log; "全部" when nothing is set. */
    public String describe() {
        StringJoiner out = new StringJoiner(", ");
        toParams().forEach((k, v) -> out.add(k + "=" + v));
        return out.length() == 0 ? "全部" : out.toString();
    }

    public boolean isEmpty() {
        return toParams().isEmpty();
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static ReportState state(String code) {
        if (code == null) {
            return null;
        }
        try {
            return ReportState.valueOf(code.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Unreadable: any; readable but outside the years a report can have (e.g. -999999999-01-01): a 400. */
    private static LocalDate date(String text) {
        return InputLimits.day(text).orElse(null);
    }

    private static Boolean bool(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return "true".equalsIgnoreCase(t) || "1".equals(t) ? Boolean.TRUE
                : "false".equalsIgnoreCase(t) || "0".equals(t) ? Boolean.FALSE : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
