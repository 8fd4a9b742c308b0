package cn.wenming.volunteer;

import cn.wenming.core.OpenIdHasher;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * The rotating check-in code on the team leader's page: {@code slot.period.signature}, signed with the
 * service's HMAC key. A code is accepted in the period it was made for and the next one, so a photo of
 * the code sent to someone at home stops working within two periods; a forged one never works.
 */
@Component
class CheckInCodes {

    private final OpenIdHasher signer;
    private final long periodSeconds;

    CheckInCodes(OpenIdHasher signer, VolunteerProperties properties) {
        this.signer = signer;
        this.periodSeconds = Math.max(1, properties.codePeriod().toSeconds());
    }

    String code(long slotId, Instant now) {
        long period = now.getEpochSecond() / periodSeconds;
        return slotId + "." + period + "." + signature(slotId, period);
    }

    /** The slot a code is for, when it is genuine and still fresh; empty otherwise. */
    OptionalLong slotOf(String code, Instant now) {
        String[] parts = code == null ? new String[0] : code.split("\\.");
        if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("\\d{1,18}")) {
            return OptionalLong.empty();
        }
        long slot = Long.parseLong(parts[0]);
        long period = Long.parseLong(parts[1]);
        long current = now.getEpochSecond() / periodSeconds;
        boolean fresh = period == current || period == current - 1;
        boolean genuine = MessageDigest.isEqual(signature(slot, period).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
        return fresh && genuine ? OptionalLong.of(slot) : OptionalLong.empty();
    }

    /** Whether a code was genuine but is too old (to tell "expired" from "not a code"). */
    boolean expired(String code, Instant now) {
        String[] parts = code == null ? new String[0] : code.split("\\.");
        return parts.length == 3 && parts[0].matches("\\d{1,18}") && parts[1].matches("\\d{1,18}")
                && slotOf(code, Instant.ofEpochSecond(Long.parseLong(parts[1]) * periodSeconds)).isPresent();
    }

    private String signature(long slot, long period) {
        return signer.hash("volunteer-checkin:" + slot + ":" + period).substring(0, 16);
    }
}
