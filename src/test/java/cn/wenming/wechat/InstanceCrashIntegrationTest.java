package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.ServiceInstance;
import cn.wenming.support.ServiceProcess;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import cn.wenming.support.WeChatClient.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Issue 14's fault test: two instances on one PostgreSQL and Redis, one of them a JVM of its own
 * that is killed (SIGKILL) in the middle of a "提交"; WeChat then redelivers the same message (same
 * MsgId and CreateTime) to the other. Whenever the kill lands (before, during or after the commit),
 * there is exactly one report and the redelivery is answered with its ticket.
 */
class InstanceCrashIntegrationTest {

    private static final Pattern TICKET = Pattern.compile("(WM\\d{10})-[A-Z]{4}");

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;

    @BeforeAll
    static void startServers() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        redisPort = ServiceInstance.freePort();
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
    }

    @AfterAll
    static void stopServers() throws IOException {
        redis.stop();
        postgres.close();
    }

    @Test
    void aSubmissionWhoseInstanceIsKilledIsFiledOnceAndTheRedeliveryGetsItsTicket() throws Exception {
        try (ServiceInstance survivor = ServiceInstance.start(ServiceInstance.sharing(postgres, redisPort))) {
            // Before the insert, around the commit, after the reply: each must end in one report.
            List<Long> killAfter = List.of(5L, 60L, 1500L);
            for (int trial = 0; trial < killAfter.size(); trial++) {
                long killAfterMillis = killAfter.get(trial);
                String openid = "o_killed_" + killAfterMillis + "_" + System.nanoTime();
                WeChatClient wechat = survivor.wechat();
                assertThat(wechat.sendDev(WeChatClient.text(openid, "小区门口路灯不亮了"), Mode.SAFE).content())
                        .contains("照片");
                wechat.sendDev(WeChatClient.text(openid, "跳过"), Mode.SAFE);
                assertThat(wechat.sendDev(WeChatClient.location(openid, 28.2462,
                        // 300 m apart: each trial is its own problem, not a "someone reported this nearby".
                        112.9318 + 0.003 * trial, "荷风路" + (trial + 1) + "号"), Mode.SAFE)
                        .content()).contains("回复“提交”确认");

                String submit = WeChatClient.text(openid, "提交", WeChatClient.nextMsgId(), WeChatClient.now());
                try (ServiceProcess doomed = ServiceProcess.start(ServiceInstance.sharing(postgres, redisPort))) {
                    CompletableFuture<Reply> cut = CompletableFuture.supplyAsync(
                            () -> doomed.wechat().sendDev(submit, Mode.SAFE));
                    Thread.sleep(killAfterMillis);
                    doomed.kill();
                    cut.handle((reply, error) -> reply).join();
                }
                // WeChat got no answer (or one it may not have read): it sends the same message again.
                Reply redelivered = wechat.sendDev(submit, Mode.SAFE);
                Matcher ticket = TICKET.matcher(redelivered.content());
                assertThat(ticket.find()).as("ticket in the redelivery's reply after a kill at %d ms: %s",
                        killAfterMillis, redelivered.content()).isTrue();
                assertThat(survivor.jdbc().sql("SELECT ticket_no FROM report WHERE reporter_openid = ?")
                        .param(openid).query(String.class).list()).containsExactly(ticket.group(1));
                // And "提交" sent once more by the resident gets the same ticket, not a second report.
                assertThat(wechat.sendDev(WeChatClient.text(openid, "提交"), Mode.SAFE).content())
                        .contains(ticket.group());
                assertThat(survivor.jdbc().sql("SELECT count(*) FROM report WHERE reporter_openid = ?")
                        .param(openid).query(Integer.class).single()).isEqualTo(1);
            }
        }
    }
}
