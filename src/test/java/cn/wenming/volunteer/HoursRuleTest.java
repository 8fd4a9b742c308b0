package cn.wenming.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HoursRuleTest {

    private static final HoursRule RULE = new HoursRule(Duration.ofMinutes(15), Duration.ofMinutes(30));
    private static final Instant START = Instant.parse("2026-12-05T01:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(2));

    private static int served(int fromMinute, int toMinute) {
        return RULE.minutes(START.plus(Duration.ofMinutes(fromMinute)), START.plus(Duration.ofMinutes(toMinute)), START, END);
    }

    @Test
    void lessThanTheMinimumCountsNothing() {
        assertThat(served(0, 14)).isZero();
        assertThat(served(100, 114)).isZero();
    }

    @Test
    void theRestIsRoundedToTheNearestHalfHour() {
        assertThat(served(0, 15)).isEqualTo(30);
        assertThat(served(0, 44)).isEqualTo(30);
        assertThat(served(0, 45)).isEqualTo(60);
        assertThat(served(10, 81)).isEqualTo(60);
    }

    @Test
    void onlyTheTimeInsideTheSlotCountsAndNeverMoreThanTheSlot() {
        // Checked in 30 minutes early, out 40 minutes late: the slot's two hours.
        assertThat(served(-30, 160)).isEqualTo(120);
        // A 50-minute slot rounds to 60 but is capped at 50.
        assertThat(RULE.minutes(START, START.plus(Duration.ofMinutes(50)), START, START.plus(Duration.ofMinutes(50))))
                .isEqualTo(50);
    }
}
