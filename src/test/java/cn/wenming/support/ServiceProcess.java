package cn.wenming.support;

import cn.wenming.WenmingApplication;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A service instance in a JVM of its own, started from the test classpath: what a test needs to kill
 * an instance for real (SIGKILL, no shutdown hooks) while another one, in the test, goes on.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts an instance with the test defaults and {@code properties}, and waits until it is healthy. */
    public static ServiceProcess start(String... properties) throws IOException, InterruptedException {
        int port = ServiceInstance.freePort();
        List<String> withPort = new ArrayList<>(List.of(properties));
        withPort.add("server.port=" + port);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), WenmingApplication.class.getName()));
        command.addAll(List.of(ServiceInstance.arguments(withPort.toArray(String[]::new))));
        File log = new File("target/test-data/process-" + UUID.randomUUID() + ".log");
        log.getParentFile().mkdirs();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        ServiceProcess started = new ServiceProcess(process, port);
        try {
            awaitHealthy(process, port, log.toString());
        } catch (IllegalStateException e) {
            started.kill();
            throw e;
        }
        return started;
    }

    /**
     * Waits (up to two minutes) until the service in {@code process} says UP on {@code port}; if it does
     * not, or the process dies first, fails naming {@code log} (where its output went).
     */
    public static void awaitHealthy(Process process, int port, String log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the instance did not start; see " + log);
    }

    public WeChatClient wechat() {
        return new WeChatClient("http://127.0.0.1:" + port);
    }

    /** SIGKILL: no shutdown hooks, nothing flushed, as the OOM killer or a power cut would do it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
