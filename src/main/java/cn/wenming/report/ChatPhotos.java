package cn.wenming.report;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A chat photo fetched from WeChat and stored while the resident waits, but never for long: when
 * WeChat's media API is slow the photo stays a media id in the draft and {@link DeliveryJobs} fetches
 * it for the report (WeChat keeps it 3 days), so the place and "提交" sent meanwhile do not race it.
 * A few threads do the downloads and decodes, which also bounds the memory pictures take at once.
 */
@Component
class ChatPhotos implements DisposableBean {

    private final WeChatMedia media;
    private final PhotoStore photos;
    private final Duration wait;
    private final ThreadPoolExecutor downloads;

    ChatPhotos(WeChatMedia media, PhotoStore photos, @Value("${wenming.report.photo-wait:1500ms}") Duration wait) {
        this.media = media;
        this.photos = photos;
        this.wait = wait;
        AtomicInteger count = new AtomicInteger();
        this.downloads = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), runnable -> {
            Thread thread = new Thread(runnable, "chat-photo-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The photo, stored; empty when it could not be had in time (slow or failing WeChat, too many at
     * once), in which case it is to be fetched later by its media id.
     */
    Optional<PhotoStore.StoredPhoto> fetch(String appId, String mediaId) throws PhotoStore.UnsupportedPhotoException {
        CompletableFuture<PhotoStore.StoredPhoto> fetched = new CompletableFuture<>();
        try {
            downloads.execute(() -> {
                try {
                    fetched.complete(photos.store(media.download(appId, mediaId)));
                } catch (Exception e) {
                    fetched.completeExceptionally(e);
                }
            });
            return Optional.of(fetched.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PhotoStore.UnsupportedPhotoException unsupported) {
                throw unsupported;
            }
            return Optional.empty();
        } catch (TimeoutException | RejectedExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        downloads.shutdownNow();
    }
}
