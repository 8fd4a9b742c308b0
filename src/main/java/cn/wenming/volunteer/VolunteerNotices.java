package cn.wenming.volunteer;

import cn.wenming.report.ResidentNotifier;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells volunteers about their slots outside a chat reply: a reminder before the slot, and the news
 * that the waiting list moved them up. Sent the way report notices are ({@link ResidentNotifier}, which
 * the wechat module implements): a customer-service message inside WeChat's 48-hour window, otherwise
 * the account's configured template message.
 */
@Component
class VolunteerNotices {

    /** What WeChat's template shows in its one-line state field (a {@code phrase}: at most 5 characters). */
    private static final String REMINDER_STATE = "即将开始";
    private static final String PROMOTED_STATE = "候补转正";

    private record Due(long signUpId, String appId, String openid, String title, String place, OffsetDateTime starts,
            OffsetDateTime ends, long slotId) {
    }

    private final JdbcClient jdbc;
    private final ResidentNotifier notifier;
    private final VolunteerProperties properties;
    private final VolunteerTexts texts;
    private final String publicBaseUrl;

    VolunteerNotices(JdbcClient jdbc, ResidentNotifier notifier, VolunteerProperties properties, VolunteerTexts texts,
            @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.jdbc = jdbc;
        this.notifier = notifier;
        this.properties = properties;
        this.texts = texts;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Scheduled(fixedDelayString = "${wenming.volunteer.reminder-interval:5m}",
            initialDelayString = "${wenming.volunteer.reminder-interval:5m}")
    void remindDue() {
        remindDue(Instant.now());
    }

    /**
     * Reminds every confirmed volunteer whose slot starts within {@code remind-before}, once: each
     * sign-up is claimed by one instance (rows locked and skipped by the others) and marked before it is
     * sent, so a failed send is not retried into a duplicate. Returns how many were sent.
     */
    int remindDue(Instant now) {
        List<Due> due = jdbc.sql("""
                UPDATE volunteer_signup u SET reminded_at = now()
                FROM volunteer v, volunteer_slot s, volunteer_activity a
                WHERE u.id IN (SELECT d.id FROM volunteer_signup d JOIN volunteer_slot ds ON ds.id = d.slot_id
                               WHERE d.status = 'CONFIRMED' AND d.reminded_at IS NULL
                                 AND ds.starts_at > :now AND ds.starts_at <= :until
                               FOR UPDATE OF d SKIP LOCKED)
                  AND v.id = u.volunteer_id AND v.openid IS NOT NULL AND s.id = u.slot_id AND a.id = s.activity_id
                RETURNING u.id, v.app_id, v.openid, a.title, a.place, s.starts_at, s.ends_at, s.id""")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("until", OffsetDateTime.ofInstant(now.plus(properties.remindBefore()), ZoneOffset.UTC))
                .query(VolunteerNotices::due).list();
        int sent = 0;
        for (Due d : due) {
            String when = VolunteerPageController.when(d.starts(), d.ends());
            sent += send(d, texts.text("reminder", "title", d.title(), "time", when, "place", d.place()), REMINDER_STATE)
                    ? 1 : 0;
        }
        return sent;
    }

    /** The waiting list moved this sign-up to a seat. */
    void promoted(long signUpId) {
        jdbc.sql("""
                SELECT u.id, v.app_id, v.openid, a.title, a.place, s.starts_at, s.ends_at, s.id
                FROM volunteer_signup u JOIN volunteer v ON v.id = u.volunteer_id JOIN volunteer_slot s ON s.id = u.slot_id
                JOIN volunteer_activity a ON a.id = s.activity_id WHERE u.id = :id AND v.openid IS NOT NULL""")
                .param("id", signUpId).query(VolunteerNotices::due).optional()
                .ifPresent(d -> send(d, texts.text("promoted", "title", d.title(), "time",
                        VolunteerPageController.when(d.starts(), d.ends()), "place", d.place()), PROMOTED_STATE));
    }

    private boolean send(Due d, String text, String state) {
        // The template's reference field takes letters and digits only: the slot as "VS" + its number.
        return notifier.notify(d.appId(), d.openid(), new ResidentNotifier.Notice(text, "VS" + d.slotId(), state,
                d.title(), publicBaseUrl + "/h5/volunteer?account=" + d.appId()));
    }

    private static Due due(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getLong(8));
    }
}
