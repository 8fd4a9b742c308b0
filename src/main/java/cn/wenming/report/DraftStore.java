package cn.wenming.report;

import cn.wenming.core.OpenIdHasher;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Chat drafts in Redis, one hash per resident and account, expiring {@code draft-ttl} after the last
 * message: shared by every instance and kept across restarts of the app.
 */
@Component
class DraftStore {

    private static final Logger log = LoggerFactory.getLogger(DraftStore.class);

    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;
    private final ReportProperties properties;

    DraftStore(StringRedisTemplate redis, OpenIdHasher hasher, ReportProperties properties) {
        this.redis = redis;
        this.hasher = hasher;
        this.properties = properties;
    }

    /**
     * The resident's draft. With Redis unreachable there is no draft to continue: the message then
     * goes on to the knowledge base, which still answers.
     */
    Optional<ReportDraft> find(String appId, String openid) {
        Map<Object, Object> raw;
        try {
            raw = redis.opsForHash().entries(key(appId, openid));
        } catch (DataAccessException e) {
            log.warn("Report drafts unavailable: {}", e.getMessage());
            return Optional.empty();
        }
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        raw.forEach((k, v) -> fields.put(k.toString(), v.toString()));
        return Optional.of(new ReportDraft(fields));
    }

    /** Creates the draft if needed and sets the given fields. */
    void put(String appId, String openid, Map<String, String> fields) {
        String key = key(appId, openid);
        redis.opsForHash().putAll(key, Map.<String, String>copyOf(fields));
        redis.opsForHash().putIfAbsent(key, "started", String.valueOf(System.currentTimeMillis()));
        redis.expire(key, properties.draftTtl());
    }

    void remove(String appId, String openid, String... fields) {
        redis.opsForHash().delete(key(appId, openid), (Object[]) fields);
    }

    void delete(String appId, String openid) {
        redis.delete(key(appId, openid));
    }

    private String key(String appId, String openid) {
        return "wenming:report:draft:" + appId + ":" + hasher.hash(openid);
    }
}
