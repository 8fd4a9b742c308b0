package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.knowledge.QuestionLog;
import cn.wenming.support.ServiceInstance;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import cn.wenming.support.WeChatClient.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Instances behind a load balancer share Redis and PostgreSQL: a redelivery that lands on the other
 * instance is still a duplicate. When Redis goes away, residents keep getting answers.
 */
class SharedStateIntegrationTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void twoInstancesSharingRedisDeduplicateEachOther() throws IOException {
        int redisPort = ServiceInstance.freePort();
        RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
        try (ServiceInstance a = ServiceInstance.start(ServiceInstance.sharing(postgres, redisPort));
                ServiceInstance b = ServiceInstance.start(ServiceInstance.sharing(postgres, redisPort))) {
            String question = "明天会下雨吗" + System.nanoTime();
            String xml = WeChatClient.text("o_lb", question);
            Reply first = a.wechat().sendDev(xml, Mode.SAFE);
            Reply redelivered = b.wechat().sendDev(xml, Mode.SAFE);
            assertThat(first.content()).isNotBlank();
            assertThat(redelivered.content()).isEqualTo(first.content());

            String concurrentQuestion = "今晚吃什么好" + System.nanoTime();
            String concurrent = WeChatClient.text("o_lb", concurrentQuestion);
            List<Reply> replies = List.of(a, b, a, b).stream()
                    .map(instance -> CompletableFuture.supplyAsync(() -> instance.wechat().sendDev(concurrent, Mode.SAFE)))
                    .toList().stream().map(CompletableFuture::join).toList();
            assertThat(replies).extracting(Reply::content).containsOnly(replies.get(0).content());

            assertThat(logged(a, question)).isEqualTo(1);
            assertThat(logged(b, concurrentQuestion)).isEqualTo(1);

            // A 随手拍 begun on one instance goes on on the other: the draft lives in Redis.
            String reporter = "o_lb_report_" + System.nanoTime();
            assertThat(a.wechat().sendDev(WeChatClient.text(reporter, "随手拍"), Mode.SAFE).content())
                    .contains("选择问题类别");
            assertThat(b.wechat().sendDev(WeChatClient.text(reporter, "13"), Mode.SAFE).content())
                    .contains("现场照片");
        } finally {
            redis.stop();
        }
    }

    @Test
    void withRedisStoppedAnswersAreStillServedAndDeduplicatedLocally() throws IOException {
        int redisPort = ServiceInstance.freePort();
        RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
        try (ServiceInstance instance = ServiceInstance.start(ServiceInstance.sharing(postgres, redisPort))) {
            assertThat(instance.wechat().sendDev(WeChatClient.text("o_r", "垃圾分为哪几类"), Mode.SAFE).content())
                    .contains("可回收物");
            redis.stop();

            Reply quiz = instance.wechat().sendDev(WeChatClient.text("o_r", "答题"), Mode.SAFE);
            assertThat(quiz.status()).isEqualTo(200);
            assertThat(quiz.content()).isEqualTo("答题暂不可用，请稍后再试。");
            // Without the chat's memory a flow command is not guessed at: it says 随手拍 cannot be used now.
            assertThat(instance.wechat().sendDev(WeChatClient.text("o_r", "我要举报"), Mode.SAFE).content())
                    .contains("随手拍暂时用不了");
            assertThat(instance.wechat().sendDev(WeChatClient.text("o_r", "提交"), Mode.SAFE).content())
                    .contains("随手拍、答题和问卷暂时用不了").doesNotContain("您是不是想问");

            Reply answered = instance.wechat().sendDev(WeChatClient.text("o_r", "核心价值观个人层面是什么"), Mode.SAFE);
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.content()).contains("爱国", "敬业", "诚信", "友善");

            String question = "股票怎么买" + System.nanoTime();
            String xml = WeChatClient.text("o_r", question);
            Reply first = instance.wechat().sendDev(xml, Mode.SAFE);
            Reply again = instance.wechat().sendDev(xml, Mode.SAFE);
            assertThat(again.content()).isEqualTo(first.content());
            assertThat(logged(instance, question)).isEqualTo(1);
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    private static long logged(ServiceInstance instance, String question) {
        instance.bean(QuestionLog.class).flush();
        return instance.jdbc().sql("SELECT count(*) FROM knowledge_question_log WHERE question = ?")
                .param(question).query(Long.class).single();
    }
}
