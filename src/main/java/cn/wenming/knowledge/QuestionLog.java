package cn.wenming.knowledge;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Keeps the questions the knowledge base could not answer confidently, for curation. Records are
 * queued and written in batches off the reply path: a resident's answer never waits for this
 * insert, which under load cost more than the search itself. A record is curation input, not
 * something a resident submitted, so a queue overflow drops (and counts) rather than blocks.
 */
@Repository
public class QuestionLog {

    private static final Logger log = LoggerFactory.getLogger(QuestionLog.class);
    private static final int CAPACITY = 10_000;

    private final JdbcTemplate jdbc;
    private final BlockingQueue<Object[]> pending = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    /** Control characters other than line breaks and tabs: nothing a resident means to say. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    QuestionLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String question, String openidHash, KnowledgeAnswer answer) {
        // PostgreSQL text cannot hold NUL: one such question used to fail the whole batch insert.
        Object[] row = {CONTROL.matcher(question).replaceAll(""), openidHash, answer.entry() == null ? null : answer.entry().id(), answer.score(),
                answer.decision().name().toLowerCase(), java.sql.Timestamp.from(Instant.now())};
        if (!pending.offer(row) && dropped.incrementAndGet() % 1000 == 1) {
            log.warn("Question log queue full; {} records dropped so far", dropped.get());
        }
    }

    /**
     * Writes everything queued so far; also called on shutdown. Synchronized: a caller returns only
     * when rows a concurrent scheduled flush already took are written too.
     */
    @Scheduled(fixedDelay = 500)
    @PreDestroy
    public synchronized void flush() {
        List<Object[]> batch = new ArrayList<>();
        while (pending.drainTo(batch, 500) > 0) {
            try {
                jdbc.batchUpdate("""
                        INSERT INTO knowledge_question_log (question, openid_hash, best_entry_id, score, outcome, asked_at)
                        VALUES (?, ?, ?, ?, ?, ?)""", batch);
            } catch (RuntimeException e) {
                log.warn("Could not write {} question log records: {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
    }
}
