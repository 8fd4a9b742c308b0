package cn.wenming.wechat;

import cn.wenming.core.OpenIdHasher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * Who wrote to an account in the last 48 hours: only they may be sent customer-service messages;
 * everyone else is reached by a template message. Kept in Redis so every instance knows.
 */
@Component
class ActiveResidents {

    static final Duration WINDOW = Duration.ofHours(48);
    private static final String KEY = "wenming:wx:active:";
    private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;

    ActiveResidents(StringRedisTemplate redis, OpenIdHasher hasher) {
        this.redis = redis;
        this.hasher = hasher;
    }

    /**
     * Queues "this resident just wrote" on a pipelined connection. Without Redis the window is unknown;
     * the notifier then falls back to a template message.
     */
    void touchedIn(RedisConnection connection, String appId, String openid) {
        // Slightly inside WeChat's window, so a message near its end is not refused.
        connection.stringCommands().set(key(appId, openid).getBytes(StandardCharsets.UTF_8), ONE,
                Expiration.from(WINDOW.minusMinutes(10)), RedisStringCommands.SetOption.UPSERT);
    }

    boolean withinWindow(String appId, String openid) {
        try {
            return Boolean.TRUE.equals(redis.hasKey(key(appId, openid)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String key(String appId, String openid) {
        return KEY + appId + ":" + hasher.hash(openid);
    }
}
