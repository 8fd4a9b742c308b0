package cn.wenming.support;

import cn.wenming.console.StaffRole;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import com.microsoft.playwright.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the browser tests: the whole service, and one real Chromium for the test class. */
public abstract class ChromiumTest extends IntegrationTest {

    private static Chromium.Session session;
    @Autowired
    private PasswordEncoder passwords;
    protected static Browser chromium;

    @BeforeAll
    static void launchChromium() {
        session = Chromium.launch();
        chromium = session.browser();
    }

    @AfterAll
    static void closeChromium() {
        if (session != null) {
            session.close();
        }
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A console account whose password is {@code <username>-password}; an existing one is kept. */
    protected void staffAccount(String username, String displayName, StaffRole role, String unit) {
        jdbc.sql("INSERT INTO console_user (username, password_hash, display_name, role, unit_name)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")
                .params(username, passwords.encode(username + "-password"), displayName, role.name(), unit).update();
    }

    /** Signs in on the console's login page, as a person would; the page is on the console home. */
    protected Page signIn(BrowserContext context, String username) {
        Page page = context.newPage();
        page.navigate(url("/console/login"));
        page.getByLabel("用户名").fill(username);
        page.getByLabel("密码").fill(username + "-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
        page.waitForURL(url("/console"));
        return page;
    }
}
