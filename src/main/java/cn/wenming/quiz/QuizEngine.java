package cn.wenming.quiz;

import cn.wenming.core.CityTime;
import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.ResidentContribution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The quiz's one engine, for the chat and the H5 page alike. A round's questions are drawn on the
 * server (topic-balanced, avoiding what the resident saw lately), served one at a time with the
 * options shuffled, and timed on the server: the right answer leaves only in the feedback to an
 * answer. The round in progress lives in Redis; every answer is written to PostgreSQL at once, so a
 * round abandoned in silence is closed by its timer and still counts.
 */
@Service
public class QuizEngine {

    public enum Mode { DAILY, PRACTICE, CAMPAIGN }

    /** A question as the resident sees it: shuffled choices, no answer. */
    public record Served(long roundId, int position, int total, QuizQuestion.Type type, String question,
            List<String> choices, Duration timeLimit) {
    }

    /** What an answer earned, and what comes next ({@code next} or {@code result}). */
    public record Feedback(boolean correct, boolean late, String rightAnswer, String explanation, Served next,
            Result result) {
    }

    /** A finished round; {@code rank} is today's rank for a scored daily round. */
    public record Result(long roundId, Mode mode, int score, int correct, int total, long totalMillis, Long rank,
            boolean certificate) {
    }

    /** Thrown for replies that are not an answer ("请回复A、B…"). */
    public static class NotAnAnswer extends RuntimeException {
        NotAnAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /** Starting a scored round was refused: today's attempts are used. */
    public static class NoAttemptsLeft extends RuntimeException {
        private final int best;

        NoAttemptsLeft(String message, int best) {
            super(message, null, false, false);
            this.best = best;
        }

        public int best() {
            return best;
        }
    }

    private static final String KEY = "wenming:quiz:round:";
    /** The letters options are shown with, in the chat and on H5. */
    static final String LETTERS = "ABCDEFGH";

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final QuizBank bank;
    private final QuizBoards boards;
    private final QuizProperties properties;
    private final OpenIdHasher hasher;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final QuizTexts texts;
    private final ApplicationEventPublisher events;

    QuizEngine(StringRedisTemplate redis, JdbcClient jdbc, QuizBank bank, QuizBoards boards, QuizProperties properties,
            OpenIdHasher hasher, TransactionTemplate transaction, Clock quizClock, QuizTexts texts,
            ApplicationEventPublisher events) {
        this.events = events;
        this.redis = redis;
        this.jdbc = jdbc;
        this.bank = bank;
        this.boards = boards;
        this.properties = properties;
        this.hasher = hasher;
        this.transaction = transaction;
        this.clock = quizClock;
        this.texts = texts;
    }

    /** Starts a round (ending one still in progress, which counts as it stands). */
    public Served start(Player player, Mode mode, Long campaignId) {
        inProgress(player).ifPresent(state -> finish(player, state));
        LocalDate today = LocalDate.ofInstant(clock.instant(), CityTime.ZONE);
        if (mode != Mode.PRACTICE) {
            int used = jdbc.sql("SELECT count(*) FROM quiz_round WHERE openid = :o AND day = :d AND mode <> 'PRACTICE'"
                    + " AND coalesce(campaign_id, 0) = :c").param("o", player.openid()).param("d", today)
                    .param("c", campaignId == null ? 0 : campaignId).query(Integer.class).single();
            if (used >= properties.dailyScoredRounds()) {
                int best = best(player, today, campaignId);
                throw new NoAttemptsLeft(texts.text("no-attempts", "rounds", properties.dailyScoredRounds(), "best",
                        best), best);
            }
        }
        List<QuizQuestion> drawn = draw(player, topics(campaignId));
        Map<String, Object> bound = jdbc.sql("SELECT community_code, unit_code FROM quiz_resident WHERE openid = :o")
                .param("o", player.openid()).query().listOfRows().stream().findFirst().orElse(Map.of());
        long roundId = jdbc.sql("""
                INSERT INTO quiz_round (openid, openid_hash, app_id, mode, campaign_id, day, questions, started_at,
                    total, community_code, unit_code)
                VALUES (:o, :h, :app, :mode, :c, :day, :q, :at, :total, :community, :unit) RETURNING id""")
                .param("o", player.openid()).param("h", hasher.hash(player.openid())).param("app", player.appId())
                .param("mode", mode.name()).param("c", campaignId).param("day", today)
                .param("q", drawn.stream().map(QuizQuestion::id).collect(Collectors.joining(",")))
                .param("at", now()).param("total", drawn.size())
                .param("community", bound.get("community_code")).param("unit", bound.get("unit_code"))
                .query(Long.class).single();
        Map<String, String> state = new HashMap<>();
        state.put("round", String.valueOf(roundId));
        state.put("mode", mode.name());
        state.put("ids", drawn.stream().map(QuizQuestion::id).collect(Collectors.joining(",")));
        state.put("pos", "0");
        return serve(player, state, 0);
    }

    /** The question waiting for an answer, if a round is in progress and its timer has not run out. */
    public Optional<Served> current(Player player) {
        return inProgress(player).map(state -> served(state, Integer.parseInt(state.get("pos"))));
    }

    public boolean playing(Player player) {
        return redis.hasKey(key(player));
    }

    /** Takes an answer ("A", "ac", "对", "错") to the current question. */
    public Feedback answer(Player player, String reply) {
        Map<String, String> state = inProgress(player)
                .orElseThrow(() -> new NotAnAnswer(texts.text("not-playing")));
        int pos = Integer.parseInt(state.get("pos"));
        QuizQuestion question = question(state, pos);
        List<Integer> order = order(state);
        Set<Integer> chosen = parse(reply, question, order);
        long millis = clock.millis() - Long.parseLong(state.get("servedAt"));
        boolean late = millis > properties.timePerQuestion().toMillis();
        boolean correct = !late && chosen.equals(question.correct());
        boolean implausible = !late && millis < properties.minPlausibleAnswer().toMillis();
        long roundId = Long.parseLong(state.get("round"));
        record(roundId, pos, question, late ? null : chosen, correct, late, Math.min(millis,
                properties.timePerQuestion().toMillis()), implausible, player);
        String right = letters(question.correct(), order, question);
        int next = pos + 1;
        String[] ids = state.get("ids").split(",");
        if (next < ids.length) {
            state.put("pos", String.valueOf(next));
            return new Feedback(correct, late, right, question.explanation(), serve(player, state, next), null);
        }
        return new Feedback(correct, late, right, question.explanation(), null, finish(player, state));
    }

    /** "退出": the round ends now and counts as it stands. */
    public Optional<Result> quit(Player player) {
        return inProgress(player).map(state -> finish(player, state));
    }

    /** Closes rounds whose resident went silent: the unanswered questions count as wrong. */
    @Scheduled(fixedDelayString = "${wenming.quiz.sweep-interval:1m}", initialDelayString = "${wenming.quiz.sweep-interval:1m}")
    void closeAbandoned() {
        Duration allowed = properties.timePerQuestion().multipliedBy(properties.roundSize() + 1L);
        List<Long> stale = jdbc.sql("SELECT id FROM quiz_round WHERE finished_at IS NULL AND started_at < :before")
                .param("before", OffsetDateTime.ofInstant(clock.instant().minus(allowed), ZoneOffset.UTC))
                .query(Long.class).list();
        stale.forEach(this::close);
    }

    private Served serve(Player player, Map<String, String> state, int pos) {
        QuizQuestion question = question(state, pos);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < question.choices().size(); i++) {
            order.add(i);
        }
        if (question.type() != QuizQuestion.Type.JUDGE) {
            Collections.shuffle(order, ThreadLocalRandom.current());
        }
        state.put("order", order.stream().map(String::valueOf).collect(Collectors.joining(",")));
        state.put("servedAt", String.valueOf(clock.millis()));
        String key = key(player);
        Duration keep = properties.timePerQuestion().plusMinutes(5);
        // One round trip. Kept a little beyond the timer: an answer after that is late anyway, and the
        // sweep closes the round.
        redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public Object execute(RedisOperations operations) {
                operations.opsForHash().putAll(key, state);
                operations.expire(key, keep);
                return null;
            }
        });
        return served(state, pos);
    }

    private Served served(Map<String, String> state, int pos) {
        QuizQuestion question = question(state, pos);
        List<String> choices = order(state).stream().map(i -> question.choices().get(i)).toList();
        return new Served(Long.parseLong(state.get("round")), pos + 1, state.get("ids").split(",").length,
                question.type(), question.question(), choices, properties.timePerQuestion());
    }

    private Optional<Map<String, String>> inProgress(Player player) {
        Map<Object, Object> raw = redis.opsForHash().entries(key(player));
        if (raw.isEmpty() || !raw.containsKey("servedAt")) {
            return Optional.empty();
        }
        Map<String, String> state = new HashMap<>();
        raw.forEach((k, v) -> state.put(k.toString(), v.toString()));
        return Optional.of(state);
    }

    private QuizQuestion question(Map<String, String> state, int pos) {
        String id = state.get("ids").split(",")[pos];
        return bank.find(id).or(() -> disabled(id)).orElseThrow();
    }

    /** A question disabled in the console mid-round is still answered by whoever has it on screen. */
    private Optional<QuizQuestion> disabled(String id) {
        return jdbc.sql("SELECT id, type, topic, question, options, answer, entry_id, explanation, difficulty, enabled"
                + " FROM quiz_question WHERE id = :id").param("id", id)
                .query((rs, n) -> QuizBank.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                        rs.getBoolean(10)))
                .optional();
    }

    private static List<Integer> order(Map<String, String> state) {
        List<Integer> order = new ArrayList<>();
        for (String s : state.get("order").split(",")) {
            order.add(Integer.valueOf(s));
        }
        return order;
    }

    /** The reply as original option indices; shown letter k is original option order[k]. */
    private Set<Integer> parse(String reply, QuizQuestion question, List<Integer> order) {
        String text = reply == null ? "" : reply.strip().toUpperCase().replaceAll("[\\s,，、.。]", "");
        if (question.type() == QuizQuestion.Type.JUDGE) {
            if (text.equals("对") || text.equals("A") || text.equals("√") || text.equals("正确")) {
                return Set.of(0);
            }
            if (text.equals("错") || text.equals("B") || text.equals("×") || text.equals("错误")) {
                return Set.of(1);
            }
            throw new NotAnAnswer(texts.text("answer-judge"));
        }
        Set<Integer> chosen = new TreeSet<>();
        for (char c : text.toCharArray()) {
            int shown = LETTERS.indexOf(c);
            if (shown < 0 || shown >= order.size()) {
                throw new NotAnAnswer(texts.text(question.type() == QuizQuestion.Type.MULTIPLE ? "answer-letters"
                        : "answer-letter"));
            }
            chosen.add(order.get(shown));
        }
        if (chosen.isEmpty() || question.type() == QuizQuestion.Type.SINGLE && chosen.size() > 1) {
            throw new NotAnAnswer(texts.text(question.type() == QuizQuestion.Type.SINGLE ? "answer-one-letter"
                    : "answer-letters"));
        }
        return chosen;
    }

    private static String letters(Set<Integer> correct, List<Integer> order, QuizQuestion question) {
        if (question.type() == QuizQuestion.Type.JUDGE) {
            return correct.contains(0) ? "对" : "错";
        }
        StringBuilder out = new StringBuilder();
        for (int shown = 0; shown < order.size(); shown++) {
            if (correct.contains(order.get(shown))) {
                out.append(LETTERS.charAt(shown));
            }
        }
        return out.toString();
    }

    private void record(long roundId, int pos, QuizQuestion question, Set<Integer> chosen, boolean correct,
            boolean late, long millis, boolean implausible, Player player) {
        transaction.executeWithoutResult(status -> {
            int inserted = jdbc.sql("""
                    INSERT INTO quiz_answer (round_id, position, question_id, chosen, correct, late, millis, answered_at)
                    VALUES (:r, :p, :q, :chosen, :correct, :late, :millis, :at) ON CONFLICT DO NOTHING""")
                    .param("r", roundId).param("p", pos).param("q", question.id())
                    .param("chosen", chosen == null ? null
                            : chosen.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .param("correct", correct).param("late", late).param("millis", millis).param("at", now())
                    .update();
            if (inserted == 0) {
                return;
            }
            jdbc.sql("""
                    UPDATE quiz_round SET answered = answered + 1, correct = correct + :c, total_millis = total_millis + :m,
                        score = round((correct + :c) * 100.0 / total), flagged = flagged OR :flag WHERE id = :r""")
                    .param("c", correct ? 1 : 0).param("m", millis).param("flag", implausible).param("r", roundId)
                    .update();
            if (correct) {
                jdbc.sql("DELETE FROM quiz_wrong_book WHERE openid = :o AND question_id = :q")
                        .param("o", player.openid()).param("q", question.id()).update();
            } else {
                jdbc.sql("INSERT INTO quiz_wrong_book (openid, question_id) VALUES (:o, :q) ON CONFLICT DO NOTHING")
                        .param("o", player.openid()).param("q", question.id()).update();
            }
        });
    }

    private Result finish(Player player, Map<String, String> state) {
        redis.delete(key(player));
        return close(Long.parseLong(state.get("round")));
    }

    /** Ends a round once (whoever gets here first), and puts a scored round on the boards. */
    private Result close(long roundId) {
        Map<String, Object> round = transaction.execute(status -> {
            int closed = jdbc.sql("UPDATE quiz_round SET finished_at = :at WHERE id = :id AND finished_at IS NULL")
                    .param("at", now()).param("id", roundId).update();
            Map<String, Object> row = jdbc.sql("SELECT * FROM quiz_round WHERE id = :id").param("id", roundId).query()
                    .singleRow();
            row.put("justClosed", closed == 1);
            if (closed == 1 && !Mode.PRACTICE.name().equals(row.get("mode"))) {
                events.publishEvent(ResidentContribution.once(ResidentContribution.Source.QUIZ, String.valueOf(roundId),
                        (String) row.get("app_id"), (String) row.get("openid"), clock.instant()));
            }
            return row;
        });
        Mode mode = Mode.valueOf((String) round.get("mode"));
        int score = ((Number) round.get("score")).intValue();
        long millis = ((Number) round.get("total_millis")).longValue();
        Long rank = null;
        if (mode != Mode.PRACTICE) {
            QuizBoards.Entry entry = new QuizBoards.Entry((String) round.get("openid_hash"), score, millis,
                    ((java.sql.Date) round.get("day")).toLocalDate(), (Long) round.get("campaign_id"));
            if (Boolean.TRUE.equals(round.get("justClosed"))) {
                boards.record(entry);
            }
            rank = boards.rankToday(entry);
        }
        return new Result(roundId, mode, score, ((Number) round.get("correct")).intValue(),
                ((Number) round.get("total")).intValue(), millis, rank,
                mode != Mode.PRACTICE && score >= properties.certificateScore());
    }

    private int best(Player player, LocalDate day, Long campaignId) {
        return jdbc.sql("SELECT coalesce(max(score), 0) FROM quiz_round WHERE openid = :o AND day = :d"
                + " AND mode <> 'PRACTICE' AND coalesce(campaign_id, 0) = :c").param("o", player.openid())
                .param("d", day).param("c", campaignId == null ? 0 : campaignId).query(Integer.class).single();
    }

    private Set<String> topics(Long campaignId) {
        if (campaignId == null) {
            return Set.of();
        }
        String topics = jdbc.sql("SELECT topics FROM quiz_campaign WHERE id = :id").param("id", campaignId)
                .query(String.class).optional().orElse("");
        return java.util.Arrays.stream(topics.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    /**
     * Topic-balanced draw: topics in random order, one random question from each in turn, preferring
     * questions the resident has not seen within the repeat window.
     */
    List<QuizQuestion> draw(Player player, Set<String> topics) {
        Set<String> seen = new HashSet<>(jdbc.sql("""
                SELECT a.question_id FROM quiz_answer a JOIN quiz_round r ON r.id = a.round_id
                WHERE r.openid = :o AND a.answered_at > :since""").param("o", player.openid())
                .param("since", OffsetDateTime.ofInstant(clock.instant().minus(properties.repeatWindow()), ZoneOffset.UTC))
                .query(String.class).list());
        Map<String, List<QuizQuestion>> fresh = new LinkedHashMap<>();
        Map<String, List<QuizQuestion>> all = new LinkedHashMap<>();
        for (QuizQuestion q : bank.enabled().values()) {
            if (topics.isEmpty() || topics.contains(q.topic())) {
                all.computeIfAbsent(q.topic(), t -> new ArrayList<>()).add(q);
                if (!seen.contains(q.id())) {
                    fresh.computeIfAbsent(q.topic(), t -> new ArrayList<>()).add(q);
                }
            }
        }
        Random random = ThreadLocalRandom.current();
        List<QuizQuestion> drawn = pick(fresh, properties.roundSize(), random, new HashSet<>());
        if (drawn.size() < properties.roundSize()) {
            // Not enough unseen questions: top up with seen ones rather than serve a short round.
            Set<String> taken = drawn.stream().map(QuizQuestion::id).collect(Collectors.toSet());
            drawn.addAll(pick(all, properties.roundSize() - drawn.size(), random, taken));
        }
        if (drawn.isEmpty()) {
            throw new IllegalStateException("The quiz bank has no enabled question for topics " + topics);
        }
        return drawn;
    }

    private static List<QuizQuestion> pick(Map<String, List<QuizQuestion>> byTopic, int wanted, Random random,
            Set<String> taken) {
        Map<String, List<QuizQuestion>> pools = new LinkedHashMap<>();
        byTopic.forEach((topic, list) -> {
            List<QuizQuestion> pool = new ArrayList<>(list.stream().filter(q -> !taken.contains(q.id())).toList());
            Collections.shuffle(pool, random);
            if (!pool.isEmpty()) {
                pools.put(topic, pool);
            }
        });
        List<String> order = new ArrayList<>(pools.keySet());
        Collections.shuffle(order, random);
        List<QuizQuestion> out = new ArrayList<>();
        while (out.size() < wanted && !pools.isEmpty()) {
            for (String topic : new ArrayList<>(order)) {
                List<QuizQuestion> pool = pools.get(topic);
                if (pool == null) {
                    continue;
                }
                out.add(pool.remove(pool.size() - 1));
                if (pool.isEmpty()) {
                    pools.remove(topic);
                    order.remove(topic);
                }
                if (out.size() == wanted) {
                    break;
                }
            }
        }
        return out;
    }

    private String key(Player player) {
        return KEY + player.appId() + ":" + hasher.hash(player.openid());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC);
    }
}
