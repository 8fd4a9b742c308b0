package cn.wenming.support;

import com.microsoft.playwright.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the browser tests: the whole service, and one real Chromium for the test class. */
public abstract class ChromiumTest extends IntegrationTest {

    private static Chromium.Session session;
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
}
