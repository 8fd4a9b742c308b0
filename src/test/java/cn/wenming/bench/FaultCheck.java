package cn.wenming.bench;

import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fault experiments of issue 14, "No acknowledged report is ever lost" (scripts/fault-check.sh,
 * figures in docs/benchmarks.md), against the packaged service. Two instances of target/wenming.jar
 * share one PostgreSQL and one Redis: A runs them embedded on fixed ports, B connects to them as
 * external servers. Residents file 随手拍 reports through the encrypted gateway (text → photo →
 * location → 提交) while the check
 * <ul>
 * <li>{@code backend-kill}: kills a PostgreSQL backend with SIGKILL 40 ms after a ticket reply, so
 *     PostgreSQL restarts every backend and recovers from its WAL ({@code --trials} times);</li>
 * <li>{@code slow-wechat}: makes the fake WeChat API take {@code --media-delay-ms} for every photo;</li>
 * <li>{@code redis-hang}: SIGSTOPs Redis for {@code --hang-seconds} while messages keep coming;</li>
 * <li>{@code instance-kill}: SIGKILLs A a few ms into a 提交 and redelivers the message to B, has the
 *     resident send 提交 again, and restarts A on its data dir while B is still connected to A's
 *     orphaned servers ({@code --restarts} times; rows instance-kill, resend-submit, restart-with-peer);</li>
 * <li>{@code redis-down}: kills Redis and checks that 随手拍 says it is unavailable;</li>
 * <li>{@code stop-pg-dead}: SIGSTOPs PostgreSQL and stops both instances with SIGTERM.</li>
 * </ul>
 * {@code --only a,b} runs some of them. Every ticket a resident was given (in a reply or a late
 * customer-service message) must be in PostgreSQL under its own draft, and no draft may be stored
 * twice. Prints one table; exits 1 if a ticket is lost, a draft stored twice, a reply took over 5 s,
 * or an experiment's own expectation failed.
 */
public final class FaultCheck {

    private static final List<String> EXPERIMENTS =
            List.of("backend-kill", "slow-wechat", "redis-hang", "instance-kill", "redis-down", "stop-pg-dead");
    /** WeChat's window for a passive reply. */
    private static final long REPLY_LIMIT_MS = 5000;
    /** How long a jar may take to stop (issue 14, item 9). */
    private static final long STOP_LIMIT_MS = 10_000;
    private static final Pattern TICKET = Pattern.compile("WM\\d{10}");
    private static final String CONFIRM = "回复“提交”确认";
    private static final String NO_REPORTS = "您还没有提交过随手拍";
    private static final String SUGGESTIONS = "您是不是想问";
    /** A sent message is tried this many times when its reply says the service is busy or unavailable. */
    private static final int ATTEMPTS = 12;

    private final Map<String, String> options;
    private final Set<String> only;
    private final FakeWeChatServer wechat = FakeWeChatServer.shared();
    private final Map<Integer, WeChatClient> clients = new ConcurrentHashMap<>();
    private final AtomicInteger residentCount = new AtomicInteger();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Path root = Path.of("target/fault-check-" + System.currentTimeMillis()).toAbsolutePath();
    private final Path dataA = root.resolve("a");
    private final Path dataB = root.resolve("b");
    private final List<Experiment> results = new ArrayList<>();
    private int pgPort;
    private int redisPort;
    private int portA;
    private int portB;
    private Process a;
    private Process b;
    /** The end-of-run recount of every experiment's tickets, and what it found missing (null: nothing). */
    private String finalCount;
    private String finalLoss;

    private FaultCheck(Map<String, String> options) {
        this.options = options;
        this.only = new LinkedHashSet<>(Arrays.asList(options.getOrDefault("only", String.join(",", EXPERIMENTS))
                .split(",")));
        if (!EXPERIMENTS.containsAll(only)) {
            throw new IllegalArgumentException("--only takes " + EXPERIMENTS);
        }
    }

    public static void main(String[] args) {
        PackagedService.main(args, options -> new FaultCheck(options).run());
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private int run() throws Exception {
        Files.createDirectories(root);
        pgPort = PackagedService.freePort();
        redisPort = PackagedService.freePort();
        portA = PackagedService.freePort();
        portB = PackagedService.freePort();
        System.out.printf("data and logs in %s (a.log, b.log)%n", root);
        try {
            a = startA();
            b = startB();
            for (String name : EXPERIMENTS) {
                if (name.equals("stop-pg-dead")) {
                    // Counted while PostgreSQL still answers: the last experiment stops it.
                    recount();
                }
                if (only.contains(name)) {
                    experiment(name);
                }
            }
        } finally {
            shutdown();
        }
        return printTable() ? 0 : 1;
    }

    private void experiment(String name) {
        long started = System.nanoTime();
        System.out.printf("%n== %s%n", name);
        try {
            switch (name) {
                case "backend-kill" -> results.add(backendKill());
                case "slow-wechat" -> results.add(slowWeChat());
                case "redis-hang" -> results.add(redisHang());
                case "instance-kill" -> results.addAll(instanceKill());
                case "redis-down" -> results.add(redisDown());
                case "stop-pg-dead" -> results.add(stopWithPostgresDead());
                default -> throw new IllegalArgumentException(name);
            }
        } catch (Exception e) {
            e.printStackTrace();
            Experiment broken = new Experiment(name);
            broken.fail("aborted: %s", e);
            results.add(broken);
        }
        System.out.printf("== %s took %.0f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    // ---- Experiments ----------------------------------------------------------------------------------

    /**
     * Item 1: residents file reports on A and B without pause; 40 ms after a ticket reply a random
     * client backend gets SIGKILL, PostgreSQL terminates every other backend and recovers, and the
     * next trial waits until it accepts connections again.
     */
    private Experiment backendKill() throws Exception {
        Experiment e = new Experiment("backend-kill");
        int trials = option("trials", 25);
        int residents = option("residents", 3);
        String synchronousCommit = options.getOrDefault("synchronous-commit", "on");
        if (!synchronousCommit.equals("on")) {
            // A negative control: the embedded server runs with synchronous_commit=on, and this shows
            // what the check finds without it (connections made after the first kill take it).
            setDatabase("synchronous_commit", synchronousCommit);
            e.note("NEGATIVE CONTROL: synchronous_commit=%s for the service's connections", synchronousCommit);
        }
        AtomicBoolean done = new AtomicBoolean();
        BlockingQueue<Long> ticketReplies = new LinkedBlockingQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(residents);
        for (int r = 0; r < residents; r++) {
            load.execute(() -> {
                while (!done.get()) {
                    Resident resident = newResident(e);
                    if (fileReport(e, resident, resident.number() % 2 == 0 ? portA : portB).isPresent()) {
                        ticketReplies.add(System.nanoTime());
                    }
                }
            });
        }
        Spread recoveries = new Spread();
        int restartsSeen = 0;
        try {
            for (int trial = 0; trial < trials; trial++) {
                try (Connection watcher = db()) {
                    ticketReplies.clear();
                    Long replied = ticketReplies.poll(2, TimeUnit.MINUTES);
                    if (replied == null) {
                        e.fail("no ticket replied within 2 minutes before kill %d", trial + 1);
                        break;
                    }
                    pauseUntil(replied + TimeUnit.MILLISECONDS.toNanos(40));
                    long killed = System.nanoTime();
                    // A backend may exit between the query and the signal (a pool closing it): take another.
                    while (!signal(randomClientBackend(watcher), "KILL")) {
                        killed = System.nanoTime();
                    }
                    e.trials++;
                    // The watcher's own backend is terminated too when PostgreSQL restarts all of them.
                    if (awaitClosed(watcher)) {
                        restartsSeen++;
                    }
                    awaitPostgres();
                    recoveries.add(millisSince(killed));
                }
            }
        } finally {
            done.set(true);
            load.shutdown();
            load.awaitTermination(5, TimeUnit.MINUTES);
            if (!synchronousCommit.equals("on")) {
                setDatabase("synchronous_commit", null);
            }
        }
        e.note("%d residents filing reports on A and B; PostgreSQL restarted all backends after %d of %d kills,"
                + " and accepted connections again after %s ms (median %d)", e.residents.size(), restartsSeen,
                e.trials, recoveries, recoveries.median());
        if (restartsSeen < e.trials) {
            e.fail("PostgreSQL did not restart its backends after every kill");
        }
        return verify(e);
    }

    /**
     * Item 6: WeChat's media API takes {@code media-delay-ms} (6 s). The photo's reply comes after the
     * chat's photo wait (1.5 s), place and 提交 follow at once and get a ticket; the report's photo is
     * pending until the delivery job has fetched it, and then stored.
     */
    private Experiment slowWeChat() throws Exception {
        Experiment e = new Experiment("slow-wechat");
        int reports = option("slow-reports", 4);
        wechat.mediaDelay(Duration.ofMillis(option("media-delay-ms", 6000)));
        List<Resident> filed = new ArrayList<>();
        long submitted;
        try {
            for (int k = 0; k < reports; k++) {
                Resident resident = newResident(e);
                e.trials++;
                fileReport(e, resident, k % 2 == 0 ? portA : portB).ifPresent(ticket -> filed.add(resident));
            }
            submitted = System.nanoTime();
            Map<String, Integer> right = photoStates(filed);
            e.note("photos right after the last 提交: %s", right);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<String, Integer> states = right;
            while (states.getOrDefault("stored", 0) < filed.size() && System.nanoTime() < deadline) {
                pause(500);
                states = photoStates(filed);
            }
            e.note("%s %.0f s later (the job looks for pending photos every 2 s)", states,
                    (System.nanoTime() - submitted) / 1e9);
            if (right.getOrDefault("pending", 0) == 0) {
                e.fail("no photo was pending at 提交: the download did not outlast the chat's photo wait");
            }
            if (states.getOrDefault("stored", 0) < filed.size()) {
                e.fail("only %d of %d photos stored a minute after 提交", states.getOrDefault("stored", 0),
                        filed.size());
            }
        } finally {
            wechat.mediaDelay(Duration.ZERO);
        }
        if (filed.size() < reports) {
            e.fail("%d of %d reports got no ticket", reports - filed.size(), reports);
        }
        return verify(e);
    }

    /**
     * Item 7: Redis is SIGSTOPped for {@code hang-seconds} while residents send report steps, 提交 and
     * a question to both instances; every reply must come within 5 s. After SIGCONT a report filed on
     * each instance must get its ticket.
     */
    private Experiment redisHang() throws Exception {
        Experiment e = new Experiment("redis-hang");
        int senders = option("hang-residents", 4);
        long pid = pidFrom(dataA.resolve("redis/redis.pid"));
        Map<String, AtomicInteger> kinds = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        signal(pid, "STOP");
        long stopped = System.nanoTime();
        try {
            long until = stopped + TimeUnit.SECONDS.toNanos(option("hang-seconds", 10));
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int port = s % 2 == 0 ? portA : portB;
                running.add(CompletableFuture.runAsync(() -> {
                    Resident resident = newResident(e);
                    List<Supplier<String>> cycle = List.of(
                            () -> WeChatClient.text(resident.openid(), "垃圾分为哪几类"),
                            () -> WeChatClient.text(resident.openid(), "这里路灯不亮了"), resident::photo,
                            resident::location, () -> WeChatClient.text(resident.openid(), "提交"));
                    for (int k = 0; System.nanoTime() < until; k++) {
                        String content = content(send(e, port, cycle.get(k % cycle.size()).get()));
                        synchronized (kinds) {
                            kinds.computeIfAbsent(kind(content), x -> new AtomicInteger()).incrementAndGet();
                        }
                        ticket(content).ifPresent(ticket -> e.acknowledge(resident, ticket));
                    }
                }, pool));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            signal(pid, "CONT");
            pool.shutdown();
        }
        long resumed = System.nanoTime();
        e.trials = kinds.values().stream().mapToInt(AtomicInteger::get).sum();
        e.note("Redis stopped %.1f s; replies meanwhile: %s", (resumed - stopped) / 1e9, kinds);
        for (int port : List.of(portA, portB)) {
            Optional<String> ticket = fileReport(e, newResident(e), port);
            if (ticket.isEmpty()) {
                e.fail("no ticket on %s after SIGCONT", name(port));
            } else {
                e.note("%s filed a report %.1f s after SIGCONT", name(port), (System.nanoTime() - resumed) / 1e9);
            }
        }
        return verify(e);
    }

    /**
     * Items 2, 3 and 4, {@code restarts} times: a draft made on B is submitted on A, A gets SIGKILL a
     * few ms in, and WeChat's redelivery (same MsgId and CreateTime) goes to B; then the resident sends
     * 提交 again; then A is started again on its data dir while B is still connected to A's orphaned
     * PostgreSQL and Redis.
     */
    private List<Experiment> instanceKill() throws Exception {
        Experiment kill = new Experiment("instance-kill");
        Experiment resend = new Experiment("resend-submit");
        Experiment restart = new Experiment("restart-with-peer");
        int restarts = option("restarts", 8);
        Map<String, AtomicInteger> moments = new TreeMap<>();
        List<String> timeline = new ArrayList<>();
        Spread up = new Spread();
        Spread gap = new Spread();
        Spread answering = new Spread();
        // The kill comes 10 ms into the 提交 at first, then moves towards the moment A commits: later
        // while A had not committed, earlier once A had answered, in smaller steps at each turn. So the
        // kills fall before A's claim, between claim and commit, between commit and reply, and after.
        int delayMs = 10;
        int step = 8;
        Boolean lastAnswered = null;
        for (int trial = 0; trial < restarts; trial++) {
            Resident resident = newResident(kill);
            resend.residents.put(resident.openid(), resident);
            if (!fileDraft(kill, resident, portB)) {
                kill.fail("no draft on B for trial %d", trial + 1);
                continue;
            }
            Optional<String> fromA = killMidSubmit(kill, resident, delayMs);
            boolean answered = fromA.isPresent();
            boolean committed = reportsAt(resident.place()) > 0;
            long redelivered = System.nanoTime();
            Optional<String> fromB = redeliver(kill, resident);
            long redeliveryMillis = millisSince(redelivered);
            // B waits for A's lease (2 s) only when A had claimed the message before it died.
            String moment = answered ? "after A's reply" : committed ? "between A's commit and reply"
                    : redeliveryMillis >= 1000 ? "between A's claim and commit" : "before A's claim";
            moments.computeIfAbsent(moment, m -> new AtomicInteger()).incrementAndGet();
            timeline.add(delayMs + " ms → B " + redeliveryMillis + " ms");
            resendSubmit(resend, resident, fromB.or(() -> fromA));
            restartWithPeer(restart, up, gap, answering);
            if (answered || !committed) {
                if (lastAnswered != null && lastAnswered != answered) {
                    step = Math.max(1, step / 2);
                }
                delayMs = Math.max(1, delayMs + (answered ? -step : step));
                lastAnswered = answered;
            }
        }
        kill.note("kills %s; kill ms into 提交 → reply time of the redelivery on B: %s", moments,
                String.join(", ", timeline));
        restart.note("A stopped its orphaned PostgreSQL and Redis and was up in %s s; B's longest gap in answers"
                + " %s ms, B answering %s ms after A was up", up, gap, answering);
        return List.of(verify(kill), verify(resend), verify(restart));
    }

    /** Sends 提交 to A and kills A {@code delayMs} later; A's reply if it got out first. */
    private Optional<String> killMidSubmit(Experiment e, Resident resident, int delayMs) throws Exception {
        CompletableFuture<String> atA = CompletableFuture.supplyAsync(() -> content(send(e, portA, resident.submit())));
        pause(delayMs);
        a.destroyForcibly().waitFor();
        e.trials++;
        Optional<String> ticket = ticket(atA.get(30, TimeUnit.SECONDS));
        ticket.ifPresent(t -> e.acknowledge(resident, t));
        return ticket;
    }

    /** WeChat's redelivery of the 提交 A died with, to B: its reply must carry the ticket. */
    private Optional<String> redeliver(Experiment e, Resident resident) {
        String content = content(send(e, portB, resident.submit()));
        Optional<String> ticket = ticket(content);
        if (ticket.isEmpty()) {
            e.fail("redelivered 提交 to B got no ticket: %s", content);
        }
        ticket.ifPresent(t -> e.acknowledge(resident, t));
        return ticket;
    }

    /** 提交 once more as a new message (a new MsgId): the same ticket, and still one report. */
    private void resendSubmit(Experiment e, Resident resident, Optional<String> expected) {
        e.trials++;
        String content = content(send(e, portB, WeChatClient.text(resident.openid(), "提交")));
        Optional<String> ticket = ticket(content);
        ticket.ifPresent(t -> e.acknowledge(resident, t));
        if (ticket.isEmpty() || !ticket.equals(expected)) {
            e.fail("提交 sent again got %s, expected %s: %s", ticket.orElse("no ticket"), expected.orElse("-"),
                    content);
        }
    }

    /**
     * Starts A again on its data dir; B, still connected to A's orphaned servers, is probed meanwhile
     * with "进度" (which needs PostgreSQL) and must answer again once A's servers are back.
     */
    private void restartWithPeer(Experiment e, Spread upSeconds, Spread gapMillis, Spread answeringMillis)
            throws Exception {
        e.trials++;
        try (Prober probe = new Prober(e, portB)) {
            pause(600);
            int logMark = logOfA().size();
            long started = System.nanoTime();
            try {
                a = startA();
            } catch (IllegalStateException failed) {
                e.fail("A did not start on the first attempt after its kill: %s", failed.getMessage());
                a = startA();
            }
            long up = System.nanoTime();
            List<String> orphans = orphansStopped(logMark);
            if (orphans.size() < 2) {
                e.fail("A's log does not show it stopping its orphaned PostgreSQL and Redis: %s", orphans);
            }
            long recovered = probe.firstAnsweredAfter(up, Duration.ofSeconds(60));
            upSeconds.add(Math.round((up - started) / 1e9));
            gapMillis.add(probe.longestGapMillis());
            if (recovered < 0) {
                e.fail("B did not answer within 60 s of A's restart");
            } else {
                answeringMillis.add(TimeUnit.NANOSECONDS.toMillis(Math.max(0, recovered - up)));
            }
        }
        for (int port : List.of(portB, portA)) {
            if (fileReport(e, newResident(e), port).isEmpty()) {
                e.fail("no ticket on %s after A's restart", name(port));
            }
        }
    }

    /**
     * Item 5: with Redis killed, 提交 (with a draft made before, and without one), a photo and a place
     * must be answered on both instances with a sentence saying 随手拍 is unavailable, never with
     * question suggestions, within 5 s.
     */
    private Experiment redisDown() throws Exception {
        Experiment e = new Experiment("redis-down");
        List<Resident> drafting = new ArrayList<>();
        for (int port : List.of(portA, portB)) {
            Resident resident = newResident(e);
            if (!fileDraft(e, resident, port)) {
                e.fail("no draft on %s before Redis was killed", name(port));
            }
            drafting.add(resident);
        }
        signal(pidFrom(dataA.resolve("redis/redis.pid")), "KILL");
        pause(200);
        for (int k = 0; k < drafting.size(); k++) {
            int port = k == 0 ? portA : portB;
            Resident resident = drafting.get(k);
            Resident newcomer = newResident(e);
            for (String message : List.of(WeChatClient.text(resident.openid(), "提交"), resident.photo(),
                    resident.location(), WeChatClient.text(newcomer.openid(), "提交"))) {
                e.trials++;
                String content = content(send(e, port, message));
                if (content == null || !content.contains("随手拍") || !content.contains("用不了")
                        || content.contains(SUGGESTIONS)) {
                    e.fail("%s answered without saying 随手拍 is unavailable: %s", name(port), content);
                }
            }
        }
        e.note("all %d answers said 随手拍 is unavailable; Redis stays down for the rest of the run", e.trials);
        return verify(e);
    }

    /**
     * Item 9: PostgreSQL hangs (its postmaster and every backend SIGSTOPped); B, then A (whose
     * shutdown also stops the embedded PostgreSQL), get SIGTERM and must exit within 10 s.
     */
    private Experiment stopWithPostgresDead() throws Exception {
        Experiment e = new Experiment("stop-pg-dead");
        List<ProcessHandle> postgres = processTree(pidFrom(dataA.resolve("postgres/postmaster.pid")));
        postgres.forEach(p -> signal(p.pid(), "STOP"));
        try {
            for (String instance : List.of("B", "A")) {
                Process process = instance.equals("A") ? a : b;
                long started = System.nanoTime();
                process.destroy();
                boolean exited = process.waitFor(60, TimeUnit.SECONDS);
                long millis = millisSince(started);
                e.trials++;
                e.note("%s stopped in %d ms", instance, millis);
                if (!exited || millis > STOP_LIMIT_MS) {
                    e.fail("%s took %s to stop with PostgreSQL hung", instance, exited ? millis + " ms" : "over 60 s");
                    process.destroyForcibly().waitFor();
                }
            }
        } finally {
            postgres.forEach(p -> signal(p.pid(), "CONT"));
        }
        return e;
    }

    // ---- Residents and their messages -----------------------------------------------------------------

    /** A resident filing one report; the draft's place label names it in PostgreSQL. */
    private record Resident(int number, String openid, String mediaId, String place, double latitude,
            double longitude, long submitMsgId, String submitTime) {

        String photo() {
            return WeChatClient.image(openid, mediaId, WeChatClient.nextMsgId(), WeChatClient.now());
        }

        String location() {
            return WeChatClient.location(openid, latitude, longitude, place);
        }

        /** The resident's 提交; always the same message, so sending it again is WeChat redelivering it. */
        String submit() {
            return WeChatClient.text(openid, "提交", submitMsgId, submitTime);
        }
    }

    /** A new resident with a photo of their own and a place 120 m from every other resident's. */
    private Resident newResident(Experiment e) {
        int k = residentCount.getAndIncrement();
        double lat = 28.201 + (k % 50) * 0.0011;
        double lng = 112.901 + (k / 50) * 0.0044;
        String mediaId = "fault-" + run + "-" + k;
        wechat.media(mediaId, TestPhotos.jpegWithExif(800, 600, lat, lng, 1));
        Resident resident = new Resident(k, "o_fault_" + run + "_" + k, mediaId, "故障检查" + e.name + "-" + k, lat,
                lng, WeChatClient.nextMsgId(), WeChatClient.now());
        e.residents.put(resident.openid(), resident);
        return resident;
    }

    /** Text, photo and place until the draft asks for 提交; a step is sent again while the reply is a failure. */
    private boolean fileDraft(Experiment e, Resident resident, int port) {
        for (int round = 0; round < 3; round++) {
            step(e, port, () -> WeChatClient.text(resident.openid(), "这里路灯不亮了"));
            step(e, port, resident::photo);
            Optional<String> placed = step(e, port, resident::location);
            if (placed.isPresent() && placed.get().contains(CONFIRM)) {
                return true;
            }
        }
        return false;
    }

    /** A draft and its 提交 (sent again as a new message while it gets no ticket); the ticket. */
    private Optional<String> fileReport(Experiment e, Resident resident, int port) {
        for (int round = 0; round < 3; round++) {
            if (fileDraft(e, resident, port)) {
                Optional<String> ticket = step(e, port, () -> WeChatClient.text(resident.openid(), "提交"))
                        .flatMap(FaultCheck::ticket);
                if (ticket.isPresent()) {
                    e.acknowledge(resident, ticket.get());
                    return ticket;
                }
            }
        }
        e.note("a resident on %s got no ticket", name(port));
        return Optional.empty();
    }

    /**
     * Sends a new message until the reply is neither missing nor a "busy"/"unavailable" sentence, as a
     * resident would; that reply, or empty.
     */
    private Optional<String> step(Experiment e, int port, Supplier<String> message) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String content = content(send(e, port, message.get()));
            if (content != null && !content.contains("系统有点忙") && !content.contains("用不了")) {
                return Optional.of(content);
            }
            pause(500);
        }
        return Optional.empty();
    }

    /**
     * One delivery, timed: the reply, or null when nothing answered (the instance is down). A wait
     * longer than WeChat's 5 s counts as a slow reply even when it ended without one.
     */
    private WeChatClient.Reply send(Experiment e, int port, String xml) {
        long started = System.nanoTime();
        try {
            WeChatClient.Reply reply = clients.computeIfAbsent(port, p -> new WeChatClient("http://127.0.0.1:" + p))
                    .sendDev(xml, Mode.SAFE);
            e.replied(millisSince(started), name(port));
            return reply;
        } catch (RuntimeException down) {
            if (millisSince(started) > REPLY_LIMIT_MS) {
                e.replied(millisSince(started), name(port) + " (no reply)");
            }
            return null;
        }
    }

    /** The text a resident reads; null for no reply, a refusal, or "success" (a reply sent later). */
    private static String content(WeChatClient.Reply reply) {
        return reply == null || reply.status() != 200 ? null : reply.content();
    }

    private static Optional<String> ticket(String content) {
        Matcher m = TICKET.matcher(content == null ? "" : content);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static String kind(String content) {
        if (content == null) {
            return "success/none";
        }
        if (ticket(content).isPresent()) {
            return "ticket";
        }
        if (content.contains("用不了")) {
            return "unavailable";
        }
        return content.contains("系统有点忙") ? "busy" : "answer";
    }

    private String name(int port) {
        return port == portA ? "A" : "B";
    }

    /** "进度" to one instance every 200 ms from a resident with no reports; the answer needs PostgreSQL. */
    private final class Prober implements AutoCloseable {

        private record Probe(long sent, boolean answered) {
        }

        private final List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Prober(Experiment e, int port) {
            String openid = "o_probe_" + run + "_" + residentCount.getAndIncrement();
            thread = new Thread(() -> {
                while (running.get()) {
                    long sent = System.nanoTime();
                    String content = content(send(e, port, WeChatClient.text(openid, "进度")));
                    probes.add(new Probe(sent, content != null && content.contains(NO_REPORTS)));
                    pause(200);
                }
            }, "prober");
            thread.setDaemon(true);
            thread.start();
        }

        /** When the first answered probe sent after {@code since} was sent; -1 if none within the timeout. */
        long firstAnsweredAfter(long since, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (probes) {
                    for (Probe probe : probes) {
                        if (probe.sent() >= since && probe.answered()) {
                            return probe.sent();
                        }
                    }
                }
                pause(100);
            }
            return -1;
        }

        /** The longest time between two answered probes (or from the first probe to the last). */
        long longestGapMillis() {
            long longest = 0;
            synchronized (probes) {
                long last = probes.isEmpty() ? 0 : probes.get(0).sent();
                for (Probe probe : probes) {
                    if (probe.answered()) {
                        longest = Math.max(longest, probe.sent() - last);
                        last = probe.sent();
                    }
                }
                if (!probes.isEmpty()) {
                    longest = Math.max(longest, probes.get(probes.size() - 1).sent() - last);
                }
            }
            return TimeUnit.NANOSECONDS.toMillis(longest);
        }

        int unanswered() {
            synchronized (probes) {
                return (int) probes.stream().filter(p -> !p.answered()).count();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }

    // ---- Outcome ----------------------------------------------------------------------------------------

    /** One row of the table: what residents were told, and what went wrong. */
    private static final class Experiment {

        final String name;
        int trials;
        final Map<String, Resident> residents = new ConcurrentHashMap<>();
        /** The tickets each resident was given. */
        final Map<String, Set<String>> tickets = new ConcurrentHashMap<>();
        final AtomicLong slowest = new AtomicLong(-1);
        volatile String slowestWhere = "";
        final List<String> notes = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Tally tally = new Tally(0, 0, 0, 0, 0);

        Experiment(String name) {
            this.name = name;
        }

        void acknowledge(Resident resident, String ticket) {
            tickets.computeIfAbsent(resident.openid(), k -> ConcurrentHashMap.newKeySet()).add(ticket);
        }

        void replied(long millis, String where) {
            if (slowest.getAndAccumulate(millis, Math::max) < millis) {
                slowestWhere = where;
            }
            if (millis > REPLY_LIMIT_MS) {
                System.out.printf("[%s] SLOW reply from %s: %d ms%n", name, where, millis);
            }
        }

        void note(String format, Object... args) {
            String note = String.format(format, args);
            notes.add(note);
            System.out.printf("[%s] %s%n", name, note);
        }

        void fail(String format, Object... args) {
            String failure = String.format(format, args);
            failures.add(failure);
            System.out.printf("[%s] FAILED: %s%n", name, failure);
        }

        boolean ok() {
            return tally.lost() == 0 && tally.duplicates() == 0 && slowest.get() <= REPLY_LIMIT_MS
                    && failures.isEmpty();
        }
    }

    /** Measurements of the same thing over the trials, shown as their range. */
    private static final class Spread {

        private final List<Long> values = new ArrayList<>();

        void add(long value) {
            values.add(value);
        }

        long median() {
            List<Long> sorted = values.stream().sorted().toList();
            return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
        }

        @Override
        public String toString() {
            if (values.isEmpty()) {
                return "-";
            }
            long min = Collections.min(values);
            long max = Collections.max(values);
            return min == max ? String.valueOf(min) : min + "–" + max;
        }
    }

    /** What residents were told, counted against PostgreSQL. */
    private record Tally(int acknowledged, int stored, int lost, int duplicates, long unacknowledged) {
    }

    /** Counts the experiment's tickets (adding those sent late through the customer-service API). */
    private Experiment verify(Experiment e) throws SQLException {
        for (FakeWeChatServer.Call call : wechat.customerMessages()) {
            Resident resident = e.residents.get(call.body().get("touser").getAsString());
            if (resident != null && call.body().has("text")) {
                ticket(call.body().getAsJsonObject("text").get("content").getAsString())
                        .ifPresent(ticket -> e.acknowledge(resident, ticket));
            }
        }
        e.tally = tally(e);
        if (e.tally.unacknowledged() > 0) {
            e.note("%d stored reports whose resident saw no ticket (the resident would ask again)",
                    e.tally.unacknowledged());
        }
        return e;
    }

    /**
     * A ticket given to a resident (in a reply, or in a late customer-service message) is stored if
     * the report with that number is the resident's draft (found by its place label), lost otherwise;
     * a draft stored more than once, or a number given for two drafts, is a duplicate.
     */
    private Tally tally(Experiment e) throws SQLException {
        Map<String, List<String>> storedAt = new HashMap<>();
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(
                "SELECT address, ticket_no FROM report WHERE address = ANY (?)")) {
            query.setArray(1, db.createArrayOf("varchar",
                    e.residents.values().stream().map(Resident::place).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    storedAt.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        int acknowledged = 0;
        int stored = 0;
        int duplicates = 0;
        Map<String, String> givenFor = new HashMap<>();
        for (Map.Entry<String, Set<String>> given : e.tickets.entrySet()) {
            String place = e.residents.get(given.getKey()).place();
            for (String ticket : given.getValue()) {
                acknowledged++;
                if (storedAt.getOrDefault(place, List.of()).contains(ticket)) {
                    stored++;
                } else {
                    System.out.printf("[%s] LOST: %s was given %s, not stored under its draft (%s)%n", e.name,
                            place, ticket, storedAt.get(place));
                }
                String other = givenFor.put(ticket, place);
                if (other != null && !other.equals(place)) {
                    duplicates++;
                    System.out.printf("[%s] DUPLICATE: %s given to %s and %s%n", e.name, ticket, other, place);
                }
            }
        }
        for (Map.Entry<String, List<String>> draft : storedAt.entrySet()) {
            if (draft.getValue().size() > 1) {
                duplicates += draft.getValue().size() - 1;
                System.out.printf("[%s] DUPLICATE: draft %s stored as %s%n", e.name, draft.getKey(), draft.getValue());
            }
        }
        long unacknowledged = e.residents.values().stream()
                .filter(r -> !e.tickets.containsKey(r.openid()) && storedAt.containsKey(r.place())).count();
        return new Tally(acknowledged, stored, acknowledged - stored, duplicates, unacknowledged);
    }

    /**
     * Every ticket of the run counted again at its end, after A's restarts, across experiments: what was
     * stored must still be, and no number may have been given for two drafts.
     */
    private void recount() {
        Experiment all = new Experiment("end-of-run");
        for (Experiment e : results) {
            all.residents.putAll(e.residents);
            e.tickets.forEach((openid, tickets) -> tickets.forEach(
                    ticket -> all.acknowledge(e.residents.get(openid), ticket)));
        }
        try {
            all.tally = tally(all);
        } catch (SQLException e) {
            finalLoss = "the end-of-run recount failed: " + e;
            return;
        }
        finalCount = String.format("End of the run (before stop-pg-dead): %d of %d acknowledged tickets still stored"
                + " under their drafts, %d duplicates across all experiments", all.tally.stored(),
                all.tally.acknowledged(), all.tally.duplicates());
        System.out.println(finalCount);
        if (all.tally.lost() > 0 || all.tally.duplicates() > 0) {
            finalLoss = "the end-of-run recount found tickets lost or duplicated";
        }
    }

    private Map<String, Integer> photoStates(List<Resident> residents) throws SQLException {
        Map<String, Integer> states = new TreeMap<>();
        try (Connection db = db(); PreparedStatement query = db.prepareStatement("""
                SELECT p.status, count(*) FROM report r JOIN report_photo p ON p.report_id = r.id
                WHERE r.address = ANY (?) GROUP BY p.status""")) {
            query.setArray(1, db.createArrayOf("varchar", residents.stream().map(Resident::place).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return states;
    }

    private int reportsAt(String place) throws SQLException {
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM report WHERE address = ?")) {
            query.setString(1, place);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The table (Markdown, for docs/benchmarks.md); false if any experiment failed. */
    private boolean printTable() {
        System.out.println();
        System.out.println(
                "| experiment | trials | acknowledged | stored | lost | duplicates | slowest reply ms | notes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        boolean ok = !results.isEmpty();
        for (Experiment e : results) {
            ok &= e.ok();
            List<String> notes = new ArrayList<>(e.notes);
            e.failures.forEach(f -> notes.add("**FAILED: " + f + "**"));
            System.out.printf("| %s | %d | %d | %d | %d | %d | %s | %s |%n", e.name, e.trials,
                    e.tally.acknowledged(), e.tally.stored(), e.tally.lost(), e.tally.duplicates(),
                    e.slowest.get() < 0 ? "-" : e.slowest.get() + " (" + e.slowestWhere + ")",
                    String.join("; ", notes).replace("|", "/"));
        }
        if (finalCount != null) {
            System.out.println();
            System.out.println(finalCount);
        }
        if (finalLoss != null) {
            System.out.println("FAILED: " + finalLoss);
            ok = false;
        }
        System.out.println(ok ? "\nall experiments passed" : "\nFAILED: see the rows above");
        return ok;
    }

    private List<String> logOfA() throws IOException {
        return Files.readAllLines(Path.of(dataA + ".log"));
    }

    /** The orphaned embedded servers A's log says it stopped after line {@code from}. */
    private List<String> orphansStopped(int from) throws IOException {
        List<String> lines = logOfA();
        List<String> stopped = new ArrayList<>();
        for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
            Matcher orphan = Pattern.compile("Stopping an orphaned embedded (\\S+)").matcher(line);
            if (orphan.find()) {
                stopped.add(orphan.group(1));
            }
        }
        return stopped;
    }

    // ---- Processes --------------------------------------------------------------------------------------

    private List<String> commonOptions() {
        return List.of("--wenming.report.jobs-interval=2s", "--wenming.report.daily-limit=1000");
    }

    /** A: the embedded PostgreSQL and Redis on fixed ports, so that B can reach them. */
    private Process startA() throws Exception {
        List<String> extra = new ArrayList<>(commonOptions());
        extra.add("--wenming.embedded.redis.port=" + redisPort);
        return PackagedService.start(dataA, portA, pgPort, wechat.baseUrl(), extra.toArray(String[]::new));
    }

    /** B: A's PostgreSQL and Redis as external servers, and A's photo folder as the shared one. */
    private Process startB() throws Exception {
        List<String> extra = new ArrayList<>(commonOptions());
        extra.addAll(List.of("--wenming.embedded.postgres.enabled=false", "--wenming.embedded.redis.enabled=false",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort, "--wenming.report.photos-dir=" + dataA.resolve("photos")));
        return PackagedService.start(dataB, portB, pgPort, wechat.baseUrl(), extra.toArray(String[]::new));
    }

    /**
     * Stops both instances, then whatever of A's PostgreSQL and Redis is still running (orphaned by a
     * kill, or stopped by a signal): only the processes this run's pid files name.
     */
    private void shutdown() {
        for (Process process : Stream.of(b, a).filter(p -> p != null && p.isAlive()).toList()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path pidFile : List.of(dataA.resolve("postgres/postmaster.pid"), dataA.resolve("redis/redis.pid"))) {
            try {
                List<ProcessHandle> left = processTree(pidFrom(pidFile));
                if (!left.isEmpty()) {
                    System.out.printf("stopping leftover %s (pid %d)%n", pidFile.getParent().getFileName(),
                            left.get(0).pid());
                    left.forEach(p -> signal(p.pid(), "CONT"));
                    left.forEach(ProcessHandle::destroyForcibly);
                }
            } catch (IOException | RuntimeException e) {
                // no pid file: nothing of ours is left
            }
        }
    }

    private static long pidFrom(Path pidFile) throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    }

    /** The process and its descendants, if it is still alive. */
    private static List<ProcessHandle> processTree(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> Stream.concat(Stream.of(p), p.descendants()).toList()).orElse(List.of());
    }

    /** kill -SIGNAL pid; false if there was no such process (it exited meanwhile). */
    private static boolean signal(long pid, String signal) {
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- PostgreSQL -------------------------------------------------------------------------------------

    private Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
    }

    /** A setting for every new connection to the database; null resets it. */
    private void setDatabase(String setting, String value) throws SQLException {
        try (Connection db = db()) {
            db.createStatement().execute("ALTER DATABASE postgres " + (value == null ? "RESET " + setting
                    : "SET " + setting + " = " + value));
        }
    }

    private static long randomClientBackend(Connection db) throws SQLException {
        List<Long> pids = new ArrayList<>();
        try (ResultSet rs = db.createStatement().executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
        }
        if (pids.isEmpty()) {
            throw new IllegalStateException("no client backend to kill");
        }
        return pids.get(ThreadLocalRandom.current().nextInt(pids.size()));
    }

    /** Whether the connection is cut off within 10 s. */
    private static boolean awaitClosed(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!connection.isValid(1)) {
                return true;
            }
            pause(20);
        }
        return false;
    }

    /** Waits until PostgreSQL accepts connections and answers again (crash recovery done). */
    private void awaitPostgres() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (Connection db = db()) {
                db.createStatement().execute("SELECT 1");
                return;
            } catch (SQLException e) {
                pause(50);
            }
        }
        throw new IllegalStateException("PostgreSQL did not come back within 2 minutes");
    }

    // ---- Time -------------------------------------------------------------------------------------------

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void pauseUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            pause(TimeUnit.NANOSECONDS.toMillis(left));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
