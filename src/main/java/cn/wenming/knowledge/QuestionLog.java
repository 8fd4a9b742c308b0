package cn.wenming.knowledge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Keeps the questions the knowledge base could not answer confidently, for curation. Records are
 * queued and written in batches off the reply path: a resident's answer never waits for this
 * insert, which under load cost more than the search itself. While PostgreSQL is away a failed
 * batch goes back to the front of the queue and is tried again on the next flush. A record is
 * curation input, not something a resident submitted, so a full queue drops rather than blocks:
 * every drop is counted in {@code wenming.questionlog.dropped}.
 */
@Repository
public class QuestionLog {

    private static final Logger log = LoggerFactory.getLogger(QuestionLog.class);
    private static final int CAPACITY = 10_000;

    private final JdbcTemplate jdbc;
    private final BlockingDeque<Object[]> pending = new LinkedBlockingDeque<>(CAPACITY);
    private final Counter dropped;
    /** Control characters other than line breaks and tabs: nothing a resident means to say. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    QuestionLog(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.dropped = Counter.builder("wenming.questionlog.dropped")
                .description("Unanswered-question records lost: queue full, or not written at shutdown").register(meters);
        Gauge.builder("wenming.questionlog.pending", pending, BlockingDeque::size).register(meters);
    }

    public void record(String question, String openidHash, KnowledgeAnswer answer) {
        // PostgreSQL text cannot hold NUL: one such question used to fail the whole batch insert.
        Object[] row = {CONTROL.matcher(question).replaceAll(""), openidHash, answer.entry() == null ? null : answer.entry().id(), answer.score(),
                answer.decision().name().toLowerCase(), java.sql.Timestamp.from(Instant.now())};
        if (!pending.offerLast(row)) {
            drop(1);
        }
    }

    /**
     * Writes everything queued so far; also called on shutdown. Synchronized: a caller returns only
     * when rows a concurrent scheduled flush already took are written too.
     */
    @Scheduled(fixedDelay = 500)
    public synchronized void flush() {
        List<Object[]> batch = new ArrayList<>();
        while (pending.drainTo(batch, 500) > 0) {
            try {
                jdbc.batchUpdate("""
                        INSERT INTO knowledge_question_log (question, openid_hash, best_entry_id, score, outcome, asked_at)
                        VALUES (?, ?, ?, ?, ?, ?)""", batch);
            } catch (RuntimeException e) {
                log.warn("Could not write {} question log records, keeping them for the next try: {}", batch.size(),
                        e.getMessage());
                for (int i = batch.size() - 1; i >= 0; i--) {
                    if (!pending.offerFirst(batch.get(i))) {
                        drop(i + 1);
                        break;
                    }
                }
                return;
            }
            batch.clear();
        }
    }

    /** The last flush on shutdown; what PostgreSQL cannot take then is lost, and counted. */
    @PreDestroy
    synchronized void flushOnShutdown() {
        flush();
        if (!pending.isEmpty()) {
            drop(pending.size());
            pending.clear();
        }
    }

    private void drop(int rows) {
        long before = (long) dropped.count();
        dropped.increment(rows);
        if (before / 1000 != (before + rows) / 1000 || before == 0) {
            log.warn("Question log records dropped: {} so far", before + rows);
        }
    }
}
