package cn.wenming.wechat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * Which deliveries have been seen and what was replied to them, shared by every instance through
 * Redis. WeChat redelivers a message it got no answer to; the first delivery claims the key in the
 * name of its instance, the others wait for its reply, and take the message over when that instance's
 * {@link InstanceLease} is gone (it died holding it). If Redis is down an in-process ledger takes over
 * (one instance then only dedupes its own deliveries), and residents keep getting answers.
 */
@Component
class DeliveryLedger {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);
    private static final String SEEN = "wenming:wx:seen:";
    private static final String REPLY = "wenming:wx:reply:";
    private static final String TAKEOVER = "wenming:wx:takeover:";
    private static final long POLL_MILLIS = 50;
    private static final long OWNER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final StringRedisTemplate redis;
    private final InstanceLease lease;
    private final Duration ttl;
    private final Map<String, Expiring> local = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong();

    DeliveryLedger(StringRedisTemplate redis, InstanceLease lease, WeChatProperties properties) {
        this.redis = redis;
        this.lease = lease;
        this.ttl = properties.dedupeTtl();
    }

    /**
     * Queues the claim of a delivery on a pipelined connection; its result is true for the first
     * delivery of this key, false for a redelivery.
     */
    void claimIn(RedisConnection connection, String key) {
        connection.stringCommands().set(bytes(SEEN + key), bytes(claim()), Expiration.from(ttl),
                RedisStringCommands.SetOption.SET_IF_ABSENT);
    }

    /** The claim when Redis is unreachable: this process only dedupes its own deliveries. */
    boolean claimLocally(String key, RuntimeException redisError) {
        warnRedisDown(redisError);
        return putLocalIfAbsent(SEEN + key, "1");
    }

    /** Gives back a claim this request made but will not act on (a refused replay). */
    void release(String key) {
        try {
            redis.delete(SEEN + key);
        } catch (RuntimeException e) {
            warnRedisDown(e);
        }
        local.remove(SEEN + key);
    }

    /** Queues the reply to a delivery on a pipelined connection (see {@link #saveReply}). */
    void saveReplyIn(RedisConnection connection, String key, String reply) {
        connection.stringCommands().set(bytes(REPLY + key), bytes(reply), Expiration.from(ttl),
                RedisStringCommands.SetOption.UPSERT);
    }

    /** The reply when Redis is unreachable: kept in this process. */
    void saveReplyLocally(String key, String reply, RuntimeException redisError) {
        warnRedisDown(redisError);
        local.put(REPLY + key, new Expiring(reply, expiry()));
    }

    /** The reply to a delivery; empty string means "nothing to repeat" (answered later or no reply). */
    void saveReply(String key, String reply) {
        try {
            redis.opsForValue().set(REPLY + key, reply, ttl);
        } catch (RuntimeException e) {
            warnRedisDown(e);
            local.put(REPLY + key, new Expiring(reply, expiry()));
        }
    }

    /** What a redelivery learnt while it waited for the first delivery. */
    record Redelivery(Optional<String> reply, boolean takenOver) {
    }

    /**
     * Waits until {@code deadlineNanos} (a {@link System#nanoTime()} value) for the first delivery's
     * reply. If the instance that claimed it has lost its lease (it died before answering), this
     * redelivery takes the message over, once: only one of several waiting redeliveries wins, and it
     * becomes the claim's owner, so a redelivery after it waits on it in turn.
     */
    Redelivery awaitFirst(String key, long deadlineNanos) {
        long nextOwnerCheck = System.nanoTime();
        while (true) {
            Optional<String> reply = reply(key);
            if (reply.isPresent()) {
                return new Redelivery(reply, false);
            }
            long now = System.nanoTime();
            if (now >= nextOwnerCheck) {
                if (takeOverIfOwnerGone(key)) {
                    return new Redelivery(Optional.empty(), true);
                }
                nextOwnerCheck = now + OWNER_CHECK_NANOS;
            }
            if (now >= deadlineNanos) {
                return new Redelivery(Optional.empty(), false);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - now))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Redelivery(Optional.empty(), false);
            }
        }
    }

    private boolean takeOverIfOwnerGone(String key) {
        try {
            String claimed = redis.opsForValue().get(SEEN + key);
            int colon = claimed == null ? -1 : claimed.indexOf(':');
            if (colon < 0 || lease.isAlive(claimed.substring(0, colon))) {
                return false;
            }
            if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(TAKEOVER + key + ":" + claimed, "1", ttl))) {
                return false;
            }
            redis.opsForValue().set(SEEN + key, claim(), ttl);
            return true;
        } catch (RuntimeException e) {
            // Without Redis nothing can be proven abandoned.
            return false;
        }
    }

    /** A claim's value: the owning instance and when it claimed. */
    private String claim() {
        return lease.id() + ":" + System.currentTimeMillis();
    }

    private Optional<String> reply(String key) {
        try {
            String reply = redis.opsForValue().get(REPLY + key);
            if (reply != null) {
                return Optional.of(reply);
            }
        } catch (RuntimeException e) {
            warnRedisDown(e);
        }
        Expiring held = local.get(REPLY + key);
        return held != null && held.expiresAt > System.currentTimeMillis() ? Optional.of(held.value) : Optional.empty();
    }

    private boolean putLocalIfAbsent(String key, String value) {
        long now = System.currentTimeMillis();
        local.values().removeIf(held -> held.expiresAt <= now);
        return local.putIfAbsent(key, new Expiring(value, expiry())) == null;
    }

    private long expiry() {
        return System.currentTimeMillis() + ttl.toMillis();
    }

    private void warnRedisDown(RuntimeException e) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
            log.warn("Redis unavailable, deduplicating in this process only: {}", e.getMessage());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Expiring(String value, long expiresAt) {
    }
}
