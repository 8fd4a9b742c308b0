package cn.wenming.volunteer;

import cn.wenming.console.AuditLog;
import cn.wenming.core.ResidentContribution;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Check-in and check-out by the leader's rotating code, the hours they earn by the configured rule,
 * and organizers' corrections (audited). Recorded hours are announced for 文明积分 in the same
 * transaction, a correction as the difference.
 */
@Service
class CheckIns {

    /** What a scan did: the sentence to show, and the minutes counted when it was a check-out. */
    record Outcome(String message, boolean checkedOut, Integer minutes) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CheckInCodes codes;
    private final SignUps signUps;
    private final VolunteerProperties properties;
    private final HoursRule rule;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final VolunteerTexts texts;

    CheckIns(JdbcClient jdbc, TransactionTemplate transaction, CheckInCodes codes, SignUps signUps,
            VolunteerProperties properties, ApplicationEventPublisher events, AuditLog audit, VolunteerTexts texts) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.codes = codes;
        this.signUps = signUps;
        this.properties = properties;
        this.rule = new HoursRule(properties.minimumService(), properties.roundTo());
        this.events = events;
        this.audit = audit;
        this.texts = texts;
    }

    /** The slot a scanned code is for; refused when it is forged or expired. */
    long slotOf(String code, Instant now) {
        return codes.slotOf(code, now).orElseThrow(() -> new VolunteerRefused(
                texts.text(codes.expired(code, now) ? "code-expired" : "code-invalid")));
    }

    /** A volunteer scanned the code: checks them in, or out when they are in already. */
    Outcome scan(String code, long volunteerId, Double latitude, Double longitude, Instant now) {
        long slotId = slotOf(code, now);
        SignUps.SignUp signUp = signUps.active(slotId, volunteerId)
                .filter(s -> s.status() == SignUps.Status.CONFIRMED)
                .orElseThrow(() -> new VolunteerRefused(texts.text("not-confirmed")));
        Activities.Slot slot = signUp.slot();
        Instant start = slot.startsAt().toInstant();
        Instant end = slot.endsAt().toInstant();
        if (signUp.checkedInAt() == null) {
            if (now.isBefore(start.minus(properties.checkInEarly()))) {
                throw new VolunteerRefused(texts.text("too-early", "minutes", properties.checkInEarly().toMinutes()));
            }
            if (!now.isBefore(end)) {
                throw new VolunteerRefused(texts.text("too-late"));
            }
            Boolean near = null;
            if (latitude != null && longitude != null && slot.latitude() != null) {
                near = slot.distanceFrom(latitude, longitude) <= properties.checkInRadius();
                if (!near) {
                    throw new VolunteerRefused(texts.text("too-far", "metres", properties.checkInRadius()));
                }
            }
            jdbc.sql("UPDATE volunteer_signup SET checked_in_at = :now, location_ok = :near, updated_at = now()"
                    + " WHERE id = :id AND checked_in_at IS NULL").param("now", utc(now)).param("near", near)
                    .param("id", signUp.id()).update();
            return new Outcome(texts.text("checked-in", "title", slot.title()), false, null);
        }
        if (signUp.checkedOutAt() != null) {
            throw new VolunteerRefused(texts.text("already-out"));
        }
        int minutes = rule.minutes(signUp.checkedInAt().toInstant(), now, start, end);
        Boolean recorded = transaction.execute(status -> {
            if (jdbc.sql("UPDATE volunteer_signup SET checked_out_at = :now, minutes = :m, updated_at = now()"
                    + " WHERE id = :id AND checked_out_at IS NULL").param("now", utc(now)).param("m", minutes)
                    .param("id", signUp.id()).update() == 0) {
                return false;
            }
            announce(signUp.id(), String.valueOf(signUp.id()), minutes, now);
            return true;
        });
        if (!Boolean.TRUE.equals(recorded)) {
            throw new VolunteerRefused(texts.text("already-out"));
        }
        return new Outcome(texts.text("checked-out", "hours", hours(minutes)), true, minutes);
    }

    /** An organizer sets the minutes of a sign-up; the audit log keeps both values. */
    void correct(long signUpId, int minutes, String reason, String staff) {
        if (minutes < 0 || minutes > 24 * 60) {
            throw new VolunteerRefused("时长须在 0 到 1440 分钟之间。");
        }
        if (reason == null || reason.isBlank()) {
            throw new VolunteerRefused("请填写更正原因。");
        }
        transaction.executeWithoutResult(status -> {
            Integer before = jdbc.sql("SELECT coalesce(minutes, 0) FROM volunteer_signup WHERE id = :id"
                    + " AND status = 'CONFIRMED' FOR UPDATE").param("id", signUpId).query(Integer.class).optional()
                    .orElseThrow(() -> new VolunteerRefused("没有这条已确认的报名。"));
            jdbc.sql("UPDATE volunteer_signup SET minutes = :m, corrected_by = :who, updated_at = now() WHERE id = :id")
                    .param("m", minutes).param("who", staff).param("id", signUpId).update();
            audit.record("更正志愿时长", "volunteer_signup", String.valueOf(signUpId), before + "分钟",
                    minutes + "分钟 · " + reason.strip());
            Instant now = Instant.now();
            if (minutes != before) {
                announce(signUpId, signUpId + ":" + now.toEpochMilli(), minutes - before, now);
            }
        });
    }

    /** Minutes recorded for a volunteer, all slots together. */
    int totalMinutes(long volunteerId) {
        return jdbc.sql("SELECT coalesce(sum(minutes), 0) FROM volunteer_signup WHERE volunteer_id = :v"
                + " AND status = 'CONFIRMED'").param("v", volunteerId).query(Integer.class).single();
    }

    private void announce(long signUpId, String sourceId, int minutes, Instant now) {
        Map<String, Object> who = jdbc.sql("""
                SELECT v.app_id, v.openid, v.community_code FROM volunteer_signup u JOIN volunteer v ON v.id = u.volunteer_id
                WHERE u.id = :id""").param("id", signUpId).query().singleRow();
        events.publishEvent(new ResidentContribution(ResidentContribution.Source.VOLUNTEER, sourceId,
                (String) who.get("app_id"), (String) who.get("openid"), minutes, (String) who.get("community_code"), now));
    }

    /** 150 → "2.5". */
    static String hours(int minutes) {
        return java.math.BigDecimal.valueOf(minutes).divide(java.math.BigDecimal.valueOf(60), 1,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
