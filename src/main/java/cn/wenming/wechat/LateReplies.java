package cn.wenming.wechat;

import cn.wenming.core.ResidentUnsubscribed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Answers that missed WeChat's 5-second window go out through the customer-service API, from an
 * outbox in PostgreSQL: tried at once, then again with growing pauses (by whichever instance is up)
 * until WeChat takes them or {@link #MAX_ATTEMPTS} are spent. A row is deleted once sent or given up.
 */
@Component
class LateReplies {

    private static final Logger log = LoggerFactory.getLogger(LateReplies.class);
    /** About a quarter of an hour of retries (by default): later the answer no longer fits the question. */
    static final int MAX_ATTEMPTS = 6;
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final CustomerServiceSender customerService;
    private final Counter sent;
    private final Counter givenUp;
    private final Duration interval;

    LateReplies(JdbcClient jdbc, CustomerServiceSender customerService, MeterRegistry meters,
            @Value("${wechat.late-replies-interval:15s}") Duration interval) {
        this.jdbc = jdbc;
        this.interval = interval;
        this.customerService = customerService;
        this.sent = Counter.builder("wenming.wechat.late.replies").tag("outcome", "sent").register(meters);
        this.givenUp = Counter.builder("wenming.wechat.late.replies").tag("outcome", "given-up").register(meters);
    }

    private record Pending(long id, String appId, String openid, String content, int attempts) {
    }

    /** Queues an answer and tries it at once; without PostgreSQL it is tried once, directly. */
    void send(String appId, String openid, String content) {
        Long id;
        try {
            id = jdbc.sql("""
                    INSERT INTO wechat_late_reply (app_id, openid, content, attempts, next_attempt_at)
                    VALUES (:app, :openid, :content, 0, :lease) RETURNING id""")
                    .param("app", appId).param("openid", openid).param("content", content)
                    .param("lease", OffsetDateTime.now(ZoneOffset.UTC).plus(LEASE)).query(Long.class).single();
        } catch (RuntimeException e) {
            log.warn("Late reply not queued (database unavailable), trying once: {}", e.getMessage());
            count(customerService.sendText(appId, openid, content));
            return;
        }
        attempt(new Pending(id, appId, openid, content, 0));
    }

    @Scheduled(fixedDelayString = "${wechat.late-replies-interval:15s}",
            initialDelayString = "${wechat.late-replies-interval:15s}")
    void retryDue() {
        List<Pending> due = jdbc.sql("""
                UPDATE wechat_late_reply SET next_attempt_at = :lease WHERE id IN (
                    SELECT id FROM wechat_late_reply WHERE next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT 50 FOR UPDATE SKIP LOCKED)
                RETURNING id, app_id, openid, content, attempts""")
                .param("lease", OffsetDateTime.now(ZoneOffset.UTC).plus(LEASE))
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5)))
                .list();
        due.forEach(this::attempt);
    }

    private void attempt(Pending reply) {
        boolean delivered = customerService.sendText(reply.appId(), reply.openid(), reply.content());
        int attempts = reply.attempts() + 1;
        try {
            if (delivered || attempts >= MAX_ATTEMPTS) {
                jdbc.sql("DELETE FROM wechat_late_reply WHERE id = :id").param("id", reply.id()).update();
                count(delivered);
            } else {
                // The interval, then twice, four, eight and sixteen times it.
                jdbc.sql("UPDATE wechat_late_reply SET attempts = :attempts, next_attempt_at = :next WHERE id = :id")
                        .param("attempts", attempts).param("id", reply.id())
                        .param("next", OffsetDateTime.now(ZoneOffset.UTC).plus(interval.multipliedBy(1L << (attempts - 1))))
                        .update();
            }
        } catch (RuntimeException e) {
            // The lease runs out and the row is tried again; a sent reply may then go twice.
            log.warn("Late reply {} not updated: {}", reply.id(), e.getMessage());
        }
    }

    private void count(boolean delivered) {
        (delivered ? sent : givenUp).increment();
    }

    @EventListener
    void forget(ResidentUnsubscribed event) {
        jdbc.sql("DELETE FROM wechat_late_reply WHERE app_id = :app AND openid = :openid")
                .param("app", event.appId()).param("openid", event.openid()).update();
    }
}
