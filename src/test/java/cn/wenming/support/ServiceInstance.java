package cn.wenming.support;

import cn.wenming.WenmingApplication;
import cn.wenming.knowledge.TestKnowledgeProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A whole service instance started inside a test, for what one cached test context cannot show:
 * two instances behind a load balancer, or one instance stopped and started again.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance on a free port; {@code properties} (key=value) override the test defaults. */
    public static ServiceInstance start(String... properties) {
        return new ServiceInstance(new SpringApplicationBuilder(WenmingApplication.class).run(arguments(properties)));
    }

    /**
     * The command-line arguments of an instance for a test: the test defaults, then {@code properties}
     * (key=value). As command-line arguments they outrank config/application.yml, as in a real deployment.
     */
    public static String[] arguments(String... properties) {
        Map<String, String> all = new LinkedHashMap<>();
        List<String> given = new ArrayList<>(List.of(TestAccounts.PROPERTIES));
        given.add("server.port=0");
        given.add("wechat.api-host=" + FakeWeChatServer.shared().baseUrl());
        given.add("wenming.data-dir=target/test-data/" + UUID.randomUUID());
        given.add("wenming.embedded.postgres.binaries-dir=target/test-data/postgres-binaries");
        given.add("wenming.knowledge.semantic.cache-dir=" + TestKnowledgeProperties.EMBEDDING_CACHE);
        given.add("wenming.rate-limits.enabled=false");
        given.addAll(List.of(properties));
        for (String property : given) {
            int eq = property.indexOf('=');
            all.put(property.substring(0, eq), property.substring(eq + 1));
        }
        return all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** A port free right now, for a server a test starts beside its instances (Redis, Sentinel). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The properties of an instance that uses this PostgreSQL and this Redis instead of starting its
     * own: what several instances behind a load balancer share.
     */
    public static String[] sharing(EmbeddedPostgres postgres, int redisPort) {
        return new String[] {
            "wenming.embedded.postgres.enabled=false",
            "wenming.embedded.redis.enabled=false",
            "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "spring.datasource.username=postgres",
            "spring.data.redis.port=" + redisPort,
        };
    }

    /** The port the instance listens on. */
    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public WeChatClient wechat() {
        return new WeChatClient("http://127.0.0.1:" + port());
    }

    public JdbcClient jdbc() {
        return bean(JdbcClient.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
