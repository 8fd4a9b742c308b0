package cn.wenming.bench;

import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The quiz under load (scripts/run-check.sh QuizLoadCheck, figures in docs/benchmarks.md): the packaged
 * service as its own process, {@code residents} residents at once each sending "答题" and then five
 * answers through the encrypted gateway, after a short warm-up. Prints answer and start latency
 * (p50/p95/p99/max), throughput and errors (non-200, missing or unexpected replies); exits 1 on any error.
 */
public final class QuizLoadCheck {

    public static void main(String[] args) {
        PackagedService.main(args, QuizLoadCheck::run);
    }

    private static int run(Map<String, String> options) throws Exception {
        int residents = Integer.parseInt(options.getOrDefault("residents", "500"));
        Path dataDir = Path.of("target/quiz-load-" + System.currentTimeMillis()).toAbsolutePath();
        int appPort = PackagedService.freePort();
        Process app = PackagedService.start(dataDir, appPort, PackagedService.freePort(),
                FakeWeChatServer.shared().baseUrl());
        warmUp(appPort);
        List<Long> answerMillis = Collections.synchronizedList(new ArrayList<>());
        List<Long> startMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(residents);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(residents);
        ExecutorService pool = Executors.newFixedThreadPool(residents);
        for (int r = 0; r < residents; r++) {
            String openid = "o_quizload_" + r + "_" + System.nanoTime();
            pool.execute(() -> {
                WeChatClient client = new WeChatClient("http://127.0.0.1:" + appPort);
                try {
                    ready.countDown();
                    go.await();
                    String reply = send(client, openid, "答题", startMillis, errors);
                    for (int i = 0; i < 5 && reply != null; i++) {
                        // A resident reads for a moment, then picks a letter (or 对/错).
                        Thread.sleep(ThreadLocalRandom.current().nextInt(200, 1200));
                        String answer = reply.contains("回复“对”或“错”") ? "对" : "ABC".substring(
                                ThreadLocalRandom.current().nextInt(3)).substring(0, 1);
                        reply = send(client, openid, answer, answerMillis, errors);
                    }
                    if (reply != null && reply.contains("本轮结束")) {
                        finished.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        ready.await();
        long started = System.nanoTime();
        go.countDown();
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        app.destroy();
        app.waitFor(60, TimeUnit.SECONDS);
        int messages = answerMillis.size() + startMillis.size();
        System.out.printf("%d residents, %d rounds finished, %d messages in %.1f s (%.0f msg/s), errors %d%n",
                residents, finished.get(), messages, seconds, messages / seconds, errors.get());
        print("answer", answerMillis);
        print("start (\"答题\", all residents in the same instant)", startMillis);
        return errors.get() == 0 ? 0 : 1;
    }

    private static void print(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%s reply ms: p50 %d, p95 %d, p99 %d, max %d (n=%d)%n", what, at(sorted, 0.50),
                at(sorted, 0.95), at(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), sorted.size());
    }

    /** A few rounds first, so the measured run does not include the JVM warming up. */
    private static void warmUp(int appPort) {
        WeChatClient client = new WeChatClient("http://127.0.0.1:" + appPort);
        for (int i = 0; i < 30; i++) {
            String openid = "o_quizwarm_" + i;
            client.sendDev(WeChatClient.text(openid, "练习"), Mode.SAFE);
            for (int q = 0; q < 5; q++) {
                client.sendDev(WeChatClient.text(openid, "A"), Mode.SAFE);
            }
        }
    }

    private static String send(WeChatClient client, String openid, String text, List<Long> millis,
            AtomicInteger errors) {
        long t0 = System.nanoTime();
        try {
            WeChatClient.Reply reply = client.sendDev(WeChatClient.text(openid, text), Mode.SAFE);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            if (reply.status() != 200 || reply.content() == null) {
                errors.incrementAndGet();
                return null;
            }
            return reply.content();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            return null;
        }
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * quantile) - 1));
    }
}
