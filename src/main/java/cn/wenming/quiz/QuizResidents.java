package cn.wenming.quiz;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.ResidentUnsubscribed;
import cn.wenming.report.GridMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A resident's quiz identity: the community (网格) they belong to, chosen once from the report
 * feature's grid (a change needs a confirmation), an optional 单位 code, and the name printed on
 * certificates and shown on boards.
 */
@Component
public class QuizResidents {

    private static final int MAX_NAME = 12;

    /**
     * The reply to a name or binding request, and what it means for the caller: {@code DONE} saved it,
     * {@code REFUSED} did not (the text says how to ask), {@code CONFIRM} needs "确认更换" first.
     */
    public record Reply(Outcome outcome, String text) {

        public enum Outcome { DONE, REFUSED, CONFIRM }
    }

    private final JdbcClient jdbc;
    private final GridMap grid;
    private final OpenIdHasher hasher;
    private final QuizProperties properties;
    private final QuizTexts texts;

    QuizResidents(JdbcClient jdbc, GridMap grid, OpenIdHasher hasher, QuizProperties properties, QuizTexts texts) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.hasher = hasher;
        this.properties = properties;
        this.texts = texts;
    }

    /** Community codes and names of the grid, for boards and the H5 picker. */
    public Map<String, String> communities() {
        Map<String, String> out = new LinkedHashMap<>();
        grid.areas().stream().filter(a -> a.level().equals("community")).forEach(a -> out.put(a.code(), a.name()));
        return out;
    }

    /** The community a resident bound themselves to, if any (surveys use it for quotas and figures). */
    public Optional<String> communityOf(String openid) {
        return Optional.ofNullable(current(new Player(null, openid), "community_code"));
    }

    /** How many residents are bound to each community (reach figures). */
    public Map<String, Integer> boundByCommunity() {
        Map<String, Integer> out = new HashMap<>();
        jdbc.sql("SELECT community_code, count(*) FROM quiz_resident WHERE community_code IS NOT NULL GROUP BY 1")
                .query((rs, n) -> out.put(rs.getString(1), rs.getInt(2))).list();
        return out;
    }

    /** The keyed openid hashes of everyone who played a round (reach counts them by the code that brought them). */
    public java.util.Set<String> playerHashes() {
        return new java.util.HashSet<>(jdbc.sql("SELECT DISTINCT openid_hash FROM quiz_round").query(String.class).list());
    }

    /** The openids of an account's residents bound to any of these communities (a push's recipients). */
    public List<String> openidsIn(String appId, java.util.Collection<String> communityCodes) {
        if (communityCodes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT openid FROM quiz_resident WHERE app_id = :a AND community_code IN (:c) ORDER BY openid")
                .param("a", appId).param("c", communityCodes).query(String.class).list();
    }

    /** Each of an account's bound residents: openid → community code (reach keeps their WeChat tags in step). */
    public Map<String, String> bindings(String appId) {
        Map<String, String> out = new HashMap<>();
        jdbc.sql("SELECT openid, community_code FROM quiz_resident WHERE app_id = :a AND community_code IS NOT NULL")
                .param("a", appId).query((rs, n) -> out.put(rs.getString(1), rs.getString(2))).list();
        return out;
    }

    public Map<String, String> units() {
        return properties.units();
    }

    Reply name(Player player, String name) {
        if (name.isBlank() || name.length() > MAX_NAME || !name.matches("[\\p{IsHan}A-Za-z0-9·]+")) {
            return refused(texts.text("name-invalid", "max", MAX_NAME));
        }
        ensure(player);
        jdbc.sql("UPDATE quiz_resident SET display_name = :n WHERE openid = :o").param("n", name)
                .param("o", player.openid()).update();
        return done(texts.text("name-set", "name", name));
    }

    /** Binds by community name; {@code confirmed} is needed to move from one community to another. */
    public Reply bindCommunity(Player player, String name, boolean confirmed) {
        Optional<Map.Entry<String, String>> found = communities().entrySet().stream()
                .filter(e -> e.getValue().equals(name) || e.getKey().equalsIgnoreCase(name)).findFirst();
        if (found.isEmpty()) {
            return refused(texts.text("community-not-found", "example",
                    communities().values().stream().findFirst().orElse("荷风社区")));
        }
        String current = current(player, "community_code");
        if (current != null && !current.equals(found.get().getKey()) && !confirmed) {
            return new Reply(Reply.Outcome.CONFIRM, texts.text("community-change", "current",
                    communities().getOrDefault(current, current), "community", found.get().getValue()));
        }
        ensure(player);
        jdbc.sql("UPDATE quiz_resident SET community_code = :c, bound_at = now() WHERE openid = :o")
                .param("c", found.get().getKey()).param("o", player.openid()).update();
        return done(texts.text("community-bound", "community", found.get().getValue()));
    }

    public Reply bindUnit(Player player, String code) {
        String normalized = code.strip().toUpperCase();
        if (!properties.units().containsKey(normalized)) {
            return refused(texts.text("unit-not-found"));
        }
        ensure(player);
        jdbc.sql("UPDATE quiz_resident SET unit_code = :u WHERE openid = :o").param("u", normalized)
                .param("o", player.openid()).update();
        return done(texts.text("unit-bound", "unit", properties.units().get(normalized)));
    }

    private static Reply done(String text) {
        return new Reply(Reply.Outcome.DONE, text);
    }

    private static Reply refused(String text) {
        return new Reply(Reply.Outcome.REFUSED, text);
    }

    /** Names for board lines; residents without one show as board-anonymous (文明市民) plus a short mark. */
    public Map<String, String> displayNames(List<String> members) {
        Map<String, String> out = new HashMap<>();
        if (members.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT openid_hash, display_name FROM quiz_resident WHERE openid_hash IN (:m)")
                .param("m", members).query((rs, n) -> out.put(rs.getString(1), rs.getString(2))).list();
        String anonymous = texts.text("board-anonymous");
        members.forEach(m -> out.merge(m, anonymous + m.substring(0, 4), (named, fallback) -> named));
        return out;
    }

    private String current(Player player, String column) {
        return jdbc.sql("SELECT " + column + " FROM quiz_resident WHERE openid = :o").param("o", player.openid())
                .query(String.class).optional().orElse(null);
    }

    private void ensure(Player player) {
        jdbc.sql("""
                INSERT INTO quiz_resident (openid, openid_hash, app_id) VALUES (:o, :h, :a)
                ON CONFLICT (openid) DO NOTHING""")
                .param("o", player.openid()).param("h", hasher.hash(player.openid())).param("a", player.appId())
                .update();
    }

    /**
     * The resident unsubscribed: their name, bindings and 错题本 go; their rounds stay in the
     * figures under the keyed hash only (the boards' member name), no longer under the openid.
     */
    @EventListener
    @Transactional
    public void forget(ResidentUnsubscribed event) {
        String hash = hasher.hash(event.openid());
        jdbc.sql("DELETE FROM quiz_resident WHERE openid = :o").param("o", event.openid()).update();
        jdbc.sql("DELETE FROM quiz_wrong_book WHERE openid = :o").param("o", event.openid()).update();
        jdbc.sql("UPDATE quiz_round SET openid = :h WHERE openid = :o").param("h", "unsubscribed:" + hash)
                .param("o", event.openid()).update();
    }
}
