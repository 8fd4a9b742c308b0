package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import cn.wenming.ask.AskService;
import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** A handler slower than the budget: WeChat gets "success" at once, the resident gets the answer later. */
@TestPropertySource(properties = {"wechat.reply-budget=300ms", "wechat.late-replies-interval=1s"})
class ReplyBudgetIntegrationTest extends IntegrationTest {

    private static final String SLOW_QUESTION = "垃圾分为哪几类";

    @MockitoSpyBean
    private AskService ask;

    @Autowired
    private StringRedisTemplate redis;

    @Test
    void aSlowAnswerIsSentThroughTheCustomerServiceApi() throws Exception {
        doAnswer(invocation -> {
            Thread.sleep(1_200);
            return invocation.callRealMethod();
        }).when(ask).ask(eq(SLOW_QUESTION), any());
        String openid = "o_slow_" + System.nanoTime();
        String xml = WeChatClient.text(openid, SLOW_QUESTION);

        long started = System.nanoTime();
        WeChatClient.Reply reply = wechat().sendDev(xml, Mode.SAFE);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("success");
        assertThat(tookMillis).as("answered within the budget, not after the handler").isLessThan(1_200);
        List<FakeWeChatServer.Call> sent = FAKE_WECHAT.awaitCustomerMessages(1, Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        FakeWeChatServer.Call call = sent.get(0);
        assertThat(call.appId()).isEqualTo(TestAccounts.DEV_APPID);
        assertThat(call.body().get("touser").getAsString()).isEqualTo(openid);
        assertThat(call.body().get("msgtype").getAsString()).isEqualTo("text");
        assertThat(call.body().getAsJsonObject("text").get("content").getAsString()).contains("可回收物", "厨余垃圾");
        assertThat(FAKE_WECHAT.problems()).isEmpty();
        // The token is shared by every instance through Redis, not kept per JVM.
        assertThat(redis.opsForValue().get("wenming:wx:access_token:" + TestAccounts.DEV_APPID)).startsWith("TOKEN_");

        // WeChat's redelivery after "success" must not trigger a second answer.
        assertThat(wechat().sendDev(xml, Mode.SAFE).body()).isEqualTo("success");
        Thread.sleep(1_500);
        assertThat(FAKE_WECHAT.customerMessages()).hasSize(1);
    }

    @Test
    void aLateAnswerWeChatRefusesIsRetriedFromTheOutboxUntilItIsTaken() throws Exception {
        doAnswer(invocation -> {
            Thread.sleep(600);
            return invocation.callRealMethod();
        }).when(ask).ask(eq(SLOW_QUESTION), any());
        // More refusals than WxJava's own single retry: only the outbox's later tries get it through.
        FAKE_WECHAT.refuseNextSends(3);
        String openid = "o_slow_refused_" + System.nanoTime();

        assertThat(wechat().sendDev(WeChatClient.text(openid, SLOW_QUESTION), Mode.SAFE).body()).isEqualTo("success");

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<FakeWeChatServer.Call> sent = List.of();
        while (sent.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            sent = FAKE_WECHAT.customerMessages().stream()
                    .filter(call -> call.body().get("touser").getAsString().equals(openid)).toList();
        }
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).body().getAsJsonObject("text").get("content").getAsString()).contains("可回收物");
        // Sent, so gone from the outbox (it held the openid only to send it).
        Thread.sleep(300);
        assertThat(jdbc.sql("SELECT count(*) FROM wechat_late_reply WHERE openid = ?").param(openid)
                .query(Integer.class).single()).isZero();
    }
}
