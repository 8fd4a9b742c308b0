package cn.wenming.console;

import cn.wenming.core.CityTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Who did what to which object, with the value before and after. Written by every staff action. */
@Service
public class AuditLog {

    /** One audit entry as the admin page shows it. */
    public record Entry(long id, OffsetDateTime at, String username, String action, String objectType,
            String objectId, String before, String after) {

        public String when() {
            return CityTime.full(at);
        }
    }

    /** Filters of the admin page; null or blank means "any". */
    public record Filter(String username, String action, String objectType, String objectId) {
    }

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an action of the signed-in staff member (or {@code system} for scheduled jobs). */
    public void record(String action, String objectType, String objectId, String before, String after) {
        String who = Staff.current().map(Staff::username).orElse("system");
        jdbc.sql("""
                INSERT INTO console_audit (username, action, object_type, object_id, before_value, after_value)
                VALUES (:who, :action, :type, :id, :before, :after)""")
                .param("who", who).param("action", action).param("type", objectType).param("id", objectId)
                .param("before", before).param("after", after).update();
    }

    public List<Entry> find(Filter filter, int limit) {
        return jdbc.sql("""
                SELECT id, at, username, action, object_type, object_id, before_value, after_value FROM console_audit
                WHERE (:username = '' OR username = :username) AND (:action = '' OR action = :action)
                  AND (:type = '' OR object_type = :type) AND (:id = '' OR object_id = :id)
                ORDER BY id DESC LIMIT :limit""")
                .param("username", blank(filter.username())).param("action", blank(filter.action()))
                .param("type", blank(filter.objectType())).param("id", blank(filter.objectId()))
                .param("limit", limit)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    private static String blank(String value) {
        return value == null ? "" : value.strip();
    }
}
