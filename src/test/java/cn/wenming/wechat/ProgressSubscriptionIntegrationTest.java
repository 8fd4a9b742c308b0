package cn.wenming.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.report.ResidentNotifier;
import cn.wenming.support.Browser;
import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Progress 订阅通知 (issue 18): the page confirming a report offers {@code wx-open-subscribe} with a signed
 * JS-SDK configuration; an accepted pop-up lets one notice outside the 48-hour window go as a
 * subscription notice in the template's own keys; the next falls back to the template message.
 */
class ProgressSubscriptionIntegrationTest extends IntegrationTest {

    private static final String TICKET = "WM2612050001-ABCD";

    @Autowired
    private ResidentNotifier notifier;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private OpenIdHasher hasher;

    @Test
    void anAcceptedSubscriptionCarriesOneNoticeOutsideTheWindow() {
        String openid = "o_subscribe_" + System.nanoTime();
        Browser phone = new Browser(port);
        phone.devSignIn(openid);

        String page = phone.get("/h5/my-reports?created=" + TICKET).body();
        assertThat(page).contains("<wx-open-subscribe").contains("template=\"" + TestAccounts.DEV_PROGRESS_SUBSCRIBE_TEMPLATE
                + "\"").contains("openTagList: ['wx-open-subscribe']").contains("\"" + TestAccounts.DEV_APPID + "\"")
                .containsPattern("signature: \"[0-9a-f]{40}\"");
        assertThat(FAKE_WECHAT.reach.jsapiTickets()).isLessThanOrEqualTo(1);
        // Only the page confirming a new report offers it.
        assertThat(phone.get("/h5/my-reports").body()).doesNotContain("<wx-open-subscribe");

        wechat().sendDev(popup(openid, TestAccounts.DEV_PROGRESS_SUBSCRIBE_TEMPLATE, "accept")
                .replace("</SubscribeMsgPopupEvent>", "<List><TemplateId><![CDATA[OTHER]]></TemplateId>"
                        + "<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene>"
                        + "</List></SubscribeMsgPopupEvent>"), Mode.SAFE);
        // 48 hours later: the resident has not written since.
        redis.delete("wenming:wx:active:" + TestAccounts.DEV_APPID + ":" + hasher.hash(openid));
        ResidentNotifier.Notice notice = new ResidentNotifier.Notice("您的举报已受理", TICKET, "已受理",
                "已交书香社区居委会处理", "http://127.0.0.1:8080/h5/my-reports");

        assertThat(notifier.notify(TestAccounts.DEV_APPID, openid, notice)).isTrue();
        List<FakeWeChatServer.Call> sent = FAKE_WECHAT.reach.subscriptionNotices();
        assertThat(sent).hasSize(1);
        JsonObject body = sent.get(0).body();
        assertThat(body.get("touser").getAsString()).isEqualTo(openid);
        assertThat(body.get("template_id").getAsString()).isEqualTo(TestAccounts.DEV_PROGRESS_SUBSCRIBE_TEMPLATE);
        assertThat(body.getAsJsonObject("data").getAsJsonObject(TestAccounts.SUBSCRIBE_TICKET_KEY).get("value")
                .getAsString()).isEqualTo(TICKET);
        assertThat(FAKE_WECHAT.templateMessages()).isEmpty();

        // The acceptance is used up: the next notice is a template message.
        assertThat(notifier.notify(TestAccounts.DEV_APPID, openid, notice)).isTrue();
        assertThat(FAKE_WECHAT.reach.subscriptionNotices()).hasSize(1);
        assertThat(FAKE_WECHAT.templateMessages()).hasSize(1);

        // A rejection records nothing.
        wechat().sendDev(popup(openid, TestAccounts.DEV_PROGRESS_SUBSCRIBE_TEMPLATE, "reject"), Mode.SAFE);
        assertThat(jdbc.sql("SELECT count(*) FROM wechat_progress_subscription WHERE openid = ?").params(openid)
                .query(Integer.class).single()).isZero();
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }

    private static String popup(String openid, String templateId, String status) {
        return "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName>" + WeChatClient.cdata(openid)
                + "</FromUserName><CreateTime>" + WeChatClient.now() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId>"
                + WeChatClient.cdata(templateId) + "</TemplateId><SubscribeStatusString>" + WeChatClient.cdata(status)
                + "</SubscribeStatusString><PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent></xml>";
    }
}
