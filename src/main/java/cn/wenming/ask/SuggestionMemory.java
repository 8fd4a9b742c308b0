package cn.wenming.ask;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers the numbered "您是不是想问" list sent to a resident for five minutes, in Redis so that any
 * instance can take the reply "2". Without Redis the resident can still type the question.
 */
@Component
class SuggestionMemory {

    private static final Logger log = LoggerFactory.getLogger(SuggestionMemory.class);
    private static final Duration TTL = Duration.ofMinutes(5);

    private final StringRedisTemplate redis;

    SuggestionMemory(StringRedisTemplate redis) {
        this.redis = redis;
    }

    void remember(String openidHash, List<String> entryIds) {
        try {
            redis.opsForValue().set(key(openidHash), String.join(",", entryIds), TTL);
        } catch (RuntimeException e) {
            log.warn("Redis unavailable, suggestions not remembered: {}", e.getMessage());
        }
    }

    /** The entry id behind a numeric reply such as "2", if a recent list had that many items. */
    Optional<String> choice(String openidHash, String normalizedText) {
        if (!normalizedText.matches("[1-9]")) {
            return Optional.empty();
        }
        try {
            String ids = redis.opsForValue().get(key(openidHash));
            int index = Integer.parseInt(normalizedText) - 1;
            if (ids == null) {
                return Optional.empty();
            }
            List<String> list = Arrays.asList(ids.split(","));
            return index < list.size() ? Optional.of(list.get(index)) : Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Redis unavailable, numeric reply treated as a question: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static String key(String openidHash) {
        return "wenming:suggest:" + openidHash;
    }
}
