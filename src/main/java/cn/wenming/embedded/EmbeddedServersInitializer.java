package cn.wenming.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import redis.embedded.RedisServer;

/**
 * Starts an embedded PostgreSQL and an embedded Redis before the context is refreshed, so that the
 * default run (and every test context) needs nothing installed. The production profile switches both
 * off and the standard {@code spring.datasource.*} / {@code spring.data.redis.*} properties apply.
 *
 * <p>It runs as an initializer (not a bean) because the DataSource and Redis auto-configuration read
 * their URLs while the context is being built.
 */
public class EmbeddedServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServersInitializer.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        boolean postgres = env.getProperty("wenming.embedded.postgres.enabled", Boolean.class, false);
        boolean redis = env.getProperty("wenming.embedded.redis.enabled", Boolean.class, false);
        Map<String, Object> resolved = new HashMap<>();
        // Resolve the data dir once: tests use ${random.uuid}, which changes on every read.
        Path dataDir = Path.of(env.getProperty("wenming.data-dir", "./data")).toAbsolutePath().normalize();
        resolved.put("wenming.data-dir", dataDir.toString());
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        try {
            if (postgres) {
                Path binaries = Path.of(env.getProperty("wenming.embedded.postgres.binaries-dir",
                        dataDir.resolve("cache/postgres-binaries").toString())).toAbsolutePath();
                EmbeddedPostgres pg = startPostgres(dataDir.resolve("postgres"), binaries,
                        env.getProperty("wenming.embedded.postgres.port", Integer.class, 0));
                // Registered first, destroyed last: the connection pool closes before the server stops.
                beans.registerDisposableBean("embeddedPostgres", pg::close);
                resolved.put("spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"));
                resolved.put("spring.datasource.username", "postgres");
                resolved.put("spring.datasource.password", "");
            }
            if (redis) {
                int port = freePortIfZero(env.getProperty("wenming.embedded.redis.port", Integer.class, 0));
                RedisServer server = startRedis(dataDir.resolve("redis"), port);
                beans.registerDisposableBean("embeddedRedis", server::stop);
                resolved.put("spring.data.redis.host", "127.0.0.1");
                resolved.put("spring.data.redis.port", port);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded servers under " + dataDir, e);
        }
        env.getPropertySources().addFirst(new MapPropertySource("wenmingEmbeddedServers", resolved));
    }

    private static EmbeddedPostgres startPostgres(Path dir, Path binaries, int port) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(binaries);
        stopOrphan(dir.resolve("postmaster.pid"), "postgres");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // The default run is what small cities deploy: a report acknowledged with a ticket must
                // survive a crash. The library's test-speed default is synchronous_commit=off.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
        return pg;
    }

    /**
     * A JVM killed without its shutdown hooks (kill -9, OOM killer) leaves its embedded servers
     * running: a postmaster still holding our data dir makes the next start fail on its lock file,
     * and a redis-server just leaks. The data dir is ours, so a process of that name still named by
     * its pid file is stopped first, and waited for. Signals by escalation: PostgreSQL's SIGTERM is a
     * "smart" shutdown that waits for every client to leave, and another instance still connected
     * never leaves, so it gets SIGINT (fast: clients are cut off), then SIGQUIT (immediate), then
     * SIGKILL for it and its backends, whose shared memory would block the next start.
     */
    private static void stopOrphan(Path pidFile, String commandName) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains(commandName)).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("Stopping an orphaned embedded {} (pid {}) left by an earlier run", commandName, pid);
        List<ProcessHandle> children = orphan.get().descendants().toList();
        for (String signal : List.of(commandName.equals("postgres") ? "INT" : "TERM", "QUIT")) {
            if (signal(pid, signal) && exited(orphan.get(), 10)) {
                return;
            }
        }
        orphan.get().destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        exited(orphan.get(), 5);
    }

    private static boolean signal(long pid, String signal) throws IOException {
        try {
            return new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean exited(ProcessHandle process, int seconds) throws IOException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IOException(e);
        }
    }

    private static RedisServer startRedis(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("redis.pid");
        stopOrphan(pidFile, "redis-server");
        RedisServer server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir)
                .setting("pidfile " + pidFile)
                // Short-lived state only (dedupe, reply cache, tokens, chat drafts, sign-ins), but a
                // resident's half-written report and sign-in should survive a restart: an
                // append-only file (synced every second) instead of snapshots.
                .setting("save \"\"")
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .build();
        server.start();
        log.info("Embedded Redis on port {}", port);
        return server;
    }

    private static int freePortIfZero(int port) throws IOException {
        if (port > 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
