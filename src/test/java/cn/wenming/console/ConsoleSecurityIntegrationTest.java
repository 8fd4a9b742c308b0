package cn.wenming.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.StaffFromAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The console's doors: login required everywhere, roles per area, CSRF, throttled guessing, the first admin. */
class ConsoleSecurityIntegrationTest extends IntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/console", "/console/reports", "/console/dashboard", "/console/knowledge",
        "/console/admin/users", "/console/admin/audit", "/console/exports/reports.xlsx", "/actuator/metrics"})
    void everyConsoleRouteSendsAStrangerToTheLoginPage(String path) {
        HttpResponse<String> response = new Browser(port).get(path);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
    }

    @Test
    void theFirstAdminFromConfigSignsInAndSeesTheAdminPages() {
        Browser admin = new Browser(port);
        HttpResponse<String> login = admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/console");
        assertThat(admin.get("/console").body()).contains("管理员", "账号管理", "操作日志");
        assertThat(admin.get("/console/admin/users").body()).contains("admin");
        assertThat(admin.get("/console/admin/units").body()).contains("书香社区居委会", "明湖区交警大队", "路灯不亮",
                "2个工作日", "市创城办");
        assertThat(jdbc.sql("SELECT password_hash FROM console_user WHERE username = 'admin'").query(String.class)
                .single()).startsWith("{bcrypt}").doesNotContain(Browser.DEV_ADMIN_PASSWORD);
    }

    @Test
    void weakStaffPasswordsAreRefused() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        String username = "weak" + System.nanoTime() % 100000;
        for (String[] weak : new String[][] {{"aaaaaaaaaa", "太容易猜到"}, {"1234567890", "太容易猜到"},
                {"abcdefghijk", "至少两种"}, {username + "-1x", "不能包含用户名"}, {"short-1", "至少10位"}}) {
            HttpResponse<String> refused = admin.postForm("/console/admin/users", Map.of("username", username,
                    "displayName", "弱密码", "role", "EDITOR", "password", weak[0]));
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(admin.get("/console/admin/users").body()).as(weak[0]).contains(weak[1]);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM console_user WHERE username = ?").param(username)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void accountsAreCreatedByAnAdminAuditedAndLimitedToTheirRole() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        String username = "handler" + System.nanoTime() % 100000;
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "张三", "role", "HANDLER", "unitName", "荷风社区居委会", "password", "handler-pass-1"));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/admin/audit?objectId=" + username).body()).contains("创建账号", "荷风社区居委会");

        Browser handler = new Browser(port);
        handler.staffSignIn(username, "handler-pass-1");
        assertThat(handler.get("/console").body()).contains("张三", "荷风社区居委会");
        assertThat(handler.get("/console/admin/users").statusCode()).isEqualTo(403);
        assertThat(handler.get("/console/admin/units").statusCode()).isEqualTo(403);
        assertThat(handler.get("/console/knowledge").statusCode()).isEqualTo(403);
        assertThat(handler.get("/actuator/metrics").statusCode()).isEqualTo(403);
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        HttpResponse<String> forged = admin.postFormWithoutToken("/console/admin/users", Map.of("username", "mallory",
                "displayName", "x", "role", "ADMIN", "password", "mallory-pass-1"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM console_user WHERE username = 'mallory'").query(Long.class).single())
                .isZero();
        Browser resident = new Browser(port);
        assertThat(resident.postFormWithoutToken("/h5/dev-login", Map.of("openid", "o_forged", "account", "x",
                "next", "/h5/my-reports")).statusCode()).isEqualTo(403);
    }

    @Test
    void guessingIsThrottledEvenWhenTheRightPasswordFinallyComes() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        String username = "victim" + System.nanoTime() % 100000;
        admin.postForm("/console/admin/users", Map.of("username", username, "displayName", "李四", "role",
                "DISPATCHER", "password", "victim-pass-1"));

        // From an address of its own, so no other test's failures count against it.
        StaffFromAddress attacker = new StaffFromAddress(port, "127.0.0.5");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(attacker.signIn(username, "wrong-" + i).location()).contains("/console/login?error");
        }
        StaffFromAddress.Response locked = attacker.signIn(username, "victim-pass-1");
        assertThat(locked.location()).containsPattern("/console/login\\?locked=\\d+$");
        assertThat(attacker.get("/console/login?locked=15").body()).contains("尝试次数过多", "请15秒后再试");
        assertThat(attacker.get("/console").status()).isEqualTo(302);
    }
}
