package cn.wenming.quiz;

import cn.wenming.core.CityTime;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Leaderboards. Individual boards (today, this week, all time, and per campaign) are Redis sorted sets
 * keeping each resident's best round: score first, then less time. The update is one Lua script, so
 * concurrent rounds never lose or double-count; every scored round is also in PostgreSQL, from which
 * {@link #rebuild()} recreates the sets. Community and 单位 boards rank by participation rate and
 * average best score, computed in PostgreSQL.
 */
@Component
public class QuizBoards {

    /** A scored round as the boards see it. */
    record Entry(String member, int score, long millis, LocalDate day, Long campaignId) {

        /** Higher is better: the score, then the time (in tenths of a second, fewer is better). */
        double composite() {
            return score * 1_000_000.0 + (999_999 - Math.min(millis / 100, 999_999));
        }
    }

    /** One line of a board. */
    public record Line(long rank, String member, int score, long millis) {
    }

    /** One community's or 单位's standing. */
    public record GroupLine(String code, String name, int participants, Integer headcount, Double participation,
            double averageBest) {
    }

    private static final String PREFIX = "wenming:quiz:board:";
    /** Keeps the higher of the old and new value: ZADD GT, atomically. */
    private static final DefaultRedisScript<Long> KEEP_BEST = new DefaultRedisScript<>("""
            local current = redis.call('ZSCORE', KEYS[1], ARGV[2])
            if (not current) or tonumber(ARGV[1]) > tonumber(current) then
              redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0""", Long.class);

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final QuizProperties properties;

    QuizBoards(StringRedisTemplate redis, JdbcClient jdbc, QuizProperties properties) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    void record(Entry entry) {
        String composite = String.valueOf(entry.composite());
        for (String key : keys(entry)) {
            redis.execute(KEEP_BEST, List.of(key), composite, entry.member());
        }
    }

    Long rankToday(Entry entry) {
        String key = entry.campaignId() != null ? campaignKey(entry.campaignId()) : dayKey(entry.day());
        Long rank = redis.opsForZSet().reverseRank(key, entry.member());
        return rank == null ? null : rank + 1;
    }

    public List<Line> today(int n) {
        return top(dayKey(LocalDate.now(CityTime.ZONE)), n);
    }

    public List<Line> thisWeek(int n) {
        return top(weekKey(LocalDate.now(CityTime.ZONE)), n);
    }

    public List<Line> allTime(int n) {
        return top(PREFIX + "all", n);
    }

    public List<Line> campaign(long campaignId, int n) {
        return top(campaignKey(campaignId), n);
    }

    /** A member's place on today's board, or null. */
    public Long todayRank(String member) {
        Long rank = redis.opsForZSet().reverseRank(dayKey(LocalDate.now(CityTime.ZONE)), member);
        return rank == null ? null : rank + 1;
    }

    /** Communities (by code) or 单位 over a date range: participants ÷ head-count, then average best score. */
    public List<GroupLine> groups(String column, LocalDate from, LocalDate to, Map<String, String> names) {
        if (!Set.of("community_code", "unit_code").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        List<GroupLine> lines = new ArrayList<>();
        jdbc.sql("SELECT code, count(*) AS participants, avg(best) AS average FROM ("
                + " SELECT " + column + " AS code, openid, max(score) AS best FROM quiz_round"
                + " WHERE mode <> 'PRACTICE' AND finished_at IS NOT NULL AND day BETWEEN :from AND :to"
                + " AND " + column + " IS NOT NULL GROUP BY " + column + ", openid) best GROUP BY code")
                .param("from", from).param("to", to)
                .query((rs, n) -> {
                    String code = rs.getString(1);
                    Integer headcount = properties.headcounts().get(code);
                    int participants = rs.getInt(2);
                    lines.add(new GroupLine(code, names.getOrDefault(code, code), participants, headcount,
                            headcount == null || headcount == 0 ? null : participants * 1.0 / headcount,
                            rs.getDouble(3)));
                    return null;
                }).list();
        // Rate first (big communities do not win by size), then the average best score.
        lines.sort((a, b) -> {
            int byRate = Double.compare(b.participation() == null ? -1 : b.participation(),
                    a.participation() == null ? -1 : a.participation());
            return byRate != 0 ? byRate : Double.compare(b.averageBest(), a.averageBest());
        });
        return lines;
    }

    /** Recreates every individual board from the rounds in PostgreSQL. */
    public void rebuild() {
        Set<String> keys = redis.keys(PREFIX + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
        jdbc.sql("SELECT openid_hash, score, total_millis, day, campaign_id FROM quiz_round"
                + " WHERE mode <> 'PRACTICE' AND finished_at IS NOT NULL")
                .query((rs, n) -> new Entry(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getObject(4, LocalDate.class), (Long) rs.getObject(5)))
                .list().forEach(this::record);
    }

    /** Every board key with its members and values, for comparing Redis with a rebuild. */
    Map<String, Set<ZSetOperations.TypedTuple<String>>> snapshot() {
        Map<String, Set<ZSetOperations.TypedTuple<String>>> out = new java.util.TreeMap<>();
        Set<String> keys = redis.keys(PREFIX + "*");
        if (keys != null) {
            keys.forEach(k -> out.put(k, redis.opsForZSet().rangeWithScores(k, 0, -1)));
        }
        return out;
    }

    private List<Line> top(String key, int n) {
        List<Line> lines = new ArrayList<>();
        Set<ZSetOperations.TypedTuple<String>> tuples = redis.opsForZSet().reverseRangeWithScores(key, 0, n - 1L);
        long rank = 1;
        for (ZSetOperations.TypedTuple<String> t : tuples == null ? Set.<ZSetOperations.TypedTuple<String>>of() : tuples) {
            double value = t.getScore() == null ? 0 : t.getScore();
            int score = (int) (value / 1_000_000);
            long millis = (999_999 - Math.round(value - score * 1_000_000.0)) * 100;
            lines.add(new Line(rank++, t.getValue(), score, millis));
        }
        return lines;
    }

    private List<String> keys(Entry entry) {
        if (entry.campaignId() != null) {
            return List.of(campaignKey(entry.campaignId()));
        }
        return List.of(dayKey(entry.day()), weekKey(entry.day()), PREFIX + "all");
    }

    private static String dayKey(LocalDate day) {
        return PREFIX + "day:" + day;
    }

    private static String weekKey(LocalDate day) {
        return PREFIX + "week:" + day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static String campaignKey(long campaignId) {
        return PREFIX + "campaign:" + campaignId;
    }
}
