package cn.wenming.report;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Background work that must survive crashes and run once even with several instances: photos
 * WeChat had not handed over yet, and messages to residents in the outbox. Rows are leased with
 * {@code FOR UPDATE SKIP LOCKED} (a lease, not a held lock, so no transaction waits on the network);
 * a failure is retried with growing pauses.
 */
@Component
class DeliveryJobs {

    private static final Logger log = LoggerFactory.getLogger(DeliveryJobs.class);
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** WeChat keeps temporary media for 3 days; after that there is nothing left to fetch. */
    private static final Duration MEDIA_LIFETIME = Duration.ofDays(3);
    private static final int MAX_OUTBOX_ATTEMPTS = 8;

    private final JdbcClient jdbc;
    private final WeChatMedia media;
    private final PhotoStore photos;
    private final ResidentNotifier notifier;

    DeliveryJobs(JdbcClient jdbc, WeChatMedia media, PhotoStore photos, ResidentNotifier notifier) {
        this.jdbc = jdbc;
        this.media = media;
        this.photos = photos;
        this.notifier = notifier;
    }

    private record PendingPhoto(String id, String appId, String mediaId, int attempts, OffsetDateTime createdAt) {
    }

    private record OutboxMessage(long id, String appId, String openid, ResidentNotifier.Notice notice, int attempts) {
    }

    @Scheduled(fixedDelayString = "${wenming.report.jobs-interval:20s}", initialDelayString = "${wenming.report.jobs-interval:20s}")
    void run() {
        fetchPendingPhotos();
        deliverOutbox();
    }

    void fetchPendingPhotos() {
        List<PendingPhoto> leased = lease("report_photo", 20, "id, app_id, media_id, attempts, created_at",
                (rs, n) -> new PendingPhoto(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class)));
        for (PendingPhoto photo : leased) {
            try {
                PhotoStore.StoredPhoto stored = photos.store(media.download(photo.appId(), photo.mediaId()));
                jdbc.sql("""
                        UPDATE report_photo SET status = 'stored', sha256 = :sha, content_type = :type, width = :w,
                            height = :h, size_bytes = :size, attempts = attempts + 1
                        WHERE id = :id::uuid AND NOT EXISTS (SELECT 1 FROM report_photo o
                            WHERE o.report_id = report_photo.report_id AND o.sha256 = :sha)""")
                        .param("sha", stored.sha256()).param("type", stored.contentType()).param("w", stored.width())
                        .param("h", stored.height()).param("size", stored.size()).param("id", photo.id()).update();
                // Already attached under another message: the pending row was the same picture.
                jdbc.sql("DELETE FROM report_photo WHERE id = :id::uuid AND status = 'pending'")
                        .param("id", photo.id()).update();
            } catch (Exception e) {
                boolean expired = photo.createdAt().toInstant().plus(MEDIA_LIFETIME).isBefore(Instant.now());
                jdbc.sql("""
                        UPDATE report_photo SET attempts = attempts + 1, next_attempt_at = :next,
                            status = CASE WHEN :expired THEN 'failed' ELSE status END
                        WHERE id = :id::uuid""")
                        .param("next", retryAt(photo.attempts())).param("expired", expired).param("id", photo.id())
                        .update();
                log.warn("Photo {} not fetched from WeChat (attempt {}): {}", photo.id(), photo.attempts() + 1,
                        e.toString());
            }
        }
    }

    void deliverOutbox() {
        List<OutboxMessage> leased = lease("report_outbox", 50,
                "id, app_id, openid, content, ticket_no, state_label, brief, url, attempts",
                (rs, n) -> new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3),
                        new ResidentNotifier.Notice(rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getString(8)), rs.getInt(9)));
        for (OutboxMessage message : leased) {
            boolean sent = notifier.notify(message.appId(), message.openid(), message.notice());
            if (sent) {
                jdbc.sql("UPDATE report_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1"
                        + " WHERE id = :id").param("id", message.id()).update();
            } else {
                boolean last = message.attempts() + 1 >= MAX_OUTBOX_ATTEMPTS;
                jdbc.sql("""
                        UPDATE report_outbox SET attempts = attempts + 1, next_attempt_at = :next,
                            last_error = 'WeChat refused or unreachable',
                            status = CASE WHEN :last THEN 'failed' ELSE status END
                        WHERE id = :id""")
                        .param("next", retryAt(message.attempts())).param("last", last).param("id", message.id())
                        .update();
            }
        }
    }

    /**
     * Takes up to {@code limit} due pending rows of {@code table} for this instance: pushing their next
     * attempt past the lease hides them from other instances, and from this one should it die.
     */
    private <T> List<T> lease(String table, int limit, String columns, RowMapper<T> mapper) {
        return jdbc.sql("UPDATE " + table + " SET next_attempt_at = :lease WHERE id IN ("
                + " SELECT id FROM " + table + " WHERE status = 'pending' AND next_attempt_at <= now()"
                + " ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + columns)
                .param("lease", OffsetDateTime.now(ZoneOffset.UTC).plus(LEASE)).param("limit", limit)
                .query(mapper).list();
    }

    /** 1, 2, 4 … minutes, at most an hour. */
    private static OffsetDateTime retryAt(int attempts) {
        long minutes = Math.min(60, 1L << Math.min(attempts, 6));
        return OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(minutes);
    }
}
