package cn.wenming.volunteer;

import cn.wenming.core.ResidentUnsubscribed;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing up for a slot and cancelling. A sign-up takes a seat by raising the slot's counter only
 * while it is below the capacity (one UPDATE, under the row's lock); the table's CHECK refuses any
 * counter above it, so concurrent sign-ups on any number of instances never over-book. Without a seat
 * the sign-up waits; a cancelled seat goes to the longest-waiting volunteer in the same transaction.
 */
@Service
class SignUps {

    enum Status { CONFIRMED, WAITING, CANCELLED }

    /** One of a volunteer's sign-ups, with its slot. */
    record SignUp(long id, Status status, Activities.Slot slot, OffsetDateTime checkedInAt,
            OffsetDateTime checkedOutAt, Integer minutes, int waitingPosition) {
    }

    /** A sign-up as the organizer's roster shows it. */
    record RosterLine(long id, long volunteerId, String name, String phoneMasked, Status status,
            OffsetDateTime checkedInAt, OffsetDateTime checkedOutAt, Integer minutes, Boolean locationOk,
            String correctedBy) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Activities activities;
    private final Volunteers volunteers;
    private final VolunteerTexts texts;
    private final VolunteerNotices notices;

    SignUps(JdbcClient jdbc, TransactionTemplate transaction, Activities activities, Volunteers volunteers,
            VolunteerTexts texts, VolunteerNotices notices) {
        this.notices = notices;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.activities = activities;
        this.volunteers = volunteers;
        this.texts = texts;
    }

    /** Signs a volunteer up: CONFIRMED with a seat, else WAITING. Refused twice for the same slot. */
    SignUp signUp(long slotId, long volunteerId, Instant now) {
        Activities.Slot slot = activities.slot(slotId).orElseThrow(() -> new VolunteerRefused(texts.text("no-slot")));
        if (!slot.startsAt().toInstant().isAfter(now)) {
            throw new VolunteerRefused(texts.text("slot-over"));
        }
        if (active(slotId, volunteerId).isPresent()) {
            throw new VolunteerRefused(texts.text("already-signed-up"));
        }
        Long id;
        try {
            id = transaction.execute(status -> {
                // Waiting sign-ups queue on the slot's row too, so none slips past a seat being freed.
                jdbc.sql("SELECT id FROM volunteer_slot WHERE id = :id FOR UPDATE").param("id", slotId)
                        .query(Long.class).single();
                boolean seat = jdbc.sql("UPDATE volunteer_slot SET confirmed_count = confirmed_count + 1"
                        + " WHERE id = :id AND confirmed_count < capacity").param("id", slotId).update() == 1;
                return jdbc.sql("INSERT INTO volunteer_signup (slot_id, volunteer_id, status) VALUES (:s, :v, :st)"
                        + " RETURNING id").param("s", slotId).param("v", volunteerId)
                        .param("st", (seat ? Status.CONFIRMED : Status.WAITING).name()).query(Long.class).single();
            });
        } catch (DuplicateKeyException e) {
            // A double tap on two instances: the unique index keeps one sign-up, and the seat is given back.
            throw new VolunteerRefused(texts.text("already-signed-up"));
        }
        return signUp(id).orElseThrow();
    }

    /**
     * Cancels the volunteer's sign-up; a freed seat goes to the first on the waiting list, who is told
     * (after the commit) and whose sign-up id is returned.
     */
    Optional<Long> cancel(long signUpId, long volunteerId) {
        Optional<Long> promoted = transaction.execute(status -> {
            // The slot's row first, as sign-ups take it: cancellations and promotions queue behind each other.
            Long slotId = jdbc.sql("SELECT slot_id FROM volunteer_signup WHERE id = :id AND volunteer_id = :v"
                    + " AND status <> 'CANCELLED'").param("id", signUpId).param("v", volunteerId).query(Long.class)
                    .optional().orElseThrow(() -> new VolunteerRefused(texts.text("not-signed-up")));
            jdbc.sql("SELECT id FROM volunteer_slot WHERE id = :id FOR UPDATE").param("id", slotId).query(Long.class)
                    .single();
            String was = jdbc.sql("SELECT status FROM volunteer_signup WHERE id = :id AND status <> 'CANCELLED' FOR UPDATE")
                    .param("id", signUpId).query(String.class).optional()
                    .orElseThrow(() -> new VolunteerRefused(texts.text("not-signed-up")));
            jdbc.sql("UPDATE volunteer_signup SET status = 'CANCELLED', updated_at = now() WHERE id = :id")
                    .param("id", signUpId).update();
            if (!Status.CONFIRMED.name().equals(was)) {
                return Optional.<Long>empty();
            }
            Optional<Long> next = jdbc.sql("""
                    UPDATE volunteer_signup SET status = 'CONFIRMED', updated_at = now()
                    WHERE id = (SELECT id FROM volunteer_signup WHERE slot_id = :s AND status = 'WAITING'
                                ORDER BY created_at, id LIMIT 1)
                    RETURNING id""").param("s", slotId).query(Long.class).optional();
            if (next.isEmpty()) {
                jdbc.sql("UPDATE volunteer_slot SET confirmed_count = confirmed_count - 1 WHERE id = :id")
                        .param("id", slotId).update();
            }
            return next;
        });
        promoted.ifPresent(notices::promoted);
        return promoted;
    }

    Optional<SignUp> signUp(long id) {
        return withSlots(jdbc.sql(SELECT + " WHERE u.id = :id").param("id", id).query(SignUps::row).list()).stream()
                .findFirst();
    }

    /** The volunteer's sign-up for a slot that is not cancelled. */
    Optional<SignUp> active(long slotId, long volunteerId) {
        return withSlots(jdbc.sql(SELECT + " WHERE u.slot_id = :s AND u.volunteer_id = :v AND u.status <> 'CANCELLED'")
                .param("s", slotId).param("v", volunteerId).query(SignUps::row).list()).stream().findFirst();
    }

    /** The volunteer's sign-ups, latest slot first. */
    List<SignUp> of(long volunteerId) {
        return withSlots(jdbc.sql(SELECT + " WHERE u.volunteer_id = :v ORDER BY u.status = 'CANCELLED', u.id DESC")
                .param("v", volunteerId).query(SignUps::row).list());
    }

    List<RosterLine> roster(long slotId) {
        return jdbc.sql("""
                SELECT u.id, v.id, v.name, v.phone_masked, u.status, u.checked_in_at, u.checked_out_at, u.minutes,
                       u.location_ok, u.corrected_by
                FROM volunteer_signup u JOIN volunteer v ON v.id = u.volunteer_id
                WHERE u.slot_id = :s ORDER BY u.status, u.created_at, u.id""").param("s", slotId)
                .query((rs, n) -> new RosterLine(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        Status.valueOf(rs.getString(5)), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, OffsetDateTime.class), (Integer) rs.getObject(8),
                        (Boolean) rs.getObject(9), rs.getString(10))).list();
    }

    /**
     * Unsubscribed: sign-ups for slots still to come are cancelled (their seats move up the waiting
     * list); the service already done stays on record without the openid or phone.
     */
    @EventListener
    void on(ResidentUnsubscribed event) {
        volunteers.of(event.appId(), event.openid()).ifPresent(volunteer -> {
            of(volunteer.id()).stream()
                    .filter(s -> s.status() != Status.CANCELLED && s.checkedInAt() == null
                            && s.slot().startsAt().toInstant().isAfter(Instant.now()))
                    .forEach(s -> cancel(s.id(), volunteer.id()));
            volunteers.forget(volunteer.id());
        });
    }

    private static final String SELECT = """
            SELECT u.id, u.status, u.slot_id, u.checked_in_at, u.checked_out_at, u.minutes,
                   CASE WHEN u.status = 'WAITING' THEN (SELECT count(*) FROM volunteer_signup w WHERE w.slot_id = u.slot_id
                        AND w.status = 'WAITING' AND (w.created_at, w.id) <= (u.created_at, u.id)) ELSE 0 END
            FROM volunteer_signup u""";

    /** A sign-up row before its slot is looked up (never inside the row mapper: that would take a second connection). */
    private record Row(long id, Status status, long slotId, OffsetDateTime in, OffsetDateTime out, Integer minutes,
            int position) {
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getLong(1), Status.valueOf(rs.getString(2)), rs.getLong(3),
                rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class), (Integer) rs.getObject(6),
                rs.getInt(7));
    }

    private List<SignUp> withSlots(List<Row> rows) {
        return rows.stream().flatMap(r -> activities.slot(r.slotId()).map(slot -> new SignUp(r.id(), r.status(), slot,
                r.in(), r.out(), r.minutes(), r.position())).stream()).toList();
    }
}
