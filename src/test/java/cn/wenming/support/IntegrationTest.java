package cn.wenming.support;

import cn.wenming.knowledge.QuestionLog;
import cn.wenming.knowledge.TestKnowledgeProperties;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole service on a random port, with its real embedded Redis and
 * PostgreSQL (fresh data under target/test-data) and WeChat's API replaced by {@link FakeWeChatServer}.
 * Subclasses that add no configuration share one cached application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final FakeWeChatServer FAKE_WECHAT = FakeWeChatServer.shared();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected QuestionLog questionLog;

    @DynamicPropertySource
    static void testEnvironment(DynamicPropertyRegistry registry) {
        registerTestEnvironment(registry);
    }

    /** Everything a test context needs that config/application.yml sets for a real run. */
    public static void registerTestEnvironment(DynamicPropertyRegistry registry) {
        registry.add("wechat.api-host", FAKE_WECHAT::baseUrl);
        registry.add("wenming.data-dir", () -> "target/test-data/" + java.util.UUID.randomUUID());
        // One extracted copy of the PostgreSQL binaries for every test context.
        registry.add("wenming.embedded.postgres.binaries-dir", () -> "target/test-data/postgres-binaries");
        registry.add("wenming.knowledge.semantic.cache-dir", () -> TestKnowledgeProperties.EMBEDDING_CACHE.toString());
        // Small enough for a test to reach; tests use their own openids, so they never meet each other's limit.
        registry.add("wenming.report.daily-limit", () -> "4");
        // Background delivery runs only when a test asks for it, so it never sends into another test.
        registry.add("wenming.report.jobs-interval", () -> "1h");
        registry.add("wenming.report.deadline-check-interval", () -> "1h");
        // The backlog gauges are counted at start-up and when a test asks, so a test sees when they change.
        registry.add("wenming.report.backlog-refresh-interval", () -> "1h");
        // Tests run thousands of requests from one address; RateLimitIntegrationTest switches limits on.
        registry.add("wenming.rate-limits.enabled", () -> "false");
        for (String property : TestAccounts.PROPERTIES) {
            int eq = property.indexOf('=');
            registry.add(property.substring(0, eq), () -> property.substring(eq + 1));
        }
    }

    @BeforeEach
    void resetFakeWeChat() {
        FAKE_WECHAT.reset();
    }

    protected WeChatClient wechat() {
        return new WeChatClient("http://127.0.0.1:" + port);
    }
}
