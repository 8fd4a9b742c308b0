package cn.wenming.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.inspection.InspectionScores.ItemScore;
import cn.wenming.inspection.InspectionScores.Result;
import cn.wenming.inspection.InspectionScores.Tally;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Scores from a fixture worked out by hand (the sums are in the comments), so a change to the rules
 * README states — weights, counts, 不适用, rounding half up to one decimal — shows here.
 */
class InspectionScoresTest {

    private static final ChecklistItem A = passFail("A", 3);
    private static final ChecklistItem B = passFail("B", 2);
    /** Up to 1 is 合格; each counted problem takes 1 of its 4 points. */
    private static final ChecklistItem C = count("C", 4, 1, 1);
    private static final ChecklistItem D = passFail("D", 5);
    /** None is 合格; each counted problem takes 1 of its 2 points, never below 0. */
    private static final ChecklistItem E = count("E", 2, 0, 1);

    @Test
    void aPointScoresItsItemsAgainstTheWeightsOfTheApplicableOnes() {
        // A 合格 3, B 不合格 0, C 2 found → 不合格 4−2 = 2, D 不适用 (out), E 5 found → 不合格 max(0, 2−5) = 0.
        Tally first = Tally.EMPTY.add(3, score(A, Result.PASS, null)).add(2, score(B, Result.FAIL, null))
                .add(4, score(C, Result.PASS, 2)).add(5, score(D, Result.NA, null)).add(2, score(E, Result.PASS, 5));
        // Σ = 3 + 0 + 2 + 0 = 5 of 3 + 2 + 4 + 2 = 11 → 45.45… → 45.5; 合格 1 of 4 → 25.0.
        assertThat(first.points()).isEqualByComparingTo("5");
        assertThat(first.weights()).isEqualTo(11);
        assertThat(first.score()).isEqualByComparingTo("45.5");
        assertThat(first.passRate()).isEqualByComparingTo("25.0");

        // A 3, B 2, C 1 found → 合格 4−1 = 3, D 不合格 0, E 0 found → 合格 2: Σ 10 of 16 → 62.5; 合格 4 of 5 → 80.0.
        Tally second = Tally.EMPTY.add(3, score(A, Result.PASS, null)).add(2, score(B, Result.PASS, null))
                .add(4, score(C, Result.FAIL, 1)).add(5, score(D, Result.FAIL, null)).add(2, score(E, Result.FAIL, 0));
        assertThat(second.score()).isEqualByComparingTo("62.5");
        assertThat(second.passRate()).isEqualByComparingTo("80.0");

        // A street with both points pools their items, not their scores: 15 of 27 → 55.55… → 55.6
        // (the mean of 45.5 and 62.5 would be 54.0); 合格 5 of 9 → 55.6.
        Tally street = first.plus(second);
        assertThat(street.score()).isEqualByComparingTo("55.6");
        assertThat(street.passRate()).isEqualByComparingTo("55.6");
    }

    @Test
    void aCountDecidesTheResultWhateverWasTickedAndNotApplicableStaysOut() {
        assertThat(score(C, Result.FAIL, 0)).isEqualTo(new ItemScore(Result.PASS, BigDecimal.valueOf(4)));
        assertThat(score(C, Result.PASS, 9)).isEqualTo(new ItemScore(Result.FAIL, BigDecimal.ZERO));
        assertThat(score(C, Result.NA, 9).result()).isEqualTo(Result.NA);
        assertThat(Tally.EMPTY.add(4, score(C, Result.NA, 9))).isEqualTo(Tally.EMPTY);
        assertThat(Tally.EMPTY.score()).isNull();
        assertThat(Tally.EMPTY.passRate()).isNull();
    }

    @Test
    void roundingIsHalfUpToOneDecimal() {
        // 100 × 1 ÷ 16 = 6.25: half up gives 6.3 (half even would give 6.2).
        assertThat(new Tally(BigDecimal.ONE, 16, 1, 16).score()).isEqualByComparingTo("6.3");
        assertThat(new Tally(BigDecimal.ONE, 16, 1, 16).passRate()).isEqualByComparingTo("6.3");
        assertThat(new Tally(BigDecimal.valueOf(2), 3, 2, 3).score()).isEqualByComparingTo("66.7");
        assertThat(new Tally(BigDecimal.ONE, 3, 1, 3).score()).isEqualByComparingTo("33.3");
    }

    private static ItemScore score(ChecklistItem item, Result result, Integer count) {
        return InspectionScores.score(item, result, count);
    }

    private static ChecklistItem passFail(String code, int weight) {
        return new ChecklistItem(code, code, ChecklistItem.Judge.PASS_FAIL, weight, false, "other", null, 3, 0, 0, "-");
    }

    private static ChecklistItem count(String code, int weight, int allowed, int deduct) {
        return new ChecklistItem(code, code, ChecklistItem.Judge.COUNT, weight, false, "other", null, 3, allowed, deduct,
                "-");
    }
}
