package cn.wenming.survey;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Editing a survey in the console makes a new version; answers keep the version they answered. */
@TestPropertySource(properties = "wenming.survey.dir=src/test/resources/surveys")
class SurveyDefinitionEditIntegrationTest extends IntegrationTest {

    @Autowired
    private SurveyCatalog catalog;

    @Autowired
    private SurveyService surveys;

    @Test
    void anEditIsANewVersionAndAnInvalidOneIsRefusedWithReasons() {
        String openid = "o_version_" + System.nanoTime();
        SurveyService.Respondent who = new SurveyService.Respondent(TestAccounts.DEV_APPID, openid, "h5");
        int before = catalog.find("tiny").orElseThrow().version();
        surveys.begin("tiny", who);

        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        String page = admin.get("/console/knowledge/surveys/tiny").body();
        assertThat(page).contains("测试问卷", "第" + before + "版");
        String text = catalog.text("tiny").orElseThrow();

        admin.postForm("/console/knowledge/surveys/tiny", Map.of("text", text.replace("id: tiny", "id: other")));
        assertThat(admin.get("/console/knowledge/surveys/tiny").body()).contains("没有保存", "问卷编号不能修改");
        assertThat(catalog.find("tiny").orElseThrow().version()).isEqualTo(before);

        admin.postForm("/console/knowledge/surveys/tiny", Map.of("text", text.replace("您满意吗？", "您对社区满意吗？")));
        SurveyDefinition after = catalog.find("tiny").orElseThrow();
        assertThat(after.version()).isEqualTo(before + 1);
        assertThat(after.question("Q1").orElseThrow().text()).isEqualTo("您对社区满意吗？");
        // The response begun before the edit keeps its version.
        assertThat(jdbc.sql("SELECT version FROM survey_response WHERE survey_id = 'tiny' AND respondent_key LIKE 'anon:%'"
                + " ORDER BY id DESC LIMIT 1").query(Integer.class).single()).isEqualTo(before);
        assertThat(catalog.version("tiny", before).orElseThrow().question("Q1").orElseThrow().text()).isEqualTo("您满意吗？");
        assertThat(jdbc.sql("SELECT count(*) FROM console_audit WHERE action = '修改问卷' AND object_id = 'tiny'")
                .query(Integer.class).single()).isEqualTo(1);
    }
}
