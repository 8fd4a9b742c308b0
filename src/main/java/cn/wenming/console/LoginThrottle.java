package cn.wenming.console;

import java.time.Duration;
import java.util.Locale;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without letting a stranger lock anyone out. Failures are counted per
 * (account, address): after {@code FREE_FAILURES} of them the next attempt from that address for that
 * account must wait {@code FIRST_DELAY}, doubling with every further failure up to {@code MAX_DELAY}.
 * The same account from another address is not slowed, so guessing at the admin's name from one
 * place never keeps the real admin out. One address trying many accounts is slowed the same way after
 * {@code FREE_FAILURES_PER_ADDRESS} failures. Counted in Redis so every instance sees the same count;
 * counts are forgotten a day after the last failure, and a successful login clears its pair.
 */
@Component
class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration FIRST_DELAY = Duration.ofSeconds(15);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration MEMORY = Duration.ofHours(24);
    private static final String KEY = "wenming:console:login-failures:";

    private final StringRedisTemplate redis;

    LoginThrottle(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Seconds this attempt must still wait; 0 when it may go ahead. */
    long secondsToWait(String username, String address) {
        return Math.max(remaining(waitKey(pair(username, address))), remaining(waitKey(addr(address))));
    }

    /** Counts a failure; returns the seconds the next attempt must now wait (0 when none). */
    long failed(String username, String address) {
        return Math.max(count(pair(username, address), FREE_FAILURES), count(addr(address), FREE_FAILURES_PER_ADDRESS));
    }

    void succeeded(String username, String address) {
        String pair = pair(username, address);
        redis.delete(java.util.List.of(KEY + pair, waitKey(pair)));
    }

    /** The delay after the {@code failures}th failure when the first {@code free} cost nothing. */
    static Duration delay(long failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        long doublings = Math.min(failures - free, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private long count(String what, int free) {
        Long n = redis.opsForValue().increment(KEY + what);
        redis.expire(KEY + what, MEMORY);
        Duration delay = delay(n == null ? 0 : n, free);
        if (delay.isZero()) {
            return 0;
        }
        redis.opsForValue().set(waitKey(what), "1", delay);
        return delay.toSeconds();
    }

    private long remaining(String key) {
        Long ttl = redis.getExpire(key);
        return ttl == null || ttl <= 0 ? 0 : ttl;
    }

    private static String waitKey(String what) {
        return KEY + "wait:" + what;
    }

    private static String pair(String username, String address) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        // Longer names are never accounts; cut them so a key stays small.
        return "pair:" + (name.length() > 64 ? name.substring(0, 64) : name) + "|" + address;
    }

    private static String addr(String address) {
        return "addr:" + address;
    }
}
