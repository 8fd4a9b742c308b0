package cn.wenming.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.StaffFromAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Issue 13, item 5: a change to a staff account (disabled, demoted, new password) ends its open
 * sessions at once, and the first admin must replace the configured password before using the console.
 * Item 6: login throttling slows the guesser without locking the admin out.
 */
class StaffSessionIntegrationTest extends IntegrationTest {

    @Autowired
    private StaffRepository staff;

    @Autowired
    private PasswordEncoder passwords;

    @Autowired
    private Environment environment;

    private Browser admin() {
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        return admin;
    }

    private static String name(String prefix) {
        return prefix + System.nanoTime() % 1_000_000;
    }

    private void create(Browser admin, String username, String role, String password) {
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "测试", "role", role, "password", password));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/admin/users").body()).contains("已创建账号 " + username);
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    @Test
    void aDisabledAccountIsSignedOutAtOnce() {
        Browser admin = admin();
        String username = name("disp");
        create(admin, username, "DISPATCHER", "dispatch-pass-1");
        Browser dispatcher = new Browser(port);
        dispatcher.staffSignIn(username, "dispatch-pass-1");
        assertThat(dispatcher.get("/console/reports").statusCode()).isEqualTo(200);

        admin.postForm("/console/admin/users/enabled", Map.of("username", username, "enabled", "false"));

        HttpResponse<String> next = dispatcher.get("/console/reports");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(location(next)).endsWith("/console/login?expired");
        assertThat(dispatcher.get("/console").statusCode()).as("the session is gone, not only refused once")
                .isEqualTo(302);
        assertThat(location(dispatcher.staffSignIn(username, "dispatch-pass-1"))).endsWith("/console/login?error");
        assertThat(admin.get("/console/admin/audit?objectId=" + username).body()).contains("停用账号");

        // Enabled again, the account signs in afresh; the admin's own session never noticed.
        admin.postForm("/console/admin/users/enabled", Map.of("username", username, "enabled", "true"));
        assertThat(location(dispatcher.staffSignIn(username, "dispatch-pass-1"))).endsWith("/console");
        assertThat(admin.get("/console/admin/users").statusCode()).isEqualTo(200);
    }

    @Test
    void aDemotedAccountLosesItsRightsAtOnce() {
        Browser admin = admin();
        String username = name("boss");
        create(admin, username, "ADMIN", "second-admin-1");
        Browser other = new Browser(port);
        other.staffSignIn(username, "second-admin-1");
        assertThat(other.get("/console/admin/users").statusCode()).isEqualTo(200);

        HttpResponse<String> demoted = admin.postForm("/console/admin/users/role",
                Map.of("username", username, "role", "HANDLER", "unitName", "荷风社区居委会"));
        assertThat(location(demoted)).endsWith("/console/admin/users");
        assertThat(admin.get("/console/admin/users").body()).contains("其登录已退出");

        HttpResponse<String> refused = other.get("/console/admin/users");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(location(refused)).endsWith("/console/login?expired");
        other.staffSignIn(username, "second-admin-1");
        assertThat(other.get("/console/admin/users").statusCode()).isEqualTo(403);
        assertThat(other.get("/console").body()).contains("荷风社区居委会");
        assertThat(admin.get("/console/admin/audit?objectId=" + username).body())
                .contains("修改角色", "管理员", "责任单位 · 荷风社区居委会");

        // A handler without a unit, or an admin changing their own role, is refused.
        admin.postForm("/console/admin/users/role", Map.of("username", username, "role", "HANDLER", "unitName", " "));
        assertThat(admin.get("/console/admin/users").body()).contains("须填写所属单位");
        admin.postForm("/console/admin/users/role", Map.of("username", Browser.DEV_ADMIN, "role", "EDITOR"));
        assertThat(admin.get("/console/admin/users").body()).contains("不能修改自己的角色");
        assertThat(admin.get("/console/admin/users").statusCode()).isEqualTo(200);
        // Only an admin changes roles.
        assertThat(other.postForm("/console/admin/users/role", Map.of("username", username, "role", "ADMIN"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsButNotThisOne() {
        Browser admin = admin();
        String username = name("edit");
        create(admin, username, "EDITOR", "editor-pass-1");
        Browser laptop = new Browser(port);
        laptop.staffSignIn(username, "editor-pass-1");
        Browser phone = new Browser(port);
        phone.staffSignIn(username, "editor-pass-1");

        assertThat(location(phone.changeStaffPassword("wrong-pass-1", "editor-pass-2"))).endsWith("/console/password");
        assertThat(phone.get("/console/password").body()).contains("当前密码不对");
        assertThat(location(phone.changeStaffPassword("editor-pass-1", "aaaaaaaaaa"))).endsWith("/console/password");
        assertThat(phone.get("/console/password").body()).contains("太容易猜到");

        assertThat(location(phone.changeStaffPassword("editor-pass-1", "editor-pass-2"))).endsWith("/console");
        assertThat(phone.get("/console").body()).contains("密码已修改");
        assertThat(phone.get("/console/knowledge").statusCode()).isEqualTo(200);
        assertThat(location(laptop.get("/console/knowledge"))).endsWith("/console/login?expired");
        assertThat(location(laptop.staffSignIn(username, "editor-pass-1"))).endsWith("/console/login?error");
        assertThat(location(laptop.staffSignIn(username, "editor-pass-2"))).endsWith("/console");
        assertThat(admin.get("/console/admin/audit?objectId=" + username).body()).contains("修改密码");
    }

    @Test
    void theFirstAdminMustChangeThePassword() {
        // What the prod profile does on the first start, whatever the variable says.
        String username = name("first");
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        new InitialAdmin(staff, passwords, username, "first-admin-pass-1", false, prod).createFirstAdmin();
        Browser first = new Browser(port);
        HttpResponse<String> login = first.staffSignIn(username, "first-admin-pass-1");
        assertThat(location(login)).endsWith("/console/password");
        for (String page : new String[] {"/console", "/console/admin/users", "/console/reports", "/actuator/metrics"}) {
            HttpResponse<String> response = first.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(location(response)).as(page).endsWith("/console/password");
        }
        assertThat(first.get("/console/password").body()).contains("首次登录须先设置您自己的密码");
        assertThat(first.postForm("/console/admin/users", Map.of("username", name("sneak"), "displayName", "x",
                "role", "ADMIN", "password", "sneaky-pass-1")).statusCode()).isEqualTo(302);
        assertThat(staff.all().stream().filter(s -> s.username().startsWith("sneak"))).isEmpty();

        assertThat(location(first.changeStaffPassword("first-admin-pass-1", "first-admin-pass-1")))
                .endsWith("/console/password");
        assertThat(location(first.changeStaffPassword("first-admin-pass-1", "chosen-by-me-7"))).endsWith("/console");
        assertThat(first.get("/console/admin/users").statusCode()).isEqualTo(200);
        assertThat(location(new Browser(port).staffSignIn(username, "chosen-by-me-7"))).endsWith("/console");

        // The default run's dev admin keeps its documented password (config/application.yml).
        assertThat(environment.getProperty("wenming.console.initial-admin.must-change-password")).isEqualTo("false");
    }

    @Test
    void aStrangerCannotLockTheAdminOut() {
        Browser admin = admin();
        String username = name("target");
        create(admin, username, "ADMIN", "target-pass-1");

        StaffFromAddress stranger = new StaffFromAddress(port, "127.0.0.7");
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(stranger.signIn(username, "guess-" + i).location()).endsWith("/console/login?error");
        }
        assertThat(stranger.signIn(username, "guess-last").location())
                .endsWith("/console/login?error&locked=" + LoginThrottle.FIRST_DELAY.toSeconds());
        // Even the right password waits out the delay, and the page says how long.
        StaffFromAddress.Response waiting = stranger.signIn(username, "target-pass-1");
        assertThat(waiting.location()).matches(".*/console/login\\?locked=\\d+");
        assertThat(waiting.retryAfter()).matches("\\d+");
        assertThat(stranger.get(waiting.location().replaceFirst("^https?://[^/]+", "")).body())
                .containsPattern("请\\d+秒后再试");
        assertThat(stranger.get("/console").status()).isEqualTo(302);

        // The real admin, from their own address, signs in at once.
        StaffFromAddress real = new StaffFromAddress(port, "127.0.0.8");
        assertThat(real.signIn(username, "target-pass-1").location()).endsWith("/console");
        assertThat(real.get("/console/admin/users").status()).isEqualTo(200);

        // The delay grows with every further failure, up to a ceiling: never a hard lock.
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_FAILURES + 1, LoginThrottle.FREE_FAILURES))
                .isEqualTo(LoginThrottle.FIRST_DELAY.multipliedBy(2));
        assertThat(LoginThrottle.delay(1_000, LoginThrottle.FREE_FAILURES)).isEqualTo(LoginThrottle.MAX_DELAY);
    }
}
