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
 * Remembers, for five minutes and in Redis so that any instance can take the next message: the
 * numbered list last sent to a resident (so "2" picks its second question), and the entries related
 * to the last answer (so "还有吗" can list them). Without Redis the resident can still type questions.
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
        set(key(openidHash), entryIds);
    }

    /** The entries related to the answer just given (possibly none). */
    void rememberRelated(String openidHash, List<String> entryIds) {
        set(relatedKey(openidHash), entryIds);
    }

    /** Entries related to the last answer; empty list if it had none, empty optional if there was no answer. */
    Optional<List<String>> related(String openidHash) {
        try {
            String ids = redis.opsForValue().get(relatedKey(openidHash));
            return ids == null ? Optional.empty()
                    : Optional.of(ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")));
        } catch (RuntimeException e) {
            log.warn("Redis unavailable, no follow-up list: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void set(String key, List<String> entryIds) {
        try {
            redis.opsForValue().set(key, String.join(",", entryIds), TTL);
        } catch (RuntimeException e) {
            log.warn("Redis unavailable, conversation state not remembered: {}", e.getMessage());
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

    private static String relatedKey(String openidHash) {
        return "wenming:related:" + openidHash;
    }
}
