package cn.wenming.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/** Staff accounts, and Spring Security's lookup of them at login. */
@Repository
class StaffRepository implements UserDetailsService {

    private final JdbcClient jdbc;

    StaffRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public StaffDetails loadUserByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM console_user WHERE username = :username")
                .param("username", username)
                .query((rs, n) -> new StaffDetails(staff(rs), rs.getString("password_hash")))
                .optional().orElseThrow(() -> new UsernameNotFoundException("no such staff account"));
    }

    List<Staff> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_user ORDER BY role, username")
                .query((rs, n) -> staff(rs)).list();
    }

    private static final String COLUMNS = "id, username, display_name, role, unit_name, enabled";

    private static Staff staff(ResultSet rs) throws SQLException {
        return new Staff(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                StaffRole.valueOf(rs.getString("role")), rs.getString("unit_name"), rs.getBoolean("enabled"));
    }

    boolean isEmpty() {
        return jdbc.sql("SELECT count(*) FROM console_user").query(Long.class).single() == 0;
    }

    void create(String username, String passwordHash, String displayName, StaffRole role, String unitName) {
        jdbc.sql("""
                INSERT INTO console_user (username, password_hash, display_name, role, unit_name)
                VALUES (:username, :hash, :name, :role, :unit)""")
                .param("username", username).param("hash", passwordHash).param("name", displayName)
                .param("role", role.name()).param("unit", unitName).update();
    }

    boolean setEnabled(String username, boolean enabled) {
        return jdbc.sql("UPDATE console_user SET enabled = :enabled WHERE username = :username")
                .param("enabled", enabled).param("username", username).update() == 1;
    }
}
