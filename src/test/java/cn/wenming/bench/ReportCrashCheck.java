package cn.wenming.bench;

import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "nothing acknowledged is lost" check for 随手拍 (scripts/run-check.sh ReportCrashCheck, figures in
 * docs/benchmarks.md). Runs the packaged service as a separate process against the fake WeChat API,
 * has {@code residents} residents file {@code reports} photo reports through the encrypted gateway
 * (text → photo → location → 提交), kills the service with SIGKILL once {@code kill-after} tickets
 * were replied, starts it again on the same data directory, and checks that every replied ticket is
 * in PostgreSQL with its photo on disk. Exits 1 if one is missing.
 */
public final class ReportCrashCheck {

    private static final Pattern TICKET = Pattern.compile("WM\\d{10}");

    public static void main(String[] args) {
        PackagedService.main(args, ReportCrashCheck::run);
    }

    private static int run(Map<String, String> options) throws Exception {
        int reports = Integer.parseInt(options.getOrDefault("reports", "200"));
        int residents = Integer.parseInt(options.getOrDefault("residents", "20"));
        int killAfter = Integer.parseInt(options.getOrDefault("kill-after", String.valueOf(reports / 2)));
        Path dataDir = Path.of("target/crash-check-" + System.currentTimeMillis()).toAbsolutePath();
        int pgPort = PackagedService.freePort();
        int appPort = PackagedService.freePort();
        FakeWeChatServer wechat = FakeWeChatServer.shared();
        for (int k = 0; k < reports; k++) {
            wechat.media("crash-" + k, TestPhotos.jpegWithExif(1600, 1200, 28.23, 112.93, 1));
        }

        Process app = PackagedService.start(dataDir, appPort, pgPort, wechat.baseUrl(), "--wenming.report.daily-limit=1000");
        Map<String, Integer> replied = new ConcurrentHashMap<>();
        List<Long> submitMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger redeliveries = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(residents);
        CountDownLatch killNow = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(residents);
        long started = System.nanoTime();
        for (int r = 0; r < residents; r++) {
            String openid = "o_crash_" + r + "_" + System.nanoTime();
            pool.execute(() -> {
                WeChatClient client = new WeChatClient("http://127.0.0.1:" + appPort);
                try {
                    for (int k = next.getAndIncrement(); k < reports; k = next.getAndIncrement()) {
                        // 200 points about 120 m apart, so no report is offered as a duplicate of another.
                        double lat = 28.201 + (k % 50) * 0.0011;
                        double lng = 112.901 + (k / 50) * 0.0044;
                        List<String> steps = List.of(WeChatClient.text(openid, "这里路灯不亮了"),
                                WeChatClient.image(openid, "crash-" + k, WeChatClient.nextMsgId(), WeChatClient.now()),
                                WeChatClient.location(openid, lat, lng, "检查点" + k),
                                WeChatClient.text(openid, "提交"));
                        try {
                            String reply = "";
                            for (String step : steps) {
                                long t0 = System.nanoTime();
                                reply = deliver(client, step, redeliveries);
                                if (step == steps.get(3)) {
                                    submitMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                                }
                            }
                            Matcher ticket = TICKET.matcher(reply);
                            if (ticket.find() && replied.put(ticket.group(), k) == null) {
                                if (replied.size() >= killAfter) {
                                    killNow.countDown();
                                }
                            } else {
                                failed.incrementAndGet();
                                System.out.println("report " + k + " got no new ticket: " + reply);
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            System.out.println("report " + k + " failed: " + e.getMessage());
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        killNow.await();
        app.destroyForcibly().waitFor();
        killed.set(true);
        System.out.printf("kill -9 after %d replied tickets; restarting%n", replied.size());
        long down = System.nanoTime();
        app = PackagedService.start(dataDir, appPort, pgPort, wechat.baseUrl(), "--wenming.report.daily-limit=1000");
        System.out.printf("service back after %.1f s%n", (System.nanoTime() - down) / 1e9);
        done.await();
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        app.destroy();
        app.waitFor(60, TimeUnit.SECONDS);

        Process restarted = PackagedService.start(dataDir, appPort, pgPort, wechat.baseUrl(), "--wenming.report.daily-limit=1000");
        int missing = 0;
        int missingPhotos = 0;
        try (Connection db = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "")) {
            try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM report")) {
                rs.next();
                System.out.printf("reports in PostgreSQL: %d (tickets replied: %d)%n", rs.getInt(1), replied.size());
            }
            PreparedStatement query = db.prepareStatement("""
                    SELECT r.id, p.sha256 FROM report r LEFT JOIN report_photo p ON p.report_id = r.id AND p.status = 'stored'
                    WHERE r.ticket_no = ?""");
            for (String ticket : replied.keySet()) {
                query.setString(1, ticket);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        missing++;
                        System.out.println("MISSING report " + ticket);
                    } else if (rs.getString(2) == null || !Files.exists(
                            dataDir.resolve("photos").resolve(rs.getString(2).substring(0, 2)).resolve(rs.getString(2)))) {
                        missingPhotos++;
                        System.out.println("MISSING photo of " + ticket);
                    }
                }
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
        List<Long> sorted = new ArrayList<>(submitMillis);
        Collections.sort(sorted);
        System.out.printf("%d reports by %d residents in %.1f s (kill and restart included); tickets replied %d;"
                + " without a ticket %d; redeliveries %d%n", reports, residents, seconds, replied.size(), failed.get(),
                redeliveries.get());
        if (!sorted.isEmpty()) {
            System.out.printf("submit latency ms: p50 %d, p99 %d, max %d (n=%d)%n", sorted.get(sorted.size() / 2),
                    sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
                    sorted.get(sorted.size() - 1), sorted.size());
        }
        System.out.printf("after kill -9 and restart: %d of %d replied tickets in PostgreSQL, %d without their photo%n",
                replied.size() - missing, replied.size(), missingPhotos);
        return missing == 0 && missingPhotos == 0 && killed.get() ? 0 : 1;
    }

    /**
     * Delivers a message as WeChat does: the same message again (same MsgId and CreateTime) until a
     * reply comes, here for up to two minutes so it spans the restart and the dedupe window of a
     * message whose first delivery died with the process.
     */
    private static String deliver(WeChatClient client, String xml, AtomicInteger redeliveries) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                WeChatClient.Reply reply = client.sendDev(xml, Mode.SAFE);
                if (reply.status() == 200 && reply.content() != null && !reply.content().isEmpty()) {
                    return reply.content();
                }
            } catch (RuntimeException e) {
                // the service is down
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no reply within two minutes");
            }
            redeliveries.incrementAndGet();
            sleep(500);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
