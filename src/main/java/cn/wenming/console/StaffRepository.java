package cn.wenming.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
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
                .query((rs, n) -> new StaffDetails(staff(rs), rs.getString("password_hash"), rs.getInt("session_version")))
                .optional().orElseThrow(() -> new UsernameNotFoundException("no such staff account"));
    }

    List<Staff> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_user ORDER BY role, username")
                .query((rs, n) -> staff(rs)).list();
    }

    private static final String COLUMNS = "id, username, display_name, role, unit_name, enabled, session_version";

    private static Staff staff(ResultSet rs) throws SQLException {
        return new Staff(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                StaffRole.valueOf(rs.getString("role")), rs.getString("unit_name"), rs.getBoolean("enabled"));
    }

    boolean isEmpty() {
        return jdbc.sql("SELECT count(*) FROM console_user").query(Long.class).single() == 0;
    }

    void create(String username, String passwordHash, String displayName, StaffRole role, String unitName) {
        create(username, passwordHash, displayName, role, unitName, false);
    }

    void create(String username, String passwordHash, String displayName, StaffRole role, String unitName,
            boolean mustChangePassword) {
        jdbc.sql("""
                INSERT INTO console_user (username, password_hash, display_name, role, unit_name, must_change_password)
                VALUES (:username, :hash, :name, :role, :unit, :mustChange)""")
                .param("username", username).param("hash", passwordHash).param("name", displayName)
                .param("role", role.name()).param("unit", unitName).param("mustChange", mustChangePassword).update();
    }

    /** What a signed-in session is checked against on every request. */
    record SessionState(boolean enabled, int sessionVersion, boolean mustChangePassword) {
    }

    Optional<SessionState> sessionState(long id) {
        return jdbc.sql("SELECT enabled, session_version, must_change_password FROM console_user WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new SessionState(rs.getBoolean(1), rs.getInt(2), rs.getBoolean(3))).optional();
    }

    Optional<Staff> find(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM console_user WHERE username = :username")
                .param("username", username).query((rs, n) -> staff(rs)).optional();
    }

    Optional<String> passwordHash(long id) {
        return jdbc.sql("SELECT password_hash FROM console_user WHERE id = :id").param("id", id)
                .query(String.class).optional();
    }

    /** Enabling or disabling ends the account's open sessions (a re-enabled account signs in afresh). */
    boolean setEnabled(String username, boolean enabled) {
        return jdbc.sql("""
                UPDATE console_user SET enabled = :enabled, session_version = session_version + 1
                WHERE username = :username AND enabled <> :enabled""")
                .param("enabled", enabled).param("username", username).update() == 1;
    }

    /** A new role or unit ends the account's open sessions: its next request signs in with the new rights. */
    boolean setRole(String username, StaffRole role, String unitName) {
        return jdbc.sql("""
                UPDATE console_user SET role = :role, unit_name = :unit, session_version = session_version + 1
                WHERE username = :username""")
                .param("role", role.name()).param("unit", unitName).param("username", username).update() == 1;
    }

    /** Stores a new password, lifts a forced change and ends every other session; returns the new version. */
    int changePassword(long id, String passwordHash) {
        return jdbc.sql("""
                UPDATE console_user SET password_hash = :hash, must_change_password = FALSE,
                    session_version = session_version + 1
                WHERE id = :id RETURNING session_version""")
                .param("hash", passwordHash).param("id", id).query(Integer.class).single();
    }
}
