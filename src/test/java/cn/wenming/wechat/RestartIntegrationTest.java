package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.CrashingPostgresProcess;
import cn.wenming.support.ServiceInstance;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The default run keeps its PostgreSQL data under wenming.data-dir across a restart, also after a
 * crash that left the embedded postmaster running.
 */
class RestartIntegrationTest {

    @Test
    void theEmbeddedDatabaseAndHalfWrittenReportsSurviveARestart() {
        String dataDir = "wenming.data-dir=target/test-data/restart-" + UUID.randomUUID();
        String openid = "o_restart_" + System.nanoTime();
        try (ServiceInstance first = ServiceInstance.start(dataDir)) {
            assertThat(first.wechat().sendDev(WeChatClient.event(openid, "subscribe", null), Mode.SAFE).status())
                    .isEqualTo(200);
            first.wechat().sendDev(WeChatClient.text(openid, "随手拍"), Mode.SAFE);
            assertThat(first.wechat().sendDev(WeChatClient.text(openid, "13"), Mode.SAFE).content()).contains("跳过");
        }
        try (ServiceInstance second = ServiceInstance.start(dataDir)) {
            assertThat(second.jdbc().sql("SELECT subscribed FROM wechat_follower WHERE app_id = ? AND openid = ?")
                    .params(TestAccounts.DEV_APPID, openid).query(Boolean.class).single()).isTrue();
            // The draft (category chosen, photo step next) is still there in the embedded Redis.
            assertThat(second.wechat().sendDev(WeChatClient.text(openid, "跳过"), Mode.SAFE).content())
                    .contains("请发送位置");
        }
    }

    @Test
    void aPostmasterOrphanedByACrashIsStoppedAndTheDataKeptWhileAPeerIsConnected() throws Exception {
        Path dataDir = Path.of("target/test-data/crash-" + UUID.randomUUID());
        // What a JVM killed with kill -9 leaves behind: a running postmaster on our data dir.
        CrashingPostgresProcess.crashOn(dataDir.resolve("postgres"), Path.of("target/test-data/postgres-binaries"));
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        long orphanPid = Long.parseLong(pidFile.get(0).strip());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        // Another instance still connected to it: a "smart" shutdown would wait for it for ever.
        try (Connection peer = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pidFile.get(3).strip()
                + "/postgres", "postgres", "");
                ServiceInstance restarted = ServiceInstance.start("wenming.data-dir=" + dataDir)) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(peer.isValid(2)).isFalse();
            assertThat(restarted.jdbc().sql("SELECT count(*) FROM crash.left_by_crash").query(Long.class).single())
                    .isZero();
        }
    }
}
