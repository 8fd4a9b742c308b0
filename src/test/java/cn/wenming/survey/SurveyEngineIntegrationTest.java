package cn.wenming.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Answering rules, privacy, the one-response rule, quotas and the rate arithmetic, on a tiny survey. */
@TestPropertySource(properties = "wenming.survey.dir=src/test/resources/surveys")
class SurveyEngineIntegrationTest extends IntegrationTest {

    @Autowired
    private SurveyService surveys;

    @Autowired
    private SurveyRates rates;

    private static SurveyService.Respondent who(String openid) {
        return new SurveyService.Respondent(TestAccounts.DEV_APPID, openid, "h5");
    }

    private void bind(String openid, String community) {
        jdbc.sql("INSERT INTO quiz_resident (openid, openid_hash, app_id, community_code) VALUES (?, ?, ?, ?)")
                .params(openid, "h" + openid.hashCode() + System.nanoTime(), TestAccounts.DEV_APPID, community).update();
    }

    @Test
    void invalidDefinitionsAreRefusedWithReasons() {
        SurveyDefinition bad = SurveyCatalog.parse("""
                id: bad
                title: x
                starts: 2026-01-01T00:00:00+08:00
                ends: 2025-01-01T00:00:00+08:00
                questions:
                  - {code: Q1, type: single, text: a, options: [{code: "1", label: 是}], rate: support, favourable: ["7"]}
                  - {code: Q1, type: multiple, text: b, min: 3, max: 1, options: [{code: "1", label: 是}, {code: "1", label: 否}],
                     show-if: {question: Q9, any: ["1"]}}
                """, 1);
        assertThat(bad.problems()).anyMatch(p -> p.contains("结束时间")).anyMatch(p -> p.contains("题号重复"))
                .anyMatch(p -> p.contains("至少要有2个选项")).anyMatch(p -> p.contains("认可选项"))
                .anyMatch(p -> p.contains("选项代码重复")).anyMatch(p -> p.contains("最少选择数"))
                .anyMatch(p -> p.contains("显示条件"));
    }

    @Test
    void showIfFollowsEarlierAnswersAndAResponseResumesWhereItStopped() {
        String openid = "o_survey_flow_" + System.nanoTime();
        SurveyService.Progress start = surveys.begin("tiny", who(openid));
        assertThat(start.next().code()).isEqualTo("Q1");
        SurveyService.Progress afterQ1 = surveys.answer("tiny", who(openid), "Q1", "2");
        assertThat(afterQ1.next().code()).isEqualTo("Q2");
        assertThatThrownBy(() -> surveys.answer("tiny", who(openid), "Q2", "")).hasMessageContaining("需要回答");
        surveys.answer("tiny", who(openid), "Q2", "路灯");
        SurveyService.Progress resumed = surveys.begin("tiny", who(openid));
        assertThat(resumed.next().code()).isEqualTo("Q3");
        assertThat(resumed.answers()).containsEntry("Q1", "2").containsEntry("Q2", "路灯");
        assertThatThrownBy(() -> surveys.answer("tiny", who(openid), "Q3", "1,2,3")).hasMessageContaining("请选择1到2项");

        String other = "o_survey_skip_" + System.nanoTime();
        surveys.begin("tiny", who(other));
        assertThat(surveys.answer("tiny", who(other), "Q1", "1").next().code()).isEqualTo("Q3");
        assertThat(surveys.answer("tiny", who(other), "Q3", "1").complete()).isTrue();
    }

    @Test
    void anAnonymousSurveyKeepsNoOpenidAnywhere() {
        String openid = "o_survey_anon_" + System.nanoTime();
        surveys.begin("tiny", who(openid));
        surveys.answer("tiny", who(openid), "Q1", "1");
        surveys.answer("tiny", who(openid), "Q3", "2");
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE openid IS NOT NULL AND survey_id = 'tiny'")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE respondent_key LIKE ?").param("%" + openid + "%")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM survey_answer WHERE value LIKE ?").param("%" + openid + "%")
                .query(Integer.class).single()).isZero();
        // The same resident still resumes the same response, through the one-way key.
        assertThat(surveys.begin("tiny", who(openid)).complete()).isTrue();
    }

    @Test
    void concurrentDoubleSubmitsMakeOneResponse() throws Exception {
        String openid = "o_survey_twice_" + System.nanoTime();
        List<CompletableFuture<SurveyService.Progress>> taps = List.of(
                CompletableFuture.supplyAsync(() -> surveys.begin("tiny", who(openid))),
                CompletableFuture.supplyAsync(() -> surveys.begin("tiny", who(openid))),
                CompletableFuture.supplyAsync(() -> surveys.begin("tiny", who(openid))));
        assertThat(taps.stream().map(CompletableFuture::join).map(SurveyService.Progress::responseId).distinct())
                .hasSize(1);
        surveys.answer("tiny", who(openid), "Q1", "1");
        CompletableFuture<SurveyService.Progress> a = CompletableFuture.supplyAsync(
                () -> surveys.answer("tiny", who(openid), "Q3", "1"));
        CompletableFuture<SurveyService.Progress> b = CompletableFuture.supplyAsync(
                () -> surveys.answer("tiny", who(openid), "Q3", "1"));
        assertThat(a.get().complete()).isTrue();
        assertThat(b.get().complete()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response r JOIN survey_answer x ON x.response_id = r.id"
                + " WHERE r.id = ?").param(a.get().responseId()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aFullCommunityStopsAcceptingNewResponses() {
        String community = "QH-XC-XY";
        for (int i = 0; i < 2; i++) {
            String openid = "o_quota_" + i + "_" + System.nanoTime();
            bind(openid, community);
            surveys.begin("tiny", who(openid));
            surveys.answer("tiny", who(openid), "Q1", "1");
            surveys.answer("tiny", who(openid), "Q3", "1");
        }
        String late = "o_quota_late_" + System.nanoTime();
        bind(late, community);
        assertThatThrownBy(() -> surveys.begin("tiny", who(late))).isInstanceOf(SurveyService.Refused.class)
                .hasMessageContaining("样本已经收满");
    }

    @Test
    void ratesAreFavourableOverValidWithAWilsonIntervalAndSmallSamplesFlagged() {
        // The hand-computed 95 % Wilson interval for 8 of 10 is [0.4902, 0.9433].
        double[] interval = SurveyRates.wilson(8, 10);
        assertThat(interval[0]).isCloseTo(0.4902, within(1e-4));
        assertThat(interval[1]).isCloseTo(0.9433, within(1e-4));
        SurveyRates.Figure figure = SurveyRates.figure(SurveyDefinition.Rate.SATISFACTION, "x", 8, 10);
        assertThat(figure.value()).isEqualTo(0.8);
        assertThat(figure.smallSample()).isTrue();
        assertThat(SurveyRates.figure(SurveyDefinition.Rate.SATISFACTION, "x", 40, 50).smallSample()).isFalse();

        // In the data: 不清楚 leaves the denominator; a partial response does not count.
        // Two communities of 明湖区 (the quota is 2 per community), read as the district's figures.
        String[][] answers = {{"1", "1", "MH-SY-SX"}, {"1", "3", "MH-SY-SX"}, {"9", "2", "MH-HB-LA"}, {"2", "1", "MH-HB-LA"}};
        for (String[] answer : answers) {
            String openid = "o_rates_" + System.nanoTime();
            bind(openid, answer[2]);
            surveys.begin("tiny", who(openid));
            surveys.answer("tiny", who(openid), "Q1", answer[0]);
            if (answer[0].equals("2")) {
                surveys.answer("tiny", who(openid), "Q2", "太吵");
            }
            surveys.answer("tiny", who(openid), "Q3", answer[1]);
        }
        String partial = "o_rates_partial_" + System.nanoTime();
        bind(partial, "MH-HB-HF");
        surveys.begin("tiny", who(partial));
        surveys.answer("tiny", who(partial), "Q1", "2");
        List<SurveyRates.Figure> byCommunity = rates.figures("tiny", SurveyRates.GroupBy.DISTRICT).stream()
                .filter(f -> f.group().equals("MH")).toList();
        SurveyRates.Figure satisfaction = byCommunity.stream()
                .filter(f -> f.rate() == SurveyDefinition.Rate.SATISFACTION).findFirst().orElseThrow();
        assertThat(satisfaction.favourable()).isEqualTo(2);
        assertThat(satisfaction.valid()).isEqualTo(3);
        SurveyRates.Figure participation = byCommunity.stream()
                .filter(f -> f.rate() == SurveyDefinition.Rate.PARTICIPATION).findFirst().orElseThrow();
        assertThat(participation.favourable()).isEqualTo(3);
        assertThat(participation.valid()).isEqualTo(4);
    }
}
