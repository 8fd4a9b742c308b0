package cn.wenming.resident;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.conversation.ConversationStore;
import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Issue 13: anonymous pages create no Redis session (item 6), and a resident's "删除我的数据" on the
 * H5 pages does what unfollowing does and ends their H5 session (privacy).
 */
class ResidentPrivacyIntegrationTest extends IntegrationTest {

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private ConversationStore conversations;

    private int sessionKeys() {
        Set<String> keys = redis.keys("wenming:session:*");
        return keys == null ? 0 : keys.size();
    }

    @Test
    void anonymousPagesCreateNoSession() {
        Browser stranger = new Browser(port);
        // Warm up once, so whatever the first request of a context does is not counted.
        stranger.get("/h5/board");
        int before = sessionKeys();
        for (String page : new String[] {"/h5/board", "/api/ask?q=%E5%9E%83%E5%9C%BE%E5%88%86%E4%B8%BA%E5%87%A0%E7%B1%BB",
            "/open311/v2/services.json", "/console/login", "/console", "/console/admin/users", "/h5/report",
            "/h5/my-reports", "/h5/my-data", "/h5/quiz", "/h5/survey"}) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = new Browser(port).get(page);
                assertThat(response.statusCode()).as(page).isLessThan(500);
                assertThat(response.headers().allValues("Set-Cookie")).as(page)
                        .noneMatch(cookie -> cookie.startsWith("SESSION="));
            }
        }
        assertThat(sessionKeys()).as("Redis session keys after anonymous GETs").isEqualTo(before);

        // The login form still works: its CSRF token rides in a cookie, not a session.
        Browser admin = new Browser(port);
        assertThat(admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD).headers().firstValue("Location")
                .orElseThrow()).endsWith("/console");
        assertThat(sessionKeys()).as("signing in does create one").isGreaterThan(before);
    }

    @Test
    void deleteMyDataDetachesEverything() {
        String openid = "o_forget_" + System.nanoTime();
        WeChatClient chat = wechat();
        assertThat(chat.sendDev(WeChatClient.text(openid, "证书姓名 王小六"), Mode.SAFE).content()).contains("王小六");
        chat.sendDev(WeChatClient.text(openid, "问卷"), Mode.SAFE);
        assertThat(chat.sendDev(WeChatClient.text(openid, "1"), Mode.SAFE).content()).contains("第1/5题");
        assertThat(chat.sendDev(WeChatClient.text(openid, "1"), Mode.SAFE).content()).contains("第2/5题");
        chat.sendDev(WeChatClient.text(openid, "我要举报"), Mode.SAFE);
        String chatKey = conversations.key(TestAccounts.DEV_APPID, openid);
        assertThat(redis.hasKey(chatKey)).isTrue();

        Browser phone = new Browser(port);
        phone.devSignIn(openid);
        HttpResponse<String> reported = phone.postMultipart("/h5/report", Map.of("category", "litter",
                "description", "门口很多烟头", "address", "新城大道", "phone", "13812345678",
                "formToken", "t-" + System.nanoTime()));
        assertThat(reported.statusCode()).isEqualTo(302);
        assertThat(phone.get("/h5/my-reports").body()).contains("门口很多烟头", "删除我的数据");
        assertThat(count("SELECT count(*) FROM report WHERE reporter_openid = ?", openid)).isEqualTo(1);

        // The confirmation page says what goes and what stays, and nothing happens without the tick.
        HttpResponse<String> page = phone.get("/h5/my-data");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("会删除", "会保留，以及原因", "错题本", "责任单位需要继续处理");
        assertThat(phone.postForm("/h5/my-data", Map.of()).body()).contains("请先勾选确认");
        assertThat(phone.postFormWithoutToken("/h5/my-data", Map.of("confirm", "yes")).statusCode())
                .as("a forged cross-site post").isEqualTo(403);
        assertThat(count("SELECT count(*) FROM report WHERE reporter_openid = ?", openid)).isEqualTo(1);

        HttpResponse<String> deleted = phone.postForm("/h5/my-data", Map.of("confirm", "yes"));
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/h5/my-data/deleted");
        assertThat(phone.get("/h5/my-data/deleted").body()).contains("数据已删除");

        assertThat(count("SELECT count(*) FROM report WHERE reporter_openid = ?", openid)).as("reports detached")
                .isZero();
        assertThat(count("SELECT count(*) FROM report WHERE description = ? AND reporter_openid IS NULL"
                + " AND phone_encrypted IS NULL", "门口很多烟头")).as("the report itself stays").isPositive();
        assertThat(count("SELECT count(*) FROM quiz_resident WHERE openid = ?", openid)).as("quiz name").isZero();
        assertThat(count("SELECT count(*) FROM quiz_wrong_book WHERE openid = ?", openid)).as("错题本").isZero();
        assertThat(count("SELECT count(*) FROM quiz_round WHERE openid = ?", openid)).as("quiz rounds").isZero();
        assertThat(count("SELECT count(*) FROM survey_response WHERE openid = ? OR respondent_key = ?", openid, openid))
                .as("survey answers").isZero();
        assertThat(redis.hasKey(chatKey)).as("the chat state").isFalse();

        // The H5 session has ended: the resident is asked to sign in again.
        HttpResponse<String> after = phone.get("/h5/my-reports");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/h5/login");
    }

    private int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }
}
