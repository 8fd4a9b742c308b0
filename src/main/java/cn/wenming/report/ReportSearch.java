package cn.wenming.report;

import cn.wenming.core.CityTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finding reports for staff: the console list, the exports and the dashboard's lists all read
 * through here, with one {@link ReportFilter}. Rows carry what staff may see — never the reporter's
 * openid, the phone only masked.
 *
 * <p>Callers apply {@link ReportFilter#forStaff} first, so a HANDLER only ever gets their own unit.
 */
@Repository
public class ReportSearch {

    /** Open states, as SQL literals. */
    static final String OPEN_STATES = quoted(ReportState.OPEN.stream().map(Enum::name).toList());

    /**
     * 超期未办结 right now, in one place: still open, and either flagged overdue (督办) by the workflow or
     * past its deadline while a unit has it (签收 / 处置中).
     */
    static final String OVERDUE_NOW = "(r.state IN (" + OPEN_STATES + ") AND (r.overdue OR (r.state IN ('"
            + ReportState.SIGNED.name() + "', '" + ReportState.IN_PROGRESS.name() + "') AND r.due_at < now())))";

    /** The resident attached at least one photo (received or still being fetched from WeChat). */
    static final String HAS_PHOTO = "EXISTS (SELECT 1 FROM report_photo p WHERE p.report_id = r.id"
            + " AND p.stage = 'report' AND p.status <> 'failed')";

    /** One report in a staff list or export. */
    public record Row(long id, String ticketNo, String categoryCode, String categoryName, ReportState state,
            String districtName, String streetName, String communityName, String unitName, String address,
            String description, String phoneMasked, boolean anonymous, OffsetDateTime createdAt,
            OffsetDateTime dueAt, OffsetDateTime resolvedAt, boolean overdue, Boolean finishedLate,
            boolean hasPhoto, String rating) {

        /** 满意 / 基本满意 / 不满意, or "" when not rated. */
        public String ratingLabel() {
            return ReportFigures.ratingLabel(rating);
        }

        /** District · community (or street) for a narrow column. */
        public String area() {
            StringJoiner out = new StringJoiner(" · ");
            if (districtName != null) {
                out.add(districtName);
            }
            if (communityName != null) {
                out.add(communityName);
            } else if (streetName != null) {
                out.add(streetName);
            }
            return out.toString();
        }

        public String created() {
            return CityTime.full(createdAt);
        }

        public String due() {
            return CityTime.full(dueAt);
        }

        public String resolved() {
            return CityTime.full(resolvedAt);
        }
    }

    /** One page of a list, newest first. */
    public record Page(List<Row> rows, long total, int page, int size) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages();
        }
    }

    /** How a list is ordered. */
    public enum Order {
        /** Newest report first (the default everywhere). */
        NEWEST,
        /** The earliest deadline first: the most overdue on top. */
        DUE
    }

    /** A WHERE clause (on alias {@code r}) and its parameters. */
    record Where(String sql, Map<String, Object> params) {

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            params.forEach(statement::param);
            return statement;
        }
    }

    private static final int MAX_PAGE_SIZE = 200;

    private static final String COLUMNS = """
            r.id, r.ticket_no, r.category_code, r.state, r.district_name, r.street_name, r.community_name,
            r.unit_name, r.address, r.description, r.phone_masked, r.anonymous, r.created_at, r.due_at,
            r.resolved_at, r.finished_late, r.rating, """ + OVERDUE_NOW + " AS overdue_now, " + HAS_PHOTO
            + " AS has_photo";

    private final JdbcClient jdbc;
    private final ReportCategories categories;

    ReportSearch(JdbcClient jdbc, ReportCategories categories) {
        this.jdbc = jdbc;
        this.categories = categories;
    }

    /** One page ({@code page} from 1) of matching reports, newest first, and how many match in all. */
    public Page find(ReportFilter filter, int page, int size) {
        int safeSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int safePage = Math.max(1, page);
        Where where = where(filter);
        long total = where.bind(jdbc.sql("SELECT count(*) FROM report r WHERE " + where.sql())).query(Long.class)
                .single();
        List<Row> rows = where.bind(jdbc.sql("SELECT " + COLUMNS + " FROM report r WHERE " + where.sql()
                        + orderBy(Order.NEWEST) + " LIMIT :limit OFFSET :offset"))
                .param("limit", safeSize).param("offset", (long) (safePage - 1) * safeSize)
                .query(this::row).list();
        return new Page(rows, total, safePage, safeSize);
    }

    /** Up to {@code max} matching reports, newest first (exports). */
    public List<Row> all(ReportFilter filter, int max) {
        return all(filter, Order.NEWEST, max);
    }

    public List<Row> all(ReportFilter filter, Order order, int max) {
        Where where = where(filter);
        return where.bind(jdbc.sql("SELECT " + COLUMNS + " FROM report r WHERE " + where.sql() + orderBy(order)
                + " LIMIT :limit")).param("limit", Math.max(0, max)).query(this::row).list();
    }

    public long count(ReportFilter filter) {
        Where where = where(filter);
        return where.bind(jdbc.sql("SELECT count(*) FROM report r WHERE " + where.sql())).query(Long.class).single();
    }

    /** The distinct districts, communities and units among the reports a filter allows (for the forms). */
    public List<String> distinct(String column, ReportFilter filter) {
        if (!List.of("district_name", "community_name", "unit_name").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        Where where = where(filter);
        return where.bind(jdbc.sql("SELECT r." + column + " FROM report r WHERE " + where.sql() + " AND r." + column
                + " IS NOT NULL GROUP BY r." + column + " ORDER BY r." + column + " LIMIT 500"))
                .query(String.class).list();
    }

    /** The filter as SQL on alias {@code r}; values are always bound, never spliced into the text. */
    static Where where(ReportFilter f) {
        StringJoiner sql = new StringJoiner(" AND ");
        Map<String, Object> params = new LinkedHashMap<>();
        sql.add("TRUE");
        if (f.state() != null) {
            sql.add("r.state = :f_state");
            params.put("f_state", f.state().name());
        }
        if (f.categoryCode() != null) {
            sql.add("r.category_code = :f_category");
            params.put("f_category", f.categoryCode());
        }
        if (f.districtName() != null) {
            sql.add("r.district_name = :f_district");
            params.put("f_district", f.districtName());
        }
        if (f.communityName() != null) {
            sql.add("r.community_name = :f_community");
            params.put("f_community", f.communityName());
        }
        if (f.unitName() != null) {
            sql.add("r.unit_name = :f_unit");
            params.put("f_unit", f.unitName());
        }
        if (f.from() != null) {
            sql.add("r.created_at >= :f_from");
            params.put("f_from", OffsetDateTime.ofInstant(f.fromInstant(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            sql.add("r.created_at < :f_to");
            params.put("f_to", OffsetDateTime.ofInstant(f.toExclusiveInstant(), ZoneOffset.UTC));
        }
        if (f.overdue() != null) {
            sql.add(f.overdue() ? OVERDUE_NOW : "NOT " + OVERDUE_NOW);
        }
        if (f.hasPhoto() != null) {
            sql.add(f.hasPhoto() ? HAS_PHOTO : "NOT " + HAS_PHOTO);
        }
        if (f.keyword() != null) {
            sql.add("(r.ticket_no = :f_ticket OR r.address ILIKE :f_like OR r.description ILIKE :f_like)");
            // A resident's ticket (with its check code) finds the report as the stored number does.
            params.put("f_ticket", Tickets.staffTicket(f.keyword()));
            params.put("f_like", "%" + f.keyword().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    + "%");
        }
        return new Where(sql.toString(), params);
    }

    private static String orderBy(Order order) {
        return order == Order.DUE ? " ORDER BY r.due_at ASC NULLS LAST, r.id" : " ORDER BY r.created_at DESC, r.id DESC";
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        String code = rs.getString("category_code");
        return new Row(rs.getLong("id"), rs.getString("ticket_no"), code,
                categories.find(code).map(ReportCategory::name).orElse(code), ReportState.valueOf(rs.getString("state")),
                rs.getString("district_name"), rs.getString("street_name"), rs.getString("community_name"),
                rs.getString("unit_name"), rs.getString("address"), rs.getString("description"),
                rs.getString("phone_masked"), rs.getBoolean("anonymous"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("due_at", OffsetDateTime.class),
                rs.getObject("resolved_at", OffsetDateTime.class), rs.getBoolean("overdue_now"),
                (Boolean) rs.getObject("finished_late"), rs.getBoolean("has_photo"), rs.getString("rating"));
    }

    static String quoted(List<String> codes) {
        StringJoiner out = new StringJoiner(", ");
        codes.forEach(c -> out.add("'" + c + "'"));
        return out.toString();
    }
}
