package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.ServiceInstance;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * What an operator's Prometheus reads from {@code /actuator/prometheus}: only with the ops token, the
 * report backlog as rows are added (and its last counts once PostgreSQL is gone), and reply latency
 * in buckets that show WeChat's 5-second window.
 */
class OperatorMetricsIntegrationTest extends IntegrationTest {

    @Value("${wenming.ops.token}")
    private String opsToken;

    @Autowired
    private ReportBacklogMetrics backlog;

    @Test
    void theScrapeIsRefusedWithoutTheOpsToken() throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + opsToken + "x", opsToken,
                "Basic " + opsToken}) {
            HttpResponse<String> refused = get(port, "/actuator/prometheus", authorization);
            assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("A valid ops token is required.\n");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(scraped(port)).contains("# TYPE wenming_report_overdue gauge");
    }

    @Test
    void theLoadBalancerCheckNeedsNoTokenAndTellsOnlyUp() throws Exception {
        HttpResponse<String> readiness = get(port, "/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theBacklogGaugesCountWhatIsWaiting() throws Exception {
        backlog.refresh();
        String before = scraped(port);
        long reportId = new ReportSeeds(jdbc).report(ReportSeeds.unique("指标中队")).state(ReportState.SIGNED)
                .signed(OffsetDateTime.now().minusDays(3), OffsetDateTime.now().minusHours(1)).insert().id();
        jdbc.sql("""
                INSERT INTO report_photo (id, report_id, status, app_id, media_id, next_attempt_at)
                VALUES (:id, :report, 'pending', 'wxdev0000000000001', 'media-metrics', now() + interval '1 day')""")
                .param("id", UUID.randomUUID()).param("report", reportId).update();
        for (String status : new String[] {"pending", "failed", "failed"}) {
            jdbc.sql("""
                    INSERT INTO report_outbox (report_id, app_id, openid, content, status, next_attempt_at)
                    VALUES (:report, 'wxdev0000000000001', 'o_metrics', '进度', :status, now() + interval '1 day')""")
                    .param("report", reportId).param("status", status).update();
        }
        // What is already stored is not counted again until the next refresh: a scrape never queries.
        assertThat(value(scraped(port), "wenming_report_overdue")).isEqualTo(value(before, "wenming_report_overdue"));

        backlog.refresh();
        String after = scraped(port);
        assertThat(value(after, "wenming_report_photos_pending") - value(before, "wenming_report_photos_pending"))
                .isEqualTo(1);
        assertThat(value(after, "wenming_report_outbox{status=\"pending\"}")
                - value(before, "wenming_report_outbox{status=\"pending\"}")).isEqualTo(1);
        assertThat(value(after, "wenming_report_outbox{status=\"failed\"}")
                - value(before, "wenming_report_outbox{status=\"failed\"}")).isEqualTo(2);
        assertThat(value(after, "wenming_report_overdue") - value(before, "wenming_report_overdue")).isEqualTo(1);
        assertThat(value(after, "wenming_report_backlog_age_seconds")).isBetween(0.0, 5.0);
    }

    @Test
    void replyLatencyHasTheBucketsOfWeChatsWindow() throws Exception {
        assertThat(wechat().sendDev(WeChatClient.text("o_metrics", "垃圾分为哪几类"), Mode.SAFE).content())
                .contains("可回收物");
        String body = scraped(port);
        // The SLO lines among the histogram's own buckets: 4 s is the reply budget, 5 s WeChat's window.
        // Labels are matched loosely: more tags (the intent) may come.
        String replied = "(?m)^wenming_wechat_messages_seconds_bucket\\{[^}]*outcome=\"replied\"[^}]*type=\"text\"[^}]*";
        for (String le : new String[] {"0.1", "0.5", "1.0", "4.0", "5.0"}) {
            assertThat(body).containsPattern(replied + "le=\"" + Pattern.quote(le) + "\"} \\d+$");
        }
        assertThat(body).containsPattern(replied + "le=\"\\+Inf\"} [1-9]");
    }

    @Test
    void withPostgresGoneTheScrapeAnswersAtOnceFromTheLastCounts() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (ServiceInstance instance = ServiceInstance.start(
                "wenming.embedded.postgres.enabled=false",
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres",
                // A refresh waits this long for a connection before it gives up (2 s by default).
                "spring.datasource.hikari.connection-timeout=1000")) {
            ReportBacklogMetrics instanceBacklog = instance.bean(ReportBacklogMetrics.class);
            instanceBacklog.refresh();
            String before = scraped(instance.port());
            postgres.close();

            instanceBacklog.refresh();
            long started = System.nanoTime();
            String during = scraped(instance.port());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            for (String series : new String[] {"wenming_report_photos_pending", "wenming_report_overdue",
                    "wenming_report_outbox{status=\"pending\"}", "wenming_report_outbox{status=\"failed\"}"}) {
                assertThat(value(during, series)).as(series).isEqualTo(value(before, series));
            }
            assertThat(value(during, "wenming_report_backlog_age_seconds"))
                    .isGreaterThan(value(before, "wenming_report_backlog_age_seconds"));
            // The runbook's promise: the instance stays in the load balancer, health tells the truth.
            assertThat(get(instance.port(), "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
            assertThat(get(instance.port(), "/actuator/health", null).statusCode()).isEqualTo(503);
        } finally {
            postgres.close();
        }
    }

    private String scraped(int instancePort) throws Exception {
        HttpResponse<String> response = get(instancePort, "/actuator/prometheus", "Bearer " + opsToken);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> get(int instancePort, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instancePort + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sample of {@code series} (name and labels exactly as exposed) in a scrape. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
