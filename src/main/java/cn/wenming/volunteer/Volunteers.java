package cn.wenming.volunteer;

import cn.wenming.console.AuditLog;
import cn.wenming.report.GridMap;
import cn.wenming.report.PhoneCipher;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Volunteers and teams: a resident registers (name, phone encrypted, community, skills,
 * availability) and may sign up for activities at once; an organizer approves registrations, forms
 * teams of approved volunteers and names their leaders (who show the check-in code).
 */
@Service
class Volunteers {

    private static final Pattern PHONE = Pattern.compile("1\\d{10}");

    /** A volunteer as pages show them: never the openid, the phone only masked. */
    record Volunteer(long id, String name, String phoneMasked, String communityCode, String communityName,
            String skills, String availability, String status, OffsetDateTime createdAt) {

        public boolean approved() {
            return "APPROVED".equals(status);
        }
    }

    record Registration(String name, String phone, String communityCode, String skills, String availability) {
    }

    record Team(long id, String name, String organizer, String communityCode, int members) {
    }

    private final JdbcClient jdbc;
    private final PhoneCipher phones;
    private final GridMap grid;
    private final AuditLog audit;
    private final VolunteerTexts texts;

    Volunteers(JdbcClient jdbc, PhoneCipher phones, GridMap grid, AuditLog audit, VolunteerTexts texts) {
        this.jdbc = jdbc;
        this.phones = phones;
        this.grid = grid;
        this.audit = audit;
        this.texts = texts;
    }

    /** Community code → name, from the grid. */
    Map<String, String> communities() {
        Map<String, String> out = new LinkedHashMap<>();
        grid.areas().stream().filter(a -> a.level().equals("community")).forEach(a -> out.put(a.code(), a.name()));
        return out;
    }

    /** Registers the resident, or updates their registration; returns their volunteer id. */
    long register(String appId, String openid, Registration form) {
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty() || name.length() > 20) {
            throw new VolunteerRefused(texts.text("name-invalid"));
        }
        String phone = form.phone() == null ? "" : form.phone().replaceAll("[\\s-]", "");
        if (!PHONE.matcher(phone).matches()) {
            throw new VolunteerRefused(texts.text("phone-invalid"));
        }
        String community = communities().get(form.communityCode());
        if (community == null) {
            throw new VolunteerRefused(texts.text("no-community"));
        }
        return jdbc.sql("""
                INSERT INTO volunteer (app_id, openid, name, phone_encrypted, phone_masked, community_code,
                                       community_name, skills, availability)
                VALUES (:app, :o, :name, :enc, :masked, :code, :community, :skills, :availability)
                ON CONFLICT (app_id, openid) WHERE openid IS NOT NULL DO UPDATE SET name = :name,
                    phone_encrypted = :enc, phone_masked = :masked, community_code = :code,
                    community_name = :community, skills = :skills, availability = :availability
                RETURNING id""")
                .param("app", appId).param("o", openid).param("name", name).param("enc", phones.encrypt(phone))
                .param("masked", PhoneCipher.mask(phone)).param("code", form.communityCode())
                .param("community", community).param("skills", clip(form.skills(), 300))
                .param("availability", clip(form.availability(), 300)).query(Long.class).single();
    }

    Optional<Volunteer> of(String appId, String openid) {
        if (appId == null || openid == null) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " WHERE app_id = :app AND openid = :o").param("app", appId).param("o", openid)
                .query(Volunteers::row).optional();
    }

    List<Volunteer> all() {
        return jdbc.sql(SELECT + " ORDER BY status = 'APPROVED', id DESC").query(Volunteers::row).list();
    }

    void approve(long id) {
        int changed = jdbc.sql("UPDATE volunteer SET status = 'APPROVED', approved_at = now() WHERE id = :id"
                + " AND status = 'PENDING'").param("id", id).update();
        if (changed == 1) {
            audit.record("审核志愿者", "volunteer", String.valueOf(id), "PENDING", "APPROVED");
        }
    }

    long createTeam(String name, String organizer, String communityCode) {
        if (name == null || name.isBlank() || organizer == null || organizer.isBlank()) {
            throw new VolunteerRefused("请填写队伍名称和组织单位。");
        }
        long id = jdbc.sql("INSERT INTO volunteer_team (name, organizer, community_code) VALUES (:n, :o, :c)"
                + " ON CONFLICT (name) DO UPDATE SET organizer = :o RETURNING id").param("n", name.strip())
                .param("o", organizer.strip()).param("c", blankToNull(communityCode)).query(Long.class).single();
        audit.record("新建志愿队伍", "volunteer_team", String.valueOf(id), null, name.strip() + " · " + organizer.strip());
        return id;
    }

    /** Only an approved volunteer joins a team: teams and their leaders are the organizer's vetted people. */
    void addMember(long teamId, long volunteerId, boolean leader) {
        if (jdbc.sql("SELECT count(*) FROM volunteer WHERE id = :id AND status = 'APPROVED'").param("id", volunteerId)
                .query(Integer.class).single() == 0) {
            throw new VolunteerRefused("请先审核通过这位志愿者，再把他加入队伍。");
        }
        jdbc.sql("""
                INSERT INTO volunteer_team_member (team_id, volunteer_id, leader) VALUES (:t, :v, :l)
                ON CONFLICT (team_id, volunteer_id) DO UPDATE SET leader = :l""")
                .param("t", teamId).param("v", volunteerId).param("l", leader).update();
        audit.record(leader ? "设为队长" : "加入队伍", "volunteer_team", String.valueOf(teamId), null,
                "volunteer " + volunteerId);
    }

    boolean leads(long volunteerId, long teamId) {
        return jdbc.sql("SELECT count(*) FROM volunteer_team_member WHERE volunteer_id = :v AND team_id = :t AND leader")
                .param("v", volunteerId).param("t", teamId).query(Integer.class).single() > 0;
    }

    List<Team> teams() {
        return jdbc.sql("""
                SELECT t.id, t.name, t.organizer, t.community_code, count(m.volunteer_id)
                FROM volunteer_team t LEFT JOIN volunteer_team_member m ON m.team_id = t.id
                GROUP BY t.id ORDER BY t.name""")
                .query((rs, n) -> new Team(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5))).list();
    }

    /**
     * Hours and sign-ups stay: they are the organising body's record of service done. The openid
     * (the link to the resident) and the phone number go; the name stays on that record.
     */
    void forget(long volunteerId) {
        jdbc.sql("""
                UPDATE volunteer SET openid = NULL, phone_encrypted = NULL, phone_masked = NULL, status = 'LEFT'
                WHERE id = :id""").param("id", volunteerId).update();
    }

    private static final String SELECT = """
            SELECT id, name, phone_masked, community_code, community_name, skills, availability, status, created_at
            FROM volunteer""";

    private static Volunteer row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Volunteer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class));
    }

    private static String clip(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String clean = text.strip();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
