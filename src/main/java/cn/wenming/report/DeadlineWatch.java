package cn.wenming.report;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches handling deadlines: a report whose last quarter of time has begun gets a reminder on its
 * timeline (and the console's "即将到期" mark); one past its deadline is flagged 超期 and escalated
 * to the 创城办 (督办). With several instances only one does the round: the others find the
 * PostgreSQL advisory lock taken and skip it.
 */
@Component
class DeadlineWatch {

    /** Any constant shared by every instance; names this job's advisory lock. */
    private static final long LOCK = 0x57_4d_44_45_41_44L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DeadlineWatch(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** What one round did: reminded and escalated report ids; null when another instance held the lock. */
    record Round(List<Long> reminded, List<Long> escalated) {
    }

    @Scheduled(fixedDelayString = "${wenming.report.deadline-check-interval:5m}",
            initialDelayString = "${wenming.report.deadline-check-interval:5m}")
    void scheduled() {
        check();
    }

    Round check() {
        return transaction.execute(status -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)").param("lock", LOCK).query(Boolean.class).single()) {
                return null;
            }
            List<Long> reminded = jdbc.sql("""
                    UPDATE report SET reminded = TRUE WHERE state IN ('SIGNED', 'IN_PROGRESS') AND NOT reminded
                      AND due_at > now() AND signed_at IS NOT NULL AND due_at - now() <= (due_at - signed_at) / 4
                    RETURNING id""").query(Long.class).list();
            reminded.forEach(id -> history(id, "临近办理时限，请抓紧处理"));
            List<Long> escalated = jdbc.sql("""
                    UPDATE report SET overdue = TRUE, escalated_at = now()
                    WHERE state IN ('SIGNED', 'IN_PROGRESS') AND NOT overdue AND due_at < now()
                    RETURNING id""").query(Long.class).list();
            escalated.forEach(id -> history(id, "已超期，转创城办督办"));
            return new Round(reminded, escalated);
        });
    }

    private void history(long reportId, String note) {
        jdbc.sql("""
                INSERT INTO report_history (report_id, state, actor, note)
                SELECT id, state, '系统', :note FROM report WHERE id = :id""")
                .param("id", reportId).param("note", note).update();
    }
}
