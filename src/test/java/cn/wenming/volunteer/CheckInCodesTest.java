package cn.wenming.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.OpenIdHasher;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckInCodesTest {

    private static final VolunteerProperties PROPERTIES = new VolunteerProperties(Duration.ofSeconds(30), 500,
            Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofMinutes(30), 5000, Duration.ofHours(24), "市文明办");
    private final CheckInCodes codes = new CheckInCodes(new OpenIdHasher("test-key-0123456789"), PROPERTIES);
    private final Instant shown = Instant.parse("2026-12-05T01:00:05Z");

    @Test
    void aFreshCodeNamesItsSlotDuringItsPeriodAndTheNext() {
        String code = codes.code(42, shown);
        assertThat(codes.slotOf(code, shown)).hasValue(42);
        assertThat(codes.slotOf(code, shown.plusSeconds(50))).hasValue(42);
    }

    @Test
    void aCodeReplayedAfterItExpiredIsRefusedAndKnownAsExpired() {
        String code = codes.code(42, shown);
        Instant later = shown.plusSeconds(60);
        assertThat(codes.slotOf(code, later)).isEmpty();
        assertThat(codes.expired(code, later)).isTrue();
    }

    @Test
    void aForgedOrAlteredCodeIsRefusedAndNotCalledExpired() {
        String code = codes.code(42, shown);
        String otherSlot = "43" + code.substring(2);
        assertThat(codes.slotOf(otherSlot, shown)).isEmpty();
        assertThat(codes.expired(otherSlot, shown)).isFalse();
        long period = shown.getEpochSecond() / 30;
        String future = "42." + (period + 100) + "." + code.split("\\.")[2];
        assertThat(codes.slotOf(future, shown)).isEmpty();
        assertThat(codes.slotOf("rubbish", shown)).isEmpty();
        assertThat(codes.slotOf(null, shown)).isEmpty();
        assertThat(new CheckInCodes(new OpenIdHasher("another-key-0123456789"), PROPERTIES).slotOf(code, shown)).isEmpty();
    }
}
