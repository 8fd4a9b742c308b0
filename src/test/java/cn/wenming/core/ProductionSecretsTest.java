package cn.wenming.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.WenmingApplication;
import cn.wenming.support.ServiceInstance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.Environment;
import redis.embedded.RedisServer;

/**
 * Issue 13, item 2: production must not start with the published dev secrets. Without secrets the
 * {@code prod} profile exits non-zero naming every one; with strong ones it starts, and dev sign-in
 * stays off even when its variable says true.
 */
class ProductionSecretsTest {

    private static final String STRONG = "0123456789abcdef0123456789abcdef";

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static ServiceInstance production;

    @BeforeAll
    static void startProductionWithEverySecret() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
        production = ServiceInstance.start(
                "spring.profiles.active=prod",
                "wenming.embedded.postgres.enabled=false",
                "wenming.embedded.redis.enabled=false",
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres",
                "spring.data.redis.port=" + redisPort,
                "wechat.accounts[0].app-id=wxprod000000000001",
                "wechat.accounts[0].secret=prod-secret-" + STRONG,
                "wechat.accounts[0].token=prodtoken" + STRONG.substring(0, 8),
                "wechat.accounts[0].aes-key=ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut",
                "wechat.accounts[1].secret=district-secret-" + STRONG,
                "wechat.accounts[1].token=districttoken",
                "wechat.accounts[1].previous-aes-key=",
                // The shared test accounts include one without an AES key (plaintext mode): prod needs one.
                "wechat.accounts[2].aes-key=0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
                "wenming.ops.token=ops-" + STRONG,
                "wenming.report.open311-api-keys=open311-" + STRONG,
                "wenming.privacy.openid-hash-key=hash-" + STRONG,
                "wenming.report.phone-key=phone-" + STRONG,
                "wenming.console.initial-admin.password=first-admin-" + STRONG,
                // As a forgotten WENMING_H5_DEVLOGIN=true would.
                "wenming.h5.dev-login=true");
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (production != null) {
            production.close();
        }
        redis.stop();
        postgres.close();
    }

    @Test
    void prodWithoutSecretsExitsNonZeroNamingEachMissingSecret() throws Exception {
        // A fresh JVM in the project directory (config/ present) with none of our variables set.
        Path log = Files.createDirectories(Path.of("target/test-data")).resolve("prod-without-secrets.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WenmingApplication.class.getName(),
                "--spring.profiles.active=prod", "--server.port=0",
                "--wenming.data-dir=target/test-data/" + UUID.randomUUID())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("WECHAT_") || name.startsWith("WENMING_")
                || name.startsWith("SPRING_"));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as("prod without secrets must not keep running: " + output).isTrue();

        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains(
                "APPLICATION FAILED TO START",
                "WECHAT_APP_ID (wechat.accounts[0].app-id) is the published dev test account wxdev0000000000001",
                "WECHAT_SECRET (wechat.accounts[0].secret) is a published dev value",
                "WECHAT_TOKEN (wechat.accounts[0].token) is a published dev value",
                "WECHAT_AES_KEY (wechat.accounts[0].aes-key) is a published dev value",
                "WENMING_OPS_TOKEN (wenming.ops.token) is a published dev value",
                "WENMING_REPORT_OPEN311APIKEYS (wenming.report.open311-api-keys[0]) is a published dev value",
                "WENMING_PRIVACY_OPENIDHASHKEY (wenming.privacy.openid-hash-key) is a published dev value",
                "WENMING_REPORT_PHONEKEY (wenming.report.phone-key) is a published dev value");
        // The prod profile clears the dev admin password; empty is allowed (no first admin is created).
        assertThat(output).doesNotContain("initial-admin").doesNotContain("\tat ").doesNotContain("Started WenmingApplication");
    }

    @Test
    void missingAndWeakSecretsAreEachNamedInOneFailure() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(WenmingApplication.class).run(
                "--spring.profiles.active=prod", "--server.port=0",
                "--wenming.data-dir=target/test-data/" + UUID.randomUUID(),
                "--wechat.accounts[0].app-id=wxprod000000000001",
                "--wechat.accounts[0].secret=",
                "--wechat.accounts[0].token=prodtoken",
                "--wechat.accounts[0].aes-key=ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut",
                "--wenming.ops.token=short",
                "--wenming.report.open311-api-keys=open311-" + STRONG + ",wenming-dev-open311-key",
                "--wenming.privacy.openid-hash-key=",
                "--wenming.report.phone-key=phone-" + STRONG,
                "--wenming.console.initial-admin.password=wenming-dev-admin"))
                .isInstanceOfSatisfying(UnsafeProductionSecrets.class, e -> assertThat(e.problems()).containsExactly(
                        "WECHAT_SECRET (wechat.accounts[0].secret) is not set",
                        "WENMING_OPS_TOKEN (wenming.ops.token) is too weak (5 characters, at least 16;"
                                + " e.g. openssl rand -hex 32)",
                        "WENMING_REPORT_OPEN311APIKEYS (wenming.report.open311-api-keys[1]) is a published dev value",
                        "WENMING_PRIVACY_OPENIDHASHKEY (wenming.privacy.openid-hash-key) is not set",
                        "WENMING_CONSOLE_INITIALADMIN_PASSWORD (wenming.console.initial-admin.password)"
                                + " is a published dev value"));
    }

    @Test
    void prodWithEverySecretStarts() {
        assertThat(production.bean(Environment.class).matchesProfiles("prod")).isTrue();
        assertThat(get("/actuator/health").body()).contains("\"UP\"");
    }

    @Test
    void devSignInStaysOffInProdWhateverTheVariableSays() {
        HttpResponse<String> login = get("/h5/login?next=/h5/my-reports");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).get().asString()
                .startsWith("https://open.weixin.qq.com/connect/oauth2/authorize");
        assertThat(login.body()).doesNotContain("开发登录");
    }

    /**
     * Issue 13, item 9: behind a TLS proxy the service sees plain HTTP, so the session cookie lacked
     * {@code Secure}. In prod it always has it. That forwarded headers stay untrusted unless configured
     * is checked by ReportH5IntegrationTest.forwardedHeadersAreIgnoredUnlessConfigured; trusting them
     * from the proxy ({@code server.forward-headers-strategy=native}) is Tomcat's RemoteIpValve, see README.
     */
    @Test
    void cookiesAreSecureInProdWhateverTheProxyForwards() {
        HttpResponse<String> login = get("/h5/login?next=/h5/my-reports");
        assertThat(login.headers().allValues("Set-Cookie")).isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly"));
    }

    private static HttpResponse<String> get(String path) {
        String port = production.bean(Environment.class).getProperty("local.server.port");
        try {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
