package cn.wenming.inspection;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rounds, visits and marks in PostgreSQL. */
@Repository
class InspectionRepository {

    public record Round(long id, RoundKind kind, String title, String startedBy, OffsetDateTime startedAt,
            OffsetDateTime closedAt) {

        public boolean open() {
            return closedAt == null;
        }
    }

    /** A point of a round; everything but the codes is null until it is submitted. */
    public record Visit(long roundId, String pointCode, String submissionKey, String inspector, OffsetDateTime visitedAt,
            BigDecimal scorePoints, Integer weightTotal, Integer passed, Integer applicable) {

        public boolean done() {
            return visitedAt != null;
        }

        public InspectionScores.Tally tally() {
            return done() ? new InspectionScores.Tally(scorePoints, weightTotal, passed, applicable)
                    : InspectionScores.Tally.EMPTY;
        }
    }

    public record Mark(long roundId, String pointCode, String itemCode, String itemText, InspectionScores.Result result,
            Integer counted, int weight, BigDecimal score, String note, String reportTicket) {
    }

    private final JdbcClient jdbc;

    InspectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertRound(RoundKind kind, String title, String startedBy) {
        return jdbc.sql("INSERT INTO inspection_round (kind, title, started_by) VALUES (?, ?, ?) RETURNING id")
                .params(kind.name(), title, startedBy).query(Long.class).single();
    }

    void insertVisit(long roundId, String pointCode) {
        jdbc.sql("INSERT INTO inspection_visit (round_id, point_code) VALUES (?, ?)").params(roundId, pointCode).update();
    }

    boolean close(long roundId) {
        return jdbc.sql("UPDATE inspection_round SET closed_at = now() WHERE id = ? AND closed_at IS NULL")
                .param(roundId).update() == 1;
    }

    /** Newest first. */
    List<Round> rounds() {
        return jdbc.sql("SELECT * FROM inspection_round ORDER BY started_at DESC, id DESC").query(InspectionRepository::round)
                .list();
    }

    Optional<Round> round(long id) {
        return jdbc.sql("SELECT * FROM inspection_round WHERE id = ?").param(id).query(InspectionRepository::round)
                .optional();
    }

    List<Visit> visits(long roundId) {
        return jdbc.sql("SELECT * FROM inspection_visit WHERE round_id = ? ORDER BY point_code").param(roundId)
                .query(InspectionRepository::visit).list();
    }

    /** Every submitted visit, oldest round first. */
    List<Visit> doneVisits() {
        return jdbc.sql("""
                SELECT v.* FROM inspection_visit v JOIN inspection_round r ON r.id = v.round_id
                WHERE v.visited_at IS NOT NULL ORDER BY r.started_at, r.id, v.point_code""")
                .query(InspectionRepository::visit).list();
    }

    Optional<Visit> visit(long roundId, String pointCode) {
        return jdbc.sql("SELECT * FROM inspection_visit WHERE round_id = ? AND point_code = ?")
                .params(roundId, pointCode).query(InspectionRepository::visit).optional();
    }

    Optional<Visit> visitBySubmission(String key) {
        return jdbc.sql("SELECT * FROM inspection_visit WHERE submission_key = ?").param(key)
                .query(InspectionRepository::visit).optional();
    }

    /** Claims the visit for this submission; false when it was submitted already. */
    boolean claimVisit(long roundId, String pointCode, String key, String inspector) {
        return jdbc.sql("""
                UPDATE inspection_visit SET submission_key = ?, inspector = ?, visited_at = now()
                WHERE round_id = ? AND point_code = ? AND visited_at IS NULL""")
                .params(key, inspector, roundId, pointCode).update() == 1;
    }

    void scoreVisit(long roundId, String pointCode, InspectionScores.Tally tally) {
        jdbc.sql("""
                UPDATE inspection_visit SET score = ?, score_points = ?, weight_total = ?, passed = ?, applicable = ?
                WHERE round_id = ? AND point_code = ?""")
                .params(tally.score(), tally.points(), tally.weights(), tally.passed(), tally.applicable(), roundId,
                        pointCode).update();
    }

    void insertMark(Mark mark) {
        jdbc.sql("""
                INSERT INTO inspection_mark (round_id, point_code, item_code, item_text, result, counted, weight, score,
                    note, report_ticket)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(mark.roundId(), mark.pointCode(), mark.itemCode(), mark.itemText(), mark.result().name(),
                        mark.counted(), mark.weight(), mark.score(), mark.note(), mark.reportTicket())
                .update();
    }

    List<Mark> marks(long roundId, String pointCode) {
        return jdbc.sql("SELECT * FROM inspection_mark WHERE round_id = ? AND point_code = ? ORDER BY item_code")
                .params(roundId, pointCode).query(InspectionRepository::mark).list();
    }

    List<Mark> marks(long roundId) {
        return jdbc.sql("SELECT * FROM inspection_mark WHERE round_id = ? ORDER BY point_code, item_code")
                .param(roundId).query(InspectionRepository::mark).list();
    }

    /** A 不合格 that became a report, and who marked it. */
    record Found(Mark mark, String inspector) {
    }

    /** Every 不合格 that became a report, oldest round first. */
    List<Found> problems() {
        return problems("", List.of());
    }

    List<Found> problemsOf(Collection<Long> roundIds) {
        return roundIds.isEmpty() ? List.of() : problems(" AND m.round_id IN (:rounds)", roundIds);
    }

    private List<Found> problems(String condition, Collection<Long> roundIds) {
        var query = jdbc.sql("""
                SELECT m.*, v.inspector FROM inspection_mark m
                JOIN inspection_visit v ON v.round_id = m.round_id AND v.point_code = m.point_code
                JOIN inspection_round r ON r.id = m.round_id
                WHERE m.report_ticket IS NOT NULL""" + condition
                + " ORDER BY r.started_at, r.id, m.point_code, m.item_code");
        if (!roundIds.isEmpty()) {
            query = query.param("rounds", roundIds);
        }
        return query.query((rs, n) -> new Found(mark(rs, n), rs.getString("inspector"))).list();
    }

    /** The newest open round in which this point is still to be done. */
    Optional<Long> openRoundWaitingFor(String pointCode) {
        return jdbc.sql("""
                SELECT r.id FROM inspection_round r JOIN inspection_visit v ON v.round_id = r.id
                WHERE r.closed_at IS NULL AND v.point_code = ? AND v.visited_at IS NULL
                ORDER BY r.started_at DESC, r.id DESC LIMIT 1""").param(pointCode).query(Long.class).optional();
    }

    private static Round round(ResultSet rs, int n) throws SQLException {
        return new Round(rs.getLong("id"), RoundKind.valueOf(rs.getString("kind")), rs.getString("title"),
                rs.getString("started_by"), rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("closed_at", OffsetDateTime.class));
    }

    private static Visit visit(ResultSet rs, int n) throws SQLException {
        return new Visit(rs.getLong("round_id"), rs.getString("point_code"), rs.getString("submission_key"),
                rs.getString("inspector"), rs.getObject("visited_at", OffsetDateTime.class),
                rs.getBigDecimal("score_points"), (Integer) rs.getObject("weight_total"),
                (Integer) rs.getObject("passed"), (Integer) rs.getObject("applicable"));
    }

    private static Mark mark(ResultSet rs, int n) throws SQLException {
        return new Mark(rs.getLong("round_id"), rs.getString("point_code"), rs.getString("item_code"),
                rs.getString("item_text"), InspectionScores.Result.valueOf(rs.getString("result")),
                (Integer) rs.getObject("counted"), rs.getInt("weight"), rs.getBigDecimal("score"), rs.getString("note"),
                rs.getString("report_ticket"));
    }
}
