package cn.wenming.conversation;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.ResidentUnsubscribed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Conversation records in Redis: one hash per resident and account ({@code wenming:conv:<appid>:<hash>}),
 * expiring when its longest-lived part does (at least {@code wenming.conversation.ttl} after the
 * last message). The gateway reads it in the same round trip as its delivery bookkeeping
 * ({@link #readIn}) and writes it with the reply ({@link #writeIn}); shared by every instance.
 */
@Component
public class ConversationStore {

    private static final Logger log = LoggerFactory.getLogger(ConversationStore.class);
    private static final String PREFIX = "wenming:conv:";

    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;
    private final Duration ttl;

    ConversationStore(StringRedisTemplate redis, OpenIdHasher hasher,
            @Value("${wenming.conversation.ttl:30m}") Duration ttl) {
        this.redis = redis;
        this.hasher = hasher;
        this.ttl = ttl;
    }

    /** Queues the read of a resident's record on a pipelined connection; see {@link #fromResult}. */
    public void readIn(RedisConnection connection, String appId, String openid) {
        connection.hashCommands().hGetAll(bytes(key(appId, openid)));
    }

    /** The record from the pipelined read's result. */
    public Conversation fromResult(String appId, String openid, Object result) {
        return new Conversation(appId, openid, strings(result), true, System.currentTimeMillis());
    }

    /** A record that could not be read (Redis down): flows say they are unavailable, nothing is written. */
    public Conversation unavailable(String appId, String openid) {
        return new Conversation(appId, openid, Map.of(), false, System.currentTimeMillis());
    }

    /** Reads a record on its own (one round trip), outside the message path. */
    public Conversation load(String appId, String openid) {
        try {
            Map<Object, Object> raw = redis.opsForHash().entries(key(appId, openid));
            return fromResult(appId, openid, raw);
        } catch (RuntimeException e) {
            log.warn("Conversation records unavailable: {}", e.getMessage());
            return unavailable(appId, openid);
        }
    }

    /** Queues a record's changes, in order, and its new expiry on a pipelined connection. */
    public void writeIn(RedisConnection connection, Conversation conversation) {
        if (!conversation.available() || conversation.changes().isEmpty()) {
            return;
        }
        byte[] key = bytes(key(conversation.appId(), conversation.openid()));
        if (conversation.isEmpty()) {
            connection.keyCommands().del(key);
            return;
        }
        Map<byte[], byte[]> sets = new LinkedHashMap<>();
        List<byte[]> deletes = new ArrayList<>();
        for (Conversation.Change change : conversation.changes()) {
            // Runs of sets and of deletes are flushed in the order they were made.
            if (change.value() == null) {
                flushSets(connection, key, sets);
                deletes.add(bytes(change.field()));
            } else {
                flushDeletes(connection, key, deletes);
                sets.put(bytes(change.field()), bytes(change.value()));
            }
        }
        flushSets(connection, key, sets);
        flushDeletes(connection, key, deletes);
        long keep = Math.max(ttl.toMillis(), conversation.latestExpiry() - conversation.now());
        connection.keyCommands().pExpire(key, keep);
        conversation.changes().clear();
    }

    /** Writes a record's changes on their own (one round trip), outside the message path. */
    public void save(Conversation conversation) {
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                writeIn(connection, conversation);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Conversation record not saved: {}", e.getMessage());
        }
    }

    /** Reads, changes and writes a record outside the message path (a rating offer from the console). */
    public void update(String appId, String openid, Consumer<Conversation> change) {
        Conversation conversation = load(appId, openid);
        change.accept(conversation);
        save(conversation);
    }

    @EventListener
    void forget(ResidentUnsubscribed event) {
        try {
            redis.delete(key(event.appId(), event.openid()));
        } catch (RuntimeException e) {
            log.warn("Conversation record of an unsubscribed resident not deleted (it expires): {}", e.getMessage());
        }
    }

    /** The Redis key of a resident's record (the openid only as its keyed hash). */
    public String key(String appId, String openid) {
        return PREFIX + appId + ":" + hasher.hash(openid);
    }

    private static void flushSets(RedisConnection connection, byte[] key, Map<byte[], byte[]> sets) {
        if (!sets.isEmpty()) {
            connection.hashCommands().hMSet(key, new LinkedHashMap<>(sets));
            sets.clear();
        }
    }

    private static void flushDeletes(RedisConnection connection, byte[] key, List<byte[]> deletes) {
        if (!deletes.isEmpty()) {
            connection.hashCommands().hDel(key, deletes.toArray(byte[][]::new));
            deletes.clear();
        }
    }

    private static Map<String, String> strings(Object result) {
        Map<String, String> out = new HashMap<>();
        if (result instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(string(k), string(v)));
        }
        return out;
    }

    private static String string(Object value) {
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
