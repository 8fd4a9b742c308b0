package cn.wenming.inspection;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How marks become scores — the rules the ledgers and the dashboard print (README, "测评"):
 * <ul>
 *   <li>a pass-fail item scores its weight when 合格, 0 when 不合格;</li>
 *   <li>a count item scores {@code max(0, weight − deduct × count)} and is 合格 when
 *       {@code count ≤ allowed};</li>
 *   <li>an item marked 不适用 counts in neither sum;</li>
 *   <li>a score (of a point, or of a type, unit or street over all their points' items) is
 *       {@code 100 × Σ item scores ÷ Σ weights}, and a pass rate {@code 100 × 合格 items ÷ applicable
 *       items}; both rounded half up to one decimal, only when shown — sums are kept exact.</li>
 * </ul>
 */
final class InspectionScores {

    private InspectionScores() {
    }

    /** What an inspector said of one item. */
    public enum Result {
        PASS("合格"), FAIL("不合格"), NA("不适用");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One item as scored: its result (a count item's follows from the count) and points. */
    public record ItemScore(Result result, BigDecimal points) {
    }

    /**
     * Scores one mark. For a count item the result is decided by the count ({@code stated} is
     * ignored unless it is 不适用); for a pass-fail item {@code count} is ignored.
     */
    static ItemScore score(ChecklistItem item, Result stated, Integer count) {
        if (stated == Result.NA) {
            return new ItemScore(Result.NA, BigDecimal.ZERO);
        }
        if (item.judge() == ChecklistItem.Judge.COUNT) {
            int found = count == null ? 0 : count;
            int points = Math.max(0, item.weight() - item.deduct() * found);
            return new ItemScore(found <= item.allowed() ? Result.PASS : Result.FAIL, BigDecimal.valueOf(points));
        }
        return new ItemScore(stated, stated == Result.PASS ? BigDecimal.valueOf(item.weight()) : BigDecimal.ZERO);
    }

    /** Sums over any set of applicable items: a point's, a type's, a unit's, a street's. */
    public record Tally(BigDecimal points, int weights, int passed, int applicable) {

        static final Tally EMPTY = new Tally(BigDecimal.ZERO, 0, 0, 0);

        /** @param weight the item's weight when it was marked (the checklist may have changed since) */
        Tally add(int weight, ItemScore score) {
            if (score.result() == Result.NA) {
                return this;
            }
            return new Tally(points.add(score.points()), weights + weight,
                    passed + (score.result() == Result.PASS ? 1 : 0), applicable + 1);
        }

        Tally plus(Tally other) {
            return new Tally(points.add(other.points), weights + other.weights, passed + other.passed,
                    applicable + other.applicable);
        }

        /** 0–100 with one decimal, or null when nothing applicable was marked. */
        public BigDecimal score() {
            return weights == 0 ? null : percent(points, BigDecimal.valueOf(weights));
        }

        /** 0–100 with one decimal, or null when nothing applicable was marked. */
        public BigDecimal passRate() {
            return applicable == 0 ? null : percent(BigDecimal.valueOf(passed), BigDecimal.valueOf(applicable));
        }

        private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
            return part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_UP);
        }
    }
}
