package cn.wenming.wechat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * This instance's lease in Redis, renewed every {@link #RENEW}: a delivery claim names its owner, and a
 * redelivery of a message nobody answered is taken over as soon as the owner's lease is gone (the
 * instance died), not after a fixed age. Renewed on its own thread so that busy scheduled jobs can
 * never make a live instance look dead.
 */
@Component
class InstanceLease implements DisposableBean {

    private static final String PREFIX = "wenming:wx:instance:";
    static final Duration RENEW = Duration.ofMillis(500);
    /** Long enough to survive a few missed renewals (a GC pause), short enough for WeChat's 5 s. */
    static final Duration TTL = Duration.ofMillis(2000);

    private final StringRedisTemplate redis;
    private final String id = UUID.randomUUID().toString().substring(0, 13);
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "wechat-instance-lease");
        thread.setDaemon(true);
        return thread;
    });

    InstanceLease(StringRedisTemplate redis) {
        this.redis = redis;
        renew();
        renewer.scheduleWithFixedDelay(this::renew, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This instance's id, as written into its delivery claims. */
    String id() {
        return id;
    }

    /** Whether the instance with this id holds its lease; false when Redis cannot say. */
    boolean isAlive(String instanceId) {
        if (id.equals(instanceId)) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(redis.hasKey(PREFIX + instanceId));
        } catch (RuntimeException e) {
            // Unknown is not dead: taking over a live instance's message would answer it twice.
            return true;
        }
    }

    private void renew() {
        try {
            redis.opsForValue().set(PREFIX + id, "1", TTL);
        } catch (RuntimeException e) {
            // Redis is down: claims are then local to each instance anyway.
        }
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
        try {
            // A stopping instance answers what it holds before the web server stops; what it has not
            // answered by then is a redelivery for the others to take at once.
            redis.delete(PREFIX + id);
        } catch (RuntimeException e) {
            // It expires.
        }
    }
}
