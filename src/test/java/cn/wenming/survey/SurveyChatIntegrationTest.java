package cn.wenming.survey;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import org.junit.jupiter.api.Test;

/** The shipped short survey answered with numbers through the real gateway. */
class SurveyChatIntegrationTest extends IntegrationTest {

    private String say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE).content();
    }

    @Test
    void theShortSurveyIsCompletedInTheChatAndResumesAfterLeaving() {
        String openid = "o_survey_chat_" + System.nanoTime();
        String list = say(openid, "问卷");
        assertThat(list).contains("1. 《创文快速调查》5题", "/h5/survey/civic-satisfaction");
        String first = say(openid, "1");
        assertThat(first).contains("第1/5题", "您知道我市正在创建全国文明城市吗", "1. 知道");
        assertThat(say(openid, "7")).contains("请回复选项前的数字", "第1/5题");
        assertThat(say(openid, "1")).contains("第2/5题");
        assertThat(say(openid, "退出")).contains("已答的题会保留");
        // Back later: it goes on at question 2.
        say(openid, "问卷");
        assertThat(say(openid, "1")).contains("第2/5题");
        say(openid, "1");
        say(openid, "1");
        assertThat(say(openid, "2")).contains("第5/5题");
        assertThat(say(openid, "1")).contains("问卷已完成");
        var row = jdbc.sql("SELECT status, openid, channel FROM survey_response WHERE survey_id = 'quick-pulse'"
                + " AND respondent_key = ?").param(openid).query().singleRow();
        assertThat(row).containsEntry("status", "complete").containsEntry("openid", openid)
                .containsEntry("channel", "wechat");
        assertThat(jdbc.sql("SELECT count(*) FROM survey_answer a JOIN survey_response r ON r.id = a.response_id"
                + " WHERE r.respondent_key = ?").param(openid).query(Integer.class).single()).isEqualTo(5);
        // Done is done: a second attempt does not make a second response.
        say(openid, "问卷");
        assertThat(say(openid, "1")).contains("已完成");
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE respondent_key = ?").param(openid)
                .query(Integer.class).single()).isEqualTo(1);
        // Numbers mean something else again once the survey is done.
        assertThat(say(openid, "垃圾分为哪几类")).contains("可回收物");
    }
}
