package cn.wenming.volunteer;

import cn.wenming.console.AuditLog;
import cn.wenming.core.CityTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Activities an organizer publishes, each with time slots of a given capacity, and finding them. */
@Service
class Activities {

    /** A new activity as the organizer's form gives it. */
    record NewActivity(String title, String kind, long teamId, String communityCode, String place, String pointCode,
            Double latitude, Double longitude, String requirements, List<NewSlot> slots) {
    }

    record NewSlot(Instant startsAt, Instant endsAt, int capacity) {
    }

    /** A slot with its activity, as residents and organizers see it. */
    record Slot(long id, long activityId, String title, String kind, String place, String communityCode,
            String communityName, String requirements, String organizer, long teamId, Double latitude,
            Double longitude, OffsetDateTime startsAt, OffsetDateTime endsAt, int capacity, int confirmed,
            int waiting) {

        boolean full() {
            return confirmed >= capacity;
        }

        /** Metres from a point (great-circle); MAX_VALUE when the activity has no coordinates. */
        double distanceFrom(double lat, double lng) {
            return latitude == null || longitude == null ? Double.MAX_VALUE
                    : metres(lat, lng, latitude, longitude);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Volunteers volunteers;
    private final AuditLog audit;

    Activities(JdbcClient jdbc, TransactionTemplate transaction, Volunteers volunteers, AuditLog audit) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.volunteers = volunteers;
        this.audit = audit;
    }

    long publish(NewActivity activity, String staff) {
        if (activity.title() == null || activity.title().isBlank() || activity.place() == null
                || activity.place().isBlank() || activity.slots().isEmpty()) {
            throw new VolunteerRefused("请填写活动名称、地点和至少一个时段。");
        }
        for (NewSlot slot : activity.slots()) {
            if (slot.capacity() <= 0 || !slot.endsAt().isAfter(slot.startsAt())) {
                throw new VolunteerRefused("每个时段须结束晚于开始，名额大于 0。");
            }
        }
        String communityName = activity.communityCode() == null ? null
                : volunteers.communities().get(activity.communityCode());
        return transaction.execute(status -> {
            long id = jdbc.sql("""
                    INSERT INTO volunteer_activity (title, kind, team_id, community_code, community_name, place, point_code,
                                                    latitude, longitude, requirements, created_by)
                    VALUES (:title, :kind, :team, :code, :community, :place, :point, :lat, :lng, :req, :by) RETURNING id""")
                    .param("title", activity.title().strip()).param("kind", activity.kind())
                    .param("team", activity.teamId()).param("code", communityName == null ? null : activity.communityCode())
                    .param("community", communityName).param("place", activity.place().strip())
                    .param("point", activity.pointCode()).param("lat", activity.latitude())
                    .param("lng", activity.longitude()).param("req", activity.requirements()).param("by", staff)
                    .query(Long.class).single();
            for (NewSlot slot : activity.slots()) {
                jdbc.sql("INSERT INTO volunteer_slot (activity_id, starts_at, ends_at, capacity) VALUES (:a, :s, :e, :c)")
                        .param("a", id).param("s", OffsetDateTime.ofInstant(slot.startsAt(), ZoneOffset.UTC))
                        .param("e", OffsetDateTime.ofInstant(slot.endsAt(), ZoneOffset.UTC))
                        .param("c", slot.capacity()).update();
            }
            audit.record("发布志愿活动", "volunteer_activity", String.valueOf(id), null,
                    activity.title().strip() + " · " + activity.slots().size() + "个时段");
            return id;
        });
    }

    private static final Pattern SLOT_LINE = Pattern.compile(
            "(\\d{4}-\\d{1,2}-\\d{1,2})\\s+(\\d{1,2}:\\d{2})\\s*[-–~至]\\s*(\\d{1,2}:\\d{2})\\s+(\\d{1,4})");

    /** The organizer's slot lines, "2026-12-06 09:00-11:00 20" (date, times in Beijing time, capacity). */
    static List<NewSlot> parseSlots(String text) {
        List<NewSlot> slots = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.strip().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = SLOT_LINE.matcher(line);
            try {
                if (!m.matches()) {
                    throw new DateTimeException(line);
                }
                LocalDate day = LocalDate.parse(m.group(1),
                        DateTimeFormatter.ofPattern("yyyy-M-d"));
                LocalTime from = LocalTime.parse(m.group(2),
                        DateTimeFormatter.ofPattern("H:mm"));
                LocalTime to = LocalTime.parse(m.group(3),
                        DateTimeFormatter.ofPattern("H:mm"));
                slots.add(new NewSlot(day.atTime(from).atZone(CityTime.ZONE).toInstant(),
                        day.atTime(to).atZone(CityTime.ZONE).toInstant(), Integer.parseInt(m.group(4))));
            } catch (DateTimeException e) {
                throw new VolunteerRefused("第 " + (i + 1) + " 个时段写法不对，应为“2026-12-06 09:00-11:00 20”（日期 开始-结束 名额）。");
            }
        }
        return slots;
    }

    Optional<Slot> slot(long id) {
        return jdbc.sql(SELECT + " WHERE s.id = :id").param("id", id).query(Activities::row).optional();
    }

    List<Slot> slotsOf(long activityId) {
        return jdbc.sql(SELECT + " WHERE a.id = :id ORDER BY s.starts_at").param("id", activityId)
                .query(Activities::row).list();
    }

    /** Every slot not yet over, soonest first. */
    List<Slot> upcoming(Instant now) {
        return jdbc.sql(SELECT + " WHERE NOT a.cancelled AND s.ends_at > :now ORDER BY s.starts_at, s.id")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).query(Activities::row).list();
    }

    /** Slots one may still sign up for (not yet started), soonest first. */
    List<Slot> bookable(Instant now) {
        return upcoming(now).stream().filter(s -> s.startsAt().toInstant().isAfter(now)).toList();
    }

    /** Bookable slots within {@code radius} metres, nearest first. */
    List<Slot> near(double lat, double lng, int radius, Instant now) {
        return bookable(now).stream().filter(s -> s.distanceFrom(lat, lng) <= radius)
                .sorted(Comparator.comparingDouble((Slot s) -> s.distanceFrom(lat, lng))
                        .thenComparing(Slot::startsAt))
                .toList();
    }

    List<Slot> inCommunity(String communityCode, Instant now) {
        return bookable(now).stream().filter(s -> communityCode != null && communityCode.equals(s.communityCode()))
                .toList();
    }

    private static final String SELECT = """
            SELECT s.id, a.id, a.title, a.kind, a.place, a.community_code, a.community_name, a.requirements,
                   t.organizer, t.id, a.latitude, a.longitude, s.starts_at, s.ends_at, s.capacity, s.confirmed_count,
                   (SELECT count(*) FROM volunteer_signup w WHERE w.slot_id = s.id AND w.status = 'WAITING')
            FROM volunteer_slot s JOIN volunteer_activity a ON a.id = s.activity_id
            JOIN volunteer_team t ON t.id = a.team_id""";

    private static Slot row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Slot(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
                (Double) rs.getObject(11), (Double) rs.getObject(12), rs.getObject(13, OffsetDateTime.class),
                rs.getObject(14, OffsetDateTime.class), rs.getInt(15), rs.getInt(16), rs.getInt(17));
    }

    static double metres(double lat1, double lng1, double lat2, double lng2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLng = Math.toRadians(lng2 - lng1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        return 6_371_000 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
}
