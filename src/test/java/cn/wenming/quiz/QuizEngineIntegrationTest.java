package cn.wenming.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The engine with a clock the test moves: timing and late answers, implausibly fast answers, the
 * daily cap and best score, ties, 多选 scoring, repeat avoidance, shuffling, abandoned rounds, and
 * boards that equal their rebuild from PostgreSQL after concurrent rounds. Uses a small fixed bank.
 */
@TestPropertySource(properties = {"wenming.quiz.dir=src/test/resources/quiz", "wenming.quiz.round-size=4",
    "wenming.quiz.daily-scored-rounds=2"})
class QuizEngineIntegrationTest extends IntegrationTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @Autowired
    private QuizEngine engine;

    @Autowired
    private QuizBank bank;

    @Autowired
    private QuizBoards boards;

    @Autowired
    private MutableClock clock;

    @Autowired
    private OpenIdHasher hasher;

    private Player player;

    @BeforeEach
    void newPlayer() {
        player = new Player(TestAccounts.DEV_APPID, "o_quiz_" + System.nanoTime());
    }

    private QuizQuestion asked(QuizEngine.Served served) {
        return bank.enabled().values().stream().filter(q -> q.question().equals(served.question())).findFirst()
                .orElseThrow();
    }

    /** The reply that is right (or, with {@code right} false, wrong) for the question as shown. */
    private String reply(QuizEngine.Served served, boolean right) {
        QuizQuestion q = asked(served);
        if (q.type() == QuizQuestion.Type.JUDGE) {
            return q.correct().contains(0) == right ? "对" : "错";
        }
        StringBuilder letters = new StringBuilder();
        for (int shown = 0; shown < served.choices().size(); shown++) {
            int original = q.choices().indexOf(served.choices().get(shown));
            if (q.correct().contains(original) == right) {
                letters.append("ABCDEFGH".charAt(shown));
                if (!right) {
                    break;
                }
            }
        }
        return letters.toString();
    }

    /** Answers every question of the round, right or wrong, taking {@code each} per answer. */
    private QuizEngine.Result play(Player who, boolean right, Duration each) {
        QuizEngine.Served served = engine.start(who, QuizEngine.Mode.DAILY, null);
        while (true) {
            clock.advance(each);
            QuizEngine.Feedback feedback = engine.answer(who, reply(served, right));
            if (feedback.result() != null) {
                return feedback.result();
            }
            served = feedback.next();
        }
    }

    @Test
    void anAnswerAfterTheTimerIsWrongAndAnImplausiblyFastOneFlagsTheRound() {
        QuizEngine.Served first = engine.start(player, QuizEngine.Mode.DAILY, null);
        assertThat(first.total()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(31));
        QuizEngine.Feedback late = engine.answer(player, reply(first, true));
        assertThat(late.late()).isTrue();
        assertThat(late.correct()).isFalse();
        clock.advance(Duration.ofMillis(400));
        QuizEngine.Feedback fast = engine.answer(player, reply(late.next(), true));
        assertThat(fast.correct()).isTrue();
        assertThat(jdbc.sql("SELECT flagged FROM quiz_round WHERE id = ?").param(first.roundId())
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT late FROM quiz_answer WHERE round_id = ? AND position = 0")
                .param(first.roundId()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void theDailyCapKeepsTheBestScoreAndPracticeIsUnlimitedAndUnscored() {
        QuizEngine.Result poor = play(player, false, Duration.ofSeconds(5));
        QuizEngine.Result good = play(player, true, Duration.ofSeconds(5));
        assertThat(poor.score()).isZero();
        assertThat(good.score()).isEqualTo(100);
        assertThat(good.certificate()).isTrue();
        assertThatThrownBy(() -> engine.start(player, QuizEngine.Mode.DAILY, null))
                .isInstanceOf(QuizEngine.NoAttemptsLeft.class).hasMessageContaining("最好成绩100分");
        QuizEngine.Served practice = engine.start(player, QuizEngine.Mode.PRACTICE, null);
        assertThat(practice.total()).isEqualTo(4);
        QuizEngine.Result practised = engine.quit(player).orElseThrow();
        assertThat(practised.rank()).isNull();
        assertThat(practised.certificate()).isFalse();
        assertThat(boards.today(100)).filteredOn(l -> l.score() == 100).isNotEmpty();
    }

    @Test
    void equalScoresAreRankedByTimeAndMultipleChoiceNeedsEveryRightOption() {
        Player slow = new Player(TestAccounts.DEV_APPID, "o_slow_" + System.nanoTime());
        Player quick = new Player(TestAccounts.DEV_APPID, "o_quick_" + System.nanoTime());
        QuizEngine.Result slowResult = play(slow, true, Duration.ofSeconds(20));
        QuizEngine.Result quickResult = play(quick, true, Duration.ofSeconds(3));
        assertThat(slowResult.score()).isEqualTo(quickResult.score());
        assertThat(quickResult.rank()).isLessThan(boards.todayRank(hasher.hash(slow.openid())));

        // A 多选 question answered with only one of its right options is wrong.
        for (int attempt = 0; attempt < 20; attempt++) {
            Player p = new Player(TestAccounts.DEV_APPID, "o_multi_" + System.nanoTime());
            QuizEngine.Served served = engine.start(p, QuizEngine.Mode.PRACTICE, null);
            while (served != null && served.type() != QuizQuestion.Type.MULTIPLE) {
                QuizEngine.Feedback f = engine.answer(p, reply(served, true));
                served = f.next();
            }
            if (served != null) {
                String all = reply(served, true);
                QuizEngine.Feedback partial = engine.answer(p, all.substring(0, 1));
                assertThat(partial.correct()).isFalse();
                assertThat(partial.rightAnswer()).isEqualTo(all);
                return;
            }
        }
        throw new AssertionError("no 多选 question was drawn in 20 rounds");
    }

    @Test
    void questionsSeenThisWeekAreNotServedAgainWhileUnseenOnesRemain() {
        Set<String> first = new HashSet<>(ids(engine.start(player, QuizEngine.Mode.PRACTICE, null).roundId()));
        engine.quit(player);
        Set<String> second = new HashSet<>(ids(engine.start(player, QuizEngine.Mode.PRACTICE, null).roundId()));
        engine.quit(player);
        // Only what was answered counts as seen: answer all four of a round, then draw again.
        QuizEngine.Served served = engine.start(player, QuizEngine.Mode.PRACTICE, null);
        Set<String> answered = new HashSet<>(ids(served.roundId()));
        while (served != null) {
            served = engine.answer(player, reply(served, true)).next();
        }
        Set<String> next = new HashSet<>(ids(engine.start(player, QuizEngine.Mode.PRACTICE, null).roundId()));
        assertThat(next).doesNotContainAnyElementsOf(answered);
        assertThat(first).hasSize(4);
        assertThat(second).hasSize(4);
        // Topic balance: three topics in the bank, so a fresh round of four covers all three.
        assertThat(first.stream().map(id -> bank.find(id).orElseThrow().topic()).distinct()).hasSize(3);
    }

    @Test
    void optionsAreShuffledOnTheServerAndTheAnswerIsNotPartOfWhatIsServed() {
        Set<String> firstChoices = new HashSet<>();
        for (int i = 0; i < 30 && firstChoices.size() < 2; i++) {
            Player p = new Player(TestAccounts.DEV_APPID, "o_shuffle_" + i + "_" + System.nanoTime());
            QuizEngine.Served served = engine.start(p, QuizEngine.Mode.PRACTICE, null);
            while (served != null && !served.question().equals("国家层面的价值目标是哪一组？")) {
                served = engine.answer(p, reply(served, true)).next();
            }
            if (served != null) {
                firstChoices.add(served.choices().get(0));
            }
            engine.quit(p);
        }
        assertThat(firstChoices).hasSizeGreaterThan(1);
        assertThat(QuizEngine.Served.class.getRecordComponents()).extracting(c -> c.getName())
                .doesNotContain("correct", "answer", "rightAnswer");
    }

    @Test
    void aRoundAbandonedInSilenceIsClosedByTheTimerAndCounts() {
        QuizEngine.Served served = engine.start(player, QuizEngine.Mode.DAILY, null);
        clock.advance(Duration.ofSeconds(2));
        engine.answer(player, reply(served, true));
        clock.advance(Duration.ofMinutes(10));
        engine.closeAbandoned();
        var row = jdbc.sql("SELECT finished_at IS NOT NULL AS closed, correct, score FROM quiz_round WHERE id = ?")
                .param(served.roundId()).query().singleRow();
        assertThat(row).containsEntry("closed", true).containsEntry("correct", 1).containsEntry("score", 25);
    }

    @Test
    void concurrentRoundsLeaveBoardsEqualToTheirRebuild() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<QuizEngine.Result>> results = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Player p = new Player(TestAccounts.DEV_APPID, "o_board_" + (i % 8) + "_" + System.nanoTime() / 1000);
            boolean right = i % 3 != 0;
            results.add(pool.submit(() -> play(p, right, Duration.ofMillis(1600))));
        }
        for (Future<QuizEngine.Result> f : results) {
            try {
                f.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(QuizEngine.NoAttemptsLeft.class);
            }
        }
        pool.shutdown();
        var live = boards.snapshot();
        boards.rebuild();
        assertThat(boards.snapshot()).isEqualTo(live);
    }

    private List<String> ids(long roundId) {
        return List.of(jdbc.sql("SELECT questions FROM quiz_round WHERE id = ?").param(roundId).query(String.class)
                .single().split(","));
    }
}
