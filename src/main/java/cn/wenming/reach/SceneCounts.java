package cn.wenming.reach;

import cn.wenming.core.OpenIdHasher;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Follows and scans by scene, under the keyed hash of the openid only. */
@Component
class SceneCounts {

    /** Distinct residents who followed and who scanned through one scene. */
    record Count(int follows, int scans) {

        static final Count NONE = new Count(0, 0);
    }

    private final JdbcClient jdbc;
    private final OpenIdHasher hasher;

    SceneCounts(JdbcClient jdbc, OpenIdHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    void record(String appId, String scene, String openid, boolean newFollower) {
        jdbc.sql("INSERT INTO reach_scene_event (app_id, scene, kind, openid_hash) VALUES (?, ?, ?, ?)")
                .params(appId, scene, newFollower ? "follow" : "scan", hasher.hash(openid)).update();
    }

    /** The residents each scene brought: the keyed hashes of those whose first follow or scan was through it. */
    Map<String, java.util.Set<String>> broughtByScene(String appId) {
        Map<String, java.util.Set<String>> out = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (openid_hash) openid_hash, scene FROM reach_scene_event WHERE app_id = ?
                ORDER BY openid_hash, at, id""").params(appId)
                .query((rs, n) -> out.computeIfAbsent(rs.getString(2), k -> new java.util.HashSet<>()).add(rs.getString(1)))
                .list();
        return out;
    }

    /** Per scene of the account: residents who followed through it, residents who scanned it. */
    Map<String, Count> byScene(String appId) {
        Map<String, Count> out = new HashMap<>();
        jdbc.sql("""
                SELECT scene, count(DISTINCT openid_hash) FILTER (WHERE kind = 'follow'),
                       count(DISTINCT openid_hash) FILTER (WHERE kind = 'scan')
                FROM reach_scene_event WHERE app_id = ? GROUP BY scene""").params(appId)
                .query((rs, n) -> out.put(rs.getString(1), new Count(rs.getInt(2), rs.getInt(3)))).list();
        return out;
    }
}
