package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Issue 13, item 9: a failed WeChat API call leaves no access token or openid in the log. */
@ExtendWith(OutputCaptureExtension.class)
class ApiCallLoggingIntegrationTest extends IntegrationTest {

    @Test
    void aFailedApiCallLogsNeitherTheAccessTokenNorTheOpenid(CapturedOutput output) {
        String openid = "o_logcheck_" + System.nanoTime();
        // The fake WeChat API does not know this media id: the download fails with errcode 40007.
        String reply = wechat().sendDev(WeChatClient.image(openid, "no-such-media", WeChatClient.nextMsgId(),
                WeChatClient.now()), Mode.SAFE).content();
        assertThat(reply).contains("照片");
        assertThat(output.getAll()).doesNotContain("access_token=").doesNotContain(openid);
    }
}
