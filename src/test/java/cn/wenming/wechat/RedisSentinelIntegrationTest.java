package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.wenming.conversation.ConversationStore;
import cn.wenming.support.ServiceInstance;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.Redis;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * Redis behind Sentinel, configured only with Spring Boot's {@code spring.data.redis.sentinel.*}, on
 * Jedis. The embedded redis-server binary plays all three parts: a master and its replica (both with a
 * password) and a sentinel ({@code redis-server sentinel.conf --sentinel}, with its own password). The
 * service finds the master through the sentinel and keeps a resident's 随手拍 draft there; when the
 * master dies and the sentinel promotes the replica, the service follows and the same draft goes on.
 */
class RedisSentinelIntegrationTest {

    private static final String MASTER = "wenming";
    private static final String REDIS_PASSWORD = "redis-test-password";
    private static final String SENTINEL_PASSWORD = "sentinel-test-password";

    @Test
    void theServiceFollowsTheMasterTheSentinelNames() throws IOException {
        Path dir = Path.of("target/test-data", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir);
        int masterPort = ServiceInstance.freePort();
        int replicaPort = ServiceInstance.freePort();
        int sentinelPort = ServiceInstance.freePort();
        Path sentinelConf = dir.resolve("sentinel.conf");
        // Quorum 1 and a one-second down-after: the lone test sentinel decides a failover at once.
        Files.writeString(sentinelConf, String.join("\n",
                "bind 127.0.0.1",
                "port " + sentinelPort,
                "dir " + dir,
                "requirepass " + SENTINEL_PASSWORD,
                "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 1",
                "sentinel auth-pass " + MASTER + " " + REDIS_PASSWORD,
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 10000",
                ""));
        RedisServer master = redis(masterPort).build();
        Deque<Redis> running = new ArrayDeque<>();
        try {
            start(master, running);
            start(redis(replicaPort).setting("replicaof 127.0.0.1 " + masterPort).build(), running);
            start(RedisSentinel.newRedisSentinel().port(sentinelPort).configFile(sentinelConf.toString()).build(),
                    running);
            // The sentinel learns of the replica from the master's INFO; without it there is nothing to promote.
            await("the sentinel knows the replica").atMost(Duration.ofSeconds(20)).until(() -> {
                try (Jedis sentinel = client(sentinelPort, SENTINEL_PASSWORD)) {
                    return !sentinel.sentinelReplicas(MASTER).isEmpty();
                }
            });

            try (ServiceInstance instance = ServiceInstance.start(
                    "wenming.embedded.redis.enabled=false",
                    "spring.data.redis.sentinel.master=" + MASTER,
                    "spring.data.redis.sentinel.nodes=127.0.0.1:" + sentinelPort,
                    "spring.data.redis.sentinel.password=" + SENTINEL_PASSWORD,
                    "spring.data.redis.password=" + REDIS_PASSWORD)) {
                assertThat(instance.bean(JedisConnectionFactory.class).isRedisSentinelAware()).isTrue();
                WeChatClient wechat = instance.wechat();
                String resident = "o_sentinel_" + System.nanoTime();
                assertThat(wechat.sendDev(WeChatClient.text(resident, "随手拍"), Mode.SAFE).content())
                        .contains("选择问题类别");
                String record = instance.bean(ConversationStore.class).key(TestAccounts.DEV_APPID, resident);
                try (Jedis direct = client(masterPort, REDIS_PASSWORD)) {
                    assertThat(direct.exists(record)).as("the draft is on the master").isTrue();
                    // Replication is asynchronous: the draft must be on the replica before its master dies.
                    assertThat(direct.waitReplicas(1, 5000)).isEqualTo(1);
                }

                master.stop();
                await("the sentinel promotes the replica and the service follows").atMost(Duration.ofSeconds(40))
                        .until(() -> wechat.sendDev(WeChatClient.text("o_probe_" + System.nanoTime(), "随手拍"),
                                Mode.SAFE).content().contains("选择问题类别"));
                try (Jedis promoted = client(replicaPort, REDIS_PASSWORD)) {
                    assertThat(promoted.role().get(0)).isEqualTo("master");
                }
                assertThat(wechat.sendDev(WeChatClient.text(resident, "13"), Mode.SAFE).content())
                        .as("the draft begun before the failover goes on").contains("现场照片");
            }
        } finally {
            while (!running.isEmpty()) {
                Redis server = running.pop();
                if (server.isActive()) {
                    server.stop();
                }
            }
        }
    }

    private static RedisServerBuilder redis(int port) {
        return RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                .setting("requirepass " + REDIS_PASSWORD).setting("masterauth " + REDIS_PASSWORD);
    }

    private static void start(Redis server, Deque<Redis> running) throws IOException {
        server.start();
        running.push(server);
    }

    private static Jedis client(int port, String password) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().password(password)
                .timeoutMillis(2000).build());
    }
}
