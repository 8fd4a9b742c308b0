package cn.wenming.volunteer;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a volunteer served, as recorded: the time between check-in and check-out inside the slot;
 * less than the minimum counts 0; the rest is rounded to the nearest step (half up) and never more
 * than the slot.
 */
record HoursRule(Duration minimum, Duration step) {

    int minutes(Instant checkedIn, Instant checkedOut, Instant slotStart, Instant slotEnd) {
        Instant from = checkedIn.isAfter(slotStart) ? checkedIn : slotStart;
        Instant to = checkedOut.isBefore(slotEnd) ? checkedOut : slotEnd;
        long served = Math.max(0, Duration.between(from, to).toMinutes());
        if (served < minimum.toMinutes()) {
            return 0;
        }
        long step = Math.max(1, this.step.toMinutes());
        long rounded = (served + step / 2) / step * step;
        return (int) Math.min(rounded, Duration.between(slotStart, slotEnd).toMinutes());
    }
}
