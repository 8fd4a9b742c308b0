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

    static final String CONFIRM = "您已绑定";
    private static final int MAX_NAME = 12;

    private final JdbcClient jdbc;
    private final GridMap grid;
    private final OpenIdHasher hasher;
    private final QuizProperties properties;

    QuizResidents(JdbcClient jdbc, GridMap grid, OpenIdHasher hasher, QuizProperties properties) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.hasher = hasher;
        this.properties = properties;
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

    public Map<String, String> units() {
        return properties.units();
    }

    String name(Player player, String name) {
        if (name.isBlank() || name.length() > MAX_NAME || !name.matches("[\\p{IsHan}A-Za-z0-9·]+")) {
            return "请回复“证书姓名+您的名字”，如“证书姓名 张三”，不超过" + MAX_NAME + "个字。";
        }
        ensure(player);
        jdbc.sql("UPDATE quiz_resident SET display_name = :n WHERE openid = :o").param("n", name)
                .param("o", player.openid()).update();
        return "好的，证书和排行榜上将显示“" + name + "”。";
    }

    /** Binds by community name; {@code confirmed} is needed to move from one community to another. */
    public String bindCommunity(Player player, String name, boolean confirmed) {
        Optional<Map.Entry<String, String>> found = communities().entrySet().stream()
                .filter(e -> e.getValue().equals(name) || e.getKey().equalsIgnoreCase(name)).findFirst();
        if (found.isEmpty()) {
            return "没有找到这个社区。请回复“社区+社区名”，如“社区 " + communities().values().stream().findFirst()
                    .orElse("荷风社区") + "”。";
        }
        String current = current(player, "community_code");
        if (current != null && !current.equals(found.get().getKey()) && !confirmed) {
            return CONFIRM + communities().getOrDefault(current, current) + "，确定更换为" + found.get().getValue()
                    + "吗？回复“确认更换”。";
        }
        ensure(player);
        jdbc.sql("UPDATE quiz_resident SET community_code = :c, bound_at = now() WHERE openid = :o")
                .param("c", found.get().getKey()).param("o", player.openid()).update();
        return "已绑定" + found.get().getValue() + "，您的答题成绩将计入该社区。";
    }

    public String bindUnit(Player player, String code) {
        String normalized = code.strip().toUpperCase();
        if (!properties.units().containsKey(normalized)) {
            return "单位代码不对，请向所在单位确认后回复“单位+代码”。";
        }
        ensure(player);
        jdbc.sql("UPDATE quiz_resident SET unit_code = :u WHERE openid = :o").param("u", normalized)
                .param("o", player.openid()).update();
        return "已绑定" + properties.units().get(normalized) + "。";
    }

    /** Names for board lines; residents without one show as 文明市民 plus a short mark. */
    public Map<String, String> displayNames(List<String> members) {
        Map<String, String> out = new HashMap<>();
        if (members.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT openid_hash, display_name FROM quiz_resident WHERE openid_hash IN (:m)")
                .param("m", members).query((rs, n) -> out.put(rs.getString(1), rs.getString(2))).list();
        members.forEach(m -> out.merge(m, "文明市民" + m.substring(0, 4), (named, fallback) -> named));
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
