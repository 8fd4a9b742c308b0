package cn.wenming.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for reports, their photos, history, followers and outbox. */
@Repository
class ReportRepository {

    /** A stored report row, with what pages and Open311 may show. */
    record Row(long id, String ticketNo, String channel, String categoryCode, ReportState state, Double latitude,
            Double longitude, String address, String description, String phoneMasked, boolean anonymous,
            String unitName, String communityName, Integer deadlineHours, Integer deadlineWorkingDays,
            OffsetDateTime dueAt, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime closedAt,
            String reporterOpenid, String appId, int version, boolean needsDecision, int reopenCount,
            boolean overdue, String rating, String districtName, String communityCode, String reporterHash,
            String streetName, String checkCode) {
    }

    /** An open report near a point. */
    record Nearby(long id, String ticketNo, String checkCode, String categoryCode, double latitude,
            double longitude) {
    }

    /** A stored report's id and the check code the database drew for it. */
    record Inserted(long id, String checkCode) {
    }

    /** A stored photo the resident asked for, with what decides whether they may see it. */
    record ViewerPhoto(PhotoFile file, boolean reporter, String categoryCode, ReportState state) {
    }

    /** A photo file a viewer may receive. */
    record PhotoFile(String sha256, String contentType) {
    }

    private static final String COLUMNS = """
            id, ticket_no, channel, category_code, state, latitude, longitude, address, description, phone_masked,
            anonymous, unit_name, community_name, deadline_hours, deadline_working_days, due_at, created_at,
            updated_at, closed_at, reporter_openid, app_id, version, needs_decision, reopen_count, overdue, rating,
            district_name, community_code, reporter_hash, street_name, check_code""";

    private final JdbcClient jdbc;

    ReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next number of the day; the counter row stays locked until the caller's transaction ends. */
    int nextTicketSequence(LocalDate day) {
        return jdbc.sql("""
                INSERT INTO report_ticket_counter (day, last_value) VALUES (:day, 1)
                ON CONFLICT (day) DO UPDATE SET last_value = report_ticket_counter.last_value + 1
                RETURNING last_value""").param("day", day).query(Integer.class).single();
    }

    Optional<String> ticketForSubmission(String submissionKey) {
        return jdbc.sql("SELECT ticket_no FROM report WHERE submission_key = :key").param("key", submissionKey)
                .query(String.class).optional();
    }

    int countSince(String openid, Instant since) {
        return jdbc.sql("SELECT count(*) FROM report WHERE reporter_openid = :openid AND created_at >= :since")
                .param("openid", openid).param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query(Integer.class).single();
    }

    List<Nearby> openNear(String categoryCode, double lat, double lng, double dLat, double dLng, Instant since) {
        return jdbc.sql("""
                SELECT id, ticket_no, check_code, category_code, latitude, longitude FROM report
                WHERE category_code = :category AND state IN (:open) AND created_at >= :since
                  AND latitude BETWEEN :minLat AND :maxLat AND longitude BETWEEN :minLng AND :maxLng
                ORDER BY created_at DESC LIMIT 50""")
                .param("category", categoryCode).param("open", openCodes())
                .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .param("minLat", lat - dLat).param("maxLat", lat + dLat)
                .param("minLng", lng - dLng).param("maxLng", lng + dLng)
                .query((rs, n) -> new Nearby(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getDouble(5), rs.getDouble(6)))
                .list();
    }

    Inserted insert(String ticketNo, NewReport report, String reporterHash, String phoneEncrypted, String phoneMasked,
            GridMap.Route route, ReportCategory category, ReportCategory.Deadline deadline) {
        return jdbc.sql("""
                INSERT INTO report (ticket_no, channel, app_id, category_code, state, latitude, longitude, address,
                    description, reporter_openid, reporter_hash, phone_encrypted, phone_masked, anonymous,
                    district_name, street_name, community_code, community_name, unit_name, deadline_hours,
                    deadline_working_days, submission_key)
                VALUES (:ticket, :channel, :appId, :category, :state, :lat, :lng, :address, :description, :openid,
                    :hash, :phoneEnc, :phoneMasked, :anonymous, :district, :street, :communityCode, :community,
                    :unit, :hours, :days, :submissionKey)
                RETURNING id, check_code""")
                .param("ticket", ticketNo).param("channel", report.channel()).param("appId", report.appId())
                .param("category", category.code()).param("state", ReportState.SUBMITTED.name())
                .param("lat", report.latitude()).param("lng", report.longitude()).param("address", report.address())
                .param("description", report.description()).param("openid", report.openid())
                .param("hash", reporterHash).param("phoneEnc", phoneEncrypted).param("phoneMasked", phoneMasked)
                .param("anonymous", report.anonymous()).param("district", route.districtName())
                .param("street", route.streetName()).param("communityCode", route.communityCode())
                .param("community", route.communityName()).param("unit", route.unit())
                .param("hours", deadline.hours()).param("days", deadline.workingDays())
                .param("submissionKey", report.submissionKey())
                .query((rs, n) -> new Inserted(rs.getLong(1), rs.getString(2))).single();
    }

    void insertPhoto(long reportId, NewReport.Photo photo) {
        if (photo instanceof NewReport.StoredPhoto stored) {
            PhotoStore.StoredPhoto p = stored.photo();
            jdbc.sql("""
                    INSERT INTO report_photo (id, report_id, status, sha256, content_type, width, height, size_bytes)
                    VALUES (:id, :report, 'stored', :sha, :type, :w, :h, :size)
                    ON CONFLICT DO NOTHING""")
                    .param("id", UUID.randomUUID()).param("report", reportId).param("sha", p.sha256())
                    .param("type", p.contentType()).param("w", p.width()).param("h", p.height())
                    .param("size", p.size()).update();
        } else if (photo instanceof NewReport.PendingMedia pending) {
            jdbc.sql("""
                    INSERT INTO report_photo (id, report_id, status, app_id, media_id, next_attempt_at)
                    VALUES (:id, :report, 'pending', :appId, :media, now())
                    ON CONFLICT DO NOTHING""")
                    .param("id", UUID.randomUUID()).param("report", reportId).param("appId", pending.appId())
                    .param("media", pending.mediaId()).update();
        }
    }

    /** A staff finding goes straight to its unit: accepted and dispatched as it is filed. */
    void dispatchOnFiling(long reportId) {
        jdbc.sql("UPDATE report SET state = :state, accepted_at = now(), dispatched_at = now() WHERE id = :id")
                .param("state", ReportState.DISPATCHED.name()).param("id", reportId).update();
    }

    void insertHistory(long reportId, ReportState state, String actor, String note) {
        jdbc.sql("INSERT INTO report_history (report_id, state, actor, note) VALUES (:report, :state, :actor, :note)")
                .param("report", reportId).param("state", state.name()).param("actor", actor).param("note", note)
                .update();
    }

    void insertOutbox(long reportId, String appId, String openid, ResidentNotifier.Notice notice) {
        jdbc.sql("""
                INSERT INTO report_outbox (report_id, app_id, openid, content, ticket_no, state_label, brief, url)
                VALUES (:report, :appId, :openid, :content, :ticket, :state, :brief, :url)""")
                .param("report", reportId).param("appId", appId).param("openid", openid)
                .param("content", notice.text()).param("ticket", notice.ticketNo()).param("state", notice.stateLabel())
                .param("brief", notice.brief()).param("url", notice.url()).update();
    }

    Optional<Row> byTicket(String ticketNo) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM report WHERE ticket_no = :ticket").param("ticket", ticketNo)
                .query(ReportRepository::row).optional();
    }

    /** These reports, in no particular order (unknown numbers are left out). */
    List<Row> byTickets(Collection<String> ticketNos) {
        return ticketNos.isEmpty() ? List.of() : jdbc.sql("SELECT " + COLUMNS + " FROM report WHERE ticket_no IN (:t)")
                .param("t", ticketNos).query(ReportRepository::row).list();
    }

    /** The resident's own and followed reports, newest first. */
    List<Row> forResident(String openid, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM report WHERE reporter_openid = :openid"
                + " OR id IN (SELECT report_id FROM report_follower WHERE openid = :openid)"
                + " ORDER BY created_at DESC LIMIT :limit")
                .param("openid", openid).param("limit", limit).query(ReportRepository::row).list();
    }

    boolean follows(long reportId, String openid) {
        return jdbc.sql("SELECT count(*) FROM report_follower WHERE report_id = :report AND openid = :openid")
                .param("report", reportId).param("openid", openid).query(Integer.class).single() > 0;
    }

    void follow(long reportId, String openid, String appId) {
        jdbc.sql("""
                INSERT INTO report_follower (report_id, openid, app_id) VALUES (:report, :openid, :appId)
                ON CONFLICT DO NOTHING""").param("report", reportId).param("openid", openid).param("appId", appId)
                .update();
    }

    /** Offers this resident to follow the report until {@code expiresAt} (a later offer extends it). */
    void offerFollow(long reportId, String openid, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO report_follow_offer (report_id, openid, expires_at) VALUES (:report, :openid, :expires)
                ON CONFLICT (report_id, openid) DO UPDATE SET expires_at = EXCLUDED.expires_at, created_at = now()""")
                .param("report", reportId).param("openid", openid)
                .param("expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)).update();
    }

    /** Whether the resident holds an unexpired offer to follow the report. */
    boolean hasFollowOffer(long reportId, String openid, Instant now) {
        return jdbc.sql("""
                SELECT count(*) FROM report_follow_offer
                WHERE report_id = :report AND openid = :openid AND expires_at > :now""")
                .param("report", reportId).param("openid", openid)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).query(Integer.class).single() > 0;
    }

    /** Uses the offer up; false when there was none (or it expired, or a concurrent follow used it). */
    boolean useFollowOffer(long reportId, String openid, Instant now) {
        return jdbc.sql("""
                DELETE FROM report_follow_offer
                WHERE report_id = :report AND openid = :openid AND expires_at > :now""")
                .param("report", reportId).param("openid", openid)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update() > 0;
    }

    Map<Long, List<ReportView.Step>> history(Collection<Long> reportIds) {
        Map<Long, List<ReportView.Step>> out = new LinkedHashMap<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT report_id, state, actor, note, created_at FROM report_history WHERE report_id IN (:ids)"
                + " ORDER BY id").param("ids", reportIds)
                .query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ReportView.Step(
                            ReportState.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)));
                });
        return out;
    }

    Map<Long, List<ReportView.PhotoRef>> photos(Collection<Long> reportIds) {
        Map<Long, List<ReportView.PhotoRef>> out = new LinkedHashMap<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT report_id, id, stage, status FROM report_photo WHERE report_id IN (:ids)"
                + " AND status <> 'failed' ORDER BY seq").param("ids", reportIds)
                .query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ReportView.PhotoRef(
                            rs.getString(2), rs.getString(3), "pending".equals(rs.getString(4))));
                });
        return out;
    }

    /**
     * A stored photo of a report the resident made or follows, with whether they made it; a follower
     * may see it only when the board publishes it (the caller decides).
     */
    Optional<ViewerPhoto> photoForResident(UUID photoId, String openid) {
        return jdbc.sql("""
                SELECT p.sha256, p.content_type, r.reporter_openid = :openid, r.category_code, r.state
                FROM report_photo p JOIN report r ON r.id = p.report_id
                WHERE p.id = :id AND p.status = 'stored'
                  AND (r.reporter_openid = :openid
                       OR EXISTS (SELECT 1 FROM report_follower f WHERE f.report_id = r.id AND f.openid = :openid))""")
                .param("id", photoId).param("openid", openid)
                .query((rs, n) -> new ViewerPhoto(new PhotoFile(rs.getString(1), rs.getString(2)), rs.getBoolean(3),
                        rs.getString(4), ReportState.valueOf(rs.getString(5))))
                .optional();
    }

    /** A photo file with the unit of its report, for staff (a unit sees only its own reports' photos). */
    Optional<Map.Entry<PhotoFile, String>> photoForStaff(UUID photoId) {
        return jdbc.sql("""
                SELECT p.sha256, p.content_type, r.unit_name FROM report_photo p JOIN report r ON r.id = p.report_id
                WHERE p.id = :id AND p.status = 'stored'""")
                .param("id", photoId)
                .query((rs, n) -> Map.entry(new PhotoFile(rs.getString(1), rs.getString(2)), rs.getString(3)))
                .optional();
    }

    /** Unsubscribed: the reports stay (the problem is still real) but no longer point to the person. */
    int detach(String openid) {
        jdbc.sql("DELETE FROM report_follower WHERE openid = :openid").param("openid", openid).update();
        jdbc.sql("DELETE FROM report_follow_offer WHERE openid = :openid").param("openid", openid).update();
        jdbc.sql("DELETE FROM report_outbox WHERE openid = :openid AND status = 'pending'").param("openid", openid)
                .update();
        return jdbc.sql("""
                UPDATE report SET reporter_openid = NULL, reporter_hash = NULL, phone_encrypted = NULL,
                    phone_masked = NULL, updated_at = now()
                WHERE reporter_openid = :openid""").param("openid", openid).update();
    }

    static List<String> openCodes() {
        return ReportState.OPEN.stream().map(Enum::name).toList();
    }

    static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("ticket_no"), rs.getString("channel"),
                rs.getString("category_code"), ReportState.valueOf(rs.getString("state")),
                (Double) rs.getObject("latitude"), (Double) rs.getObject("longitude"), rs.getString("address"),
                rs.getString("description"), rs.getString("phone_masked"), rs.getBoolean("anonymous"),
                rs.getString("unit_name"), rs.getString("community_name"),
                (Integer) rs.getObject("deadline_hours"), (Integer) rs.getObject("deadline_working_days"),
                rs.getObject("due_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                rs.getString("reporter_openid"), rs.getString("app_id"), rs.getInt("version"),
                rs.getBoolean("needs_decision"), rs.getInt("reopen_count"), rs.getBoolean("overdue"),
                rs.getString("rating"), rs.getString("district_name"), rs.getString("community_code"),
                rs.getString("reporter_hash"), rs.getString("street_name"), rs.getString("check_code"));
    }
}
