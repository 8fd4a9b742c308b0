package cn.wenming.console;

import java.time.Duration;
import java.util.Locale;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@code MAX_FAILURES} failed logins for one account, or from one
 * address, within the window, further attempts are refused until the window has passed. Counted in
 * Redis so every instance sees the same count.
 */
@Component
class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final String KEY = "wenming:console:login-failures:";

    private final StringRedisTemplate redis;

    LoginThrottle(StringRedisTemplate redis) {
        this.redis = redis;
    }

    boolean locked(String username, String address) {
        return count(userKey(username)) >= MAX_FAILURES || count(addressKey(address)) >= MAX_FAILURES * 4;
    }

    void failed(String username, String address) {
        for (String key : new String[] {userKey(username), addressKey(address)}) {
            Long n = redis.opsForValue().increment(key);
            if (n != null && n == 1) {
                redis.expire(key, WINDOW);
            }
        }
    }

    void succeeded(String username) {
        redis.delete(userKey(username));
    }

    private long count(String key) {
        String value = redis.opsForValue().get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String userKey(String username) {
        return KEY + "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return KEY + "addr:" + address;
    }
}
