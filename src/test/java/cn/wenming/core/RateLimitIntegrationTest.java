package cn.wenming.core;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.ServiceInstance;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 13, item 6: requests per address are limited in Redis, with 429 and Retry-After past the limit. */
class RateLimitIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceInstance instance;

    @BeforeAll
    static void start() {
        instance = ServiceInstance.start("wenming.rate-limits.enabled=true",
                "wenming.rate-limits.rules[0].name=ask", "wenming.rate-limits.rules[0].paths[0]=/api/ask",
                "wenming.rate-limits.rules[0].requests=5", "wenming.rate-limits.rules[0].per=1m",
                "wenming.rate-limits.rules[1].name=open311-write", "wenming.rate-limits.rules[1].paths[0]=/open311/**",
                "wenming.rate-limits.rules[1].method=POST", "wenming.rate-limits.rules[1].requests=3",
                "wenming.rate-limits.rules[1].per=1h");
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + instance.port() + path;
    }

    @Test
    void askIsLimitedPerAddressWithRetryAfter() throws Exception {
        String ask = url("/api/ask?q=" + URLEncoder.encode("垃圾分为哪几类", StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            assertThat(send(HttpRequest.newBuilder(URI.create(ask))).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = send(HttpRequest.newBuilder(URI.create(ask))
                .header("Accept", "application/json"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(limited.body()).doesNotContain("Exception", "at cn.wenming");
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(ask)).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.body()).contains("操作太频繁了");
        // Other paths are counted apart.
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/open311/v2/services.json")))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void open311PostsWithWrongKeysAreLimitedAndAnsweredInTheSpecFormat() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = send(HttpRequest.newBuilder(URI.create(url("/open311/v2/requests.json")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("api_key=guess" + i + "&service_code=streetlight")));
            if (i < 3) {
                assertThat(last.statusCode()).isEqualTo(403);
            }
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).startsWith("[").contains("\"code\":429");
    }
}
