package cn.wenming.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * The (timestamp, nonce) pairs of signed portal requests, remembered in Redis (shared by every
 * instance) until the timestamp leaves {@code wechat.max-clock-skew}, so that a captured signature
 * cannot be used again.
 *
 * <p>WeChat's {@code signature} is sha1(token, timestamp, nonce): it covers no part of the body (in
 * safe mode {@code msg_signature} covers the ciphertext, in plaintext mode nothing does). And WeChat
 * retries a message it got no answer to with the same MsgId, FromUserName and CreateTime, and possibly
 * with the same timestamp and nonce. So a pair that comes back is judged by what it carries:
 * <ul>
 * <li>not seen before: its first use. The pair is remembered with a fingerprint of the message (every
 *     field of the plaintext or decrypted message, so neither the ciphertext's random prefix nor the
 *     element order changes it) and the time it was first seen;</li>
 * <li>seen with the same message, within {@code wechat.dedupe-ttl} of its first use: a retry. It goes
 *     on to the {@link DeliveryLedger}, which answers it with the first delivery's reply;</li>
 * <li>seen with another message (any field differs: another sender, MsgId, CreateTime, content…), or
 *     seen on a URL verification: a replay, refused 403;</li>
 * <li>seen with the same message longer than {@code wechat.dedupe-ttl} ago: refused 403 as well.
 *     WeChat stops retrying after about 15 s and the ledger forgets a delivery after the dedupe TTL, so
 *     this is a captured request played again, which would otherwise act a second time.</li>
 * </ul>
 * A message's first use costs no round trip of its own: the pair is claimed in the dispatcher's first
 * pipeline, together with the delivery. If Redis is down, pairs are accepted with a warning (the
 * ledger's in-process fallback still dedupes this instance's deliveries); replays are then not caught.
 */
@Component
class SignatureNonces {

    private static final Logger log = LoggerFactory.getLogger(SignatureNonces.class);
    private static final String KEY = "wenming:wx:nonce:";
    private static final String VERIFICATION = "url-verification:";
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final StringRedisTemplate redis;
    private final Duration skew;
    private final Duration retryWindow;
    private final AtomicLong lastWarning = new AtomicLong();

    SignatureNonces(StringRedisTemplate redis, WeChatProperties properties) {
        this.redis = redis;
        this.skew = properties.maxClockSkew();
        this.retryWindow = properties.dedupeTtl();
    }

    /** One use of a signed (timestamp, nonce) pair, and what it was used for. */
    record Use(String appId, String key, String fingerprint, long expiresAtSecond) {
    }

    /** The use of a pair for a message, given the message's fields (after decryption). */
    Use forMessage(String appId, String timestamp, String nonce, Map<String, String> message) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(message).forEach((name, value) -> canonical.append(name).append('\u0001')
                .append(value).append('\u0002'));
        return use(appId, timestamp, nonce, fingerprint(canonical.toString()));
    }

    /** The use of a pair for URL verification: no message may come with it afterwards. */
    Use forVerification(String appId, String timestamp, String nonce, String echostr) {
        return use(appId, timestamp, nonce, fingerprint(VERIFICATION + echostr));
    }

    private Use use(String appId, String timestamp, String nonce, String fingerprint) {
        // The portal accepts this timestamp until it is max-clock-skew in the past: remember it that long.
        long expiresAt = Long.parseLong(timestamp) + skew.toSeconds() + 1;
        return new Use(appId, KEY + appId + ":" + timestamp + ":" + nonce, fingerprint, expiresAt);
    }

    /**
     * Queues the claim of a pair on a pipelined connection: two results, the first true when this is the
     * pair's first use, the second what the pair was first used for (see {@link #refusal}).
     */
    void claimIn(RedisConnection connection, Use use) {
        long now = System.currentTimeMillis();
        long ttl = Math.max(1, use.expiresAtSecond() - now / 1000);
        byte[] key = bytes(use.key());
        connection.stringCommands().set(key, bytes(use.fingerprint() + " " + now), Expiration.seconds(ttl),
                RedisStringCommands.SetOption.SET_IF_ABSENT);
        connection.stringCommands().get(key);
    }

    /** The reason to refuse this use, from the two results {@link #claimIn} queued; empty to go on. */
    Optional<String> refusal(Use use, Object claimed, Object firstUse) {
        if (Boolean.TRUE.equals(claimed) || !(firstUse instanceof String recorded)) {
            return Optional.empty();
        }
        int space = recorded.indexOf(' ');
        String fingerprint = space < 0 ? recorded : recorded.substring(0, space);
        long firstSeen = space < 0 ? 0 : parseLong(recorded.substring(space + 1));
        String reason;
        if (!fingerprint.equals(use.fingerprint())) {
            reason = "signature (timestamp, nonce) already used for another request";
        } else if (System.currentTimeMillis() - firstSeen > retryWindow.toMillis()) {
            reason = "signature (timestamp, nonce) replayed after WeChat's retry window";
        } else {
            return Optional.empty();
        }
        log.warn("wechat appid={} refused a reused signature: {}", use.appId(), reason);
        return Optional.of(reason);
    }

    /** Claims a pair on its own round trip (URL verification); empty to go on. */
    Optional<String> claim(Use use) {
        try {
            List<Object> results = redis.executePipelined((RedisCallback<Object>) connection -> {
                claimIn(connection, use);
                return null;
            });
            return refusal(use, results.get(0), results.get(1));
        } catch (RuntimeException e) {
            warnRedisDown(e);
            return Optional.empty();
        }
    }

    /** The dispatcher's pipeline failed: the pair could not be checked, and is accepted. */
    void unchecked(RuntimeException redisError) {
        warnRedisDown(redisError);
    }

    private void warnRedisDown(RuntimeException e) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
            log.warn("Redis unavailable, signature nonces are not checked for replays: {}", e.getMessage());
        }
    }

    private static String fingerprint(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes(text));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
