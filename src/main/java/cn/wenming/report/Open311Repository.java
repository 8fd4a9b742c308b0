package cn.wenming.report;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The public search over reports behind Open311 {@code GET requests}. */
@Repository
class Open311Repository {

    /**
     * What a client asked for; a null field does not filter.
     *
     * @param ticketNos     these reports only (the other fields are then ignored)
     * @param categoryCodes any of these categories
     * @param open          true: open reports only; false: closed only
     * @param from          created at or after
     * @param to            created at or before
     */
    record Filter(List<String> ticketNos, List<String> categoryCodes, Boolean open, OffsetDateTime from,
            OffsetDateTime to, int limit) {
    }

    /** A report and the street the grid routed it to (which {@link ReportRepository.Row} does not carry). */
    record Found(ReportRepository.Row row, String streetName) {
    }

    private final JdbcClient jdbc;

    Open311Repository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One report by its ticket number. */
    Optional<Found> byTicket(String ticketNo) {
        return jdbc.sql("SELECT * FROM report WHERE ticket_no = :ticket AND channel <> :inspection")
                .param("ticket", ticketNo).param("inspection", StaffFindings.CHANNEL)
                .query(Open311Repository::found).optional();
    }

    /** Matching reports, newest first. */
    List<Found> find(Filter filter) {
        // 测评 findings are the campaign's own records, not service requests to publish.
        List<String> conditions = new ArrayList<>(List.of("channel <> :inspection"));
        Map<String, Object> params = new HashMap<>();
        params.put("inspection", StaffFindings.CHANNEL);
        params.put("limit", filter.limit());
        if (filter.ticketNos() != null) {
            conditions.add("ticket_no IN (:tickets)");
            params.put("tickets", filter.ticketNos());
        } else {
            if (filter.categoryCodes() != null) {
                conditions.add("category_code IN (:categories)");
                params.put("categories", filter.categoryCodes());
            }
            if (filter.open() != null) {
                conditions.add(filter.open() ? "state IN (:open)" : "state NOT IN (:open)");
                params.put("open", ReportRepository.openCodes());
            }
            if (filter.from() != null) {
                conditions.add("created_at >= :from");
                params.put("from", filter.from());
            }
            if (filter.to() != null) {
                conditions.add("created_at <= :to");
                params.put("to", filter.to());
            }
        }
        String where = " WHERE " + String.join(" AND ", conditions);
        // SELECT * because ReportRepository.row reads every column it knows; only Open311 fields leave.
        return jdbc.sql("SELECT * FROM report" + where + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .params(params).query(Open311Repository::found).list();
    }

    private static Found found(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Found(ReportRepository.row(rs, n), rs.getString("street_name"));
    }
}
