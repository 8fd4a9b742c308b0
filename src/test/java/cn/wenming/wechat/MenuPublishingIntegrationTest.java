package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

class MenuPublishingIntegrationTest extends IntegrationTest {

    @Value("${wenming.ops.token}")
    private String opsToken;

    @Test
    void theConfiguredMenuIsPublishedOnlyWithTheOpsToken() throws Exception {
        assertThat(publish(TestAccounts.DEV_APPID, null).statusCode()).isEqualTo(401);
        assertThat(publish(TestAccounts.DEV_APPID, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(FAKE_WECHAT.menus()).isEmpty();
        assertThat(publish("wxunknown000000000", "Bearer " + opsToken).statusCode()).isEqualTo(404);

        HttpResponse<String> published = publish(TestAccounts.DEV_APPID, "Bearer " + opsToken);
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(FAKE_WECHAT.menus()).hasSize(1);
        assertThat(FAKE_WECHAT.menus().get(0).appId()).isEqualTo(TestAccounts.DEV_APPID);
        assertThat(FAKE_WECHAT.menus().get(0).body())
                .isEqualTo(JsonParser.parseString(Files.readString(Path.of("config/menu.json"))
                        .replace("{{public-base-url}}", "http://127.0.0.1:8080")
                        .replace("{{appid}}", TestAccounts.DEV_APPID)));
        assertThat(FAKE_WECHAT.menus().get(0).body().toString()).doesNotContain("{{")
                .contains("http://127.0.0.1:8080/h5/report?account=" + TestAccounts.DEV_APPID);
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }

    private HttpResponse<String> publish(String appId, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/ops/wechat/" + appId + "/menu"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
