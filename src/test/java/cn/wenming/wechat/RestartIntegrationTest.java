package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.ServiceInstance;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The default run keeps its PostgreSQL data under wenming.data-dir across a restart. */
class RestartIntegrationTest {

    @Test
    void theEmbeddedDatabaseSurvivesARestart() {
        String dataDir = "wenming.data-dir=target/test-data/restart-" + UUID.randomUUID();
        String openid = "o_restart_" + System.nanoTime();
        try (ServiceInstance first = ServiceInstance.start(dataDir)) {
            assertThat(first.wechat().sendDev(WeChatClient.event(openid, "subscribe", null), Mode.SAFE).status())
                    .isEqualTo(200);
        }
        try (ServiceInstance second = ServiceInstance.start(dataDir)) {
            assertThat(second.jdbc().sql("SELECT subscribed FROM wechat_follower WHERE app_id = ? AND openid = ?")
                    .params(TestAccounts.DEV_APPID, openid).query(Boolean.class).single()).isTrue();
        }
    }
}
