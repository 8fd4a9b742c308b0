package cn.wenming.report;

import cn.wenming.core.OpenIdHasher;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Which handled report a resident was last asked to rate, so that a bare "1"/"2"/"3" in the chat
 * rates it. Any other message ends the offer (the digits may then mean something else).
 */
@Component
class RatingPrompts {

    private static final Duration OFFER = Duration.ofDays(7);
    private static final String KEY = "wenming:report:rating:";

    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;

    RatingPrompts(StringRedisTemplate redis, OpenIdHasher hasher) {
        this.redis = redis;
        this.hasher = hasher;
    }

    void offer(String appId, String openid, String ticketNo) {
        redis.opsForValue().set(key(appId, openid), ticketNo, OFFER);
    }

    Optional<String> pending(String appId, String openid) {
        try {
            return Optional.ofNullable(redis.opsForValue().get(key(appId, openid)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    void withdraw(String appId, String openid) {
        redis.delete(key(appId, openid));
    }

    private String key(String appId, String openid) {
        return KEY + appId + ":" + hasher.hash(openid);
    }
}
