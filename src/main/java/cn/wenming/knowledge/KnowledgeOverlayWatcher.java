package cn.wenming.knowledge;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes a console edit effective on every instance: each instance polls the revision table's
 * fingerprint (one indexed aggregate, every {@code wenming.knowledge.console-poll-interval}, 1 s by
 * default) and rebuilds its index when it changed. It runs on its own thread, so a slow scheduled
 * job elsewhere (photo downloads, deliveries) never delays an edit.
 */
@Component
class KnowledgeOverlayWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeOverlayWatcher.class);

    private final KnowledgeBase knowledge;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    KnowledgeOverlayWatcher(KnowledgeBase knowledge,
            @Value("${wenming.knowledge.console-poll-interval:1s}") Duration interval) {
        this.knowledge = knowledge;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "knowledge-overlay-watch");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            knowledge.reloadIfOverlayChanged();
        } catch (RuntimeException e) {
            // Never let one failure cancel the schedule.
            log.warn("Knowledge overlay poll failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
