package cn.wenming.resident;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 13, item 9: the OAuth {@code state} is good for one callback only. */
class OAuthStateIntegrationTest extends IntegrationTest {

    @Test
    void theOAuthStateCannotBeReused() {
        Browser browser = new Browser(port);
        String page = browser.get("/h5/login?next=/h5/my-reports&account=" + TestAccounts.DEV_APPID).body();
        Matcher state = Pattern.compile("state=([^&\"#]+)").matcher(page);
        assertThat(state.find()).isTrue();
        String value = URLDecoder.decode(state.group(1), StandardCharsets.UTF_8);
        String openid = "o_state_" + System.nanoTime();
        FAKE_WECHAT.oauthCode("code-" + openid, openid);
        assertThat(browser.get("/h5/oauth/callback?code=code-" + openid + "&state=" + value).statusCode())
                .isEqualTo(302);
        // WeChat codes are single-use (the fake server too), so the reuse is tried with a fresh code, as
        // someone who captured the state would: it must not sign this browser in as another resident.
        String other = "o_state_other_" + System.nanoTime();
        FAKE_WECHAT.oauthCode("code-" + other, other);
        assertThat(browser.get("/h5/oauth/callback?code=code-" + other + "&state=" + value).statusCode())
                .as("the same state with another code").isEqualTo(403);
    }

    @Test
    void aCodeThatWouldAddParametersToTheExchangeIsRefusedBeforeWeChatIsAsked() {
        Browser browser = new Browser(port);
        String page = browser.get("/h5/login?next=/h5/my-reports&account=" + TestAccounts.DEV_APPID).body();
        Matcher state = Pattern.compile("state=([^&\"#]+)").matcher(page);
        assertThat(state.find()).isTrue();
        String value = URLDecoder.decode(state.group(1), StandardCharsets.UTF_8);
        FAKE_WECHAT.reset();
        // "x&grant_type=client_credential", encoded, as a forged callback would carry it.
        assertThat(browser.get("/h5/oauth/callback?code=x%26grant_type%3Dclient_credential&state=" + value)
                .statusCode()).isEqualTo(403);
        assertThat(FAKE_WECHAT.problems()).isEmpty();
        assertThat(FAKE_WECHAT.oauthExchanges()).isZero();
    }
}
