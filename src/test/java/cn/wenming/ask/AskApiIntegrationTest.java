package cn.wenming.ask;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AskApiIntegrationTest extends IntegrationTest {

    /** Questions from the dev set (qa-dev.tsv) and a fact the answer must contain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "请问小编 核心价值观个人层面是啥 谢谢🙏|敬业",
        "文明城市评上了是不是就永久的了|动态管理",
        "创建文明城市的第一标准是什么|群众满意",
        "四德是指哪四德|家庭美德",
        "全國文明城市是誰評的|中央文明委",
    })
    void devSetQuestionsGetTheKeyFact(String question, String keyFact) throws Exception {
        JsonObject answer = ask(question).body;
        assertThat(answer.get("intent").getAsString()).isEqualTo("knowledge");
        assertThat(answer.get("answered").getAsBoolean()).as(question).isTrue();
        assertThat(answer.get("answer").getAsString()).contains(keyFact);
        assertThat(answer.get("entryId").getAsString()).isNotBlank();
        assertThat(answer.get("question").getAsString()).isNotBlank();
        assertThat(answer.get("score").getAsDouble()).isBetween(0.0, 1.0);
        assertThat(answer.getAsJsonArray("suggestions")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"今天天气怎么样", "给我讲个笑话", "明天股票会涨吗", "红烧肉怎么做好吃"})
    void outOfDomainQuestionsAreDeclinedAndRecorded(String question) throws Exception {
        JsonObject answer = ask(question).body;
        assertThat(answer.get("answered").getAsBoolean()).isFalse();
        assertThat(answer.get("answer").isJsonNull()).isTrue();
        questionLog.flush();
        assertThat(jdbc.sql("SELECT count(*) FROM knowledge_question_log WHERE question = ? AND openid_hash IS NULL")
                .param(question).query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void healthShowsOnlyTheStatusToAnyoneAndTheKnowledgeIndexToAnAdmin() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonObject status = JsonParser.parseString(anonymous.body()).getAsJsonObject();
        assertThat(status.get("status").getAsString()).isEqualTo("UP");
        assertThat(status.keySet()).doesNotContain("components", "details");

        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        HttpResponse<String> health = admin.get("/actuator/health");
        JsonObject knowledge = JsonParser.parseString(health.body()).getAsJsonObject()
                .getAsJsonObject("components").getAsJsonObject("knowledge");
        assertThat(knowledge.get("status").getAsString()).isEqualTo("UP");
        JsonObject details = knowledge.getAsJsonObject("details");
        assertThat(details.get("entries").getAsInt()).isGreaterThanOrEqualTo(150);
        assertThat(details.get("version").getAsString()).hasSize(12);
        assertThat(details.get("embeddings").getAsString()).startsWith("on");
    }

    @Test
    void intentsAreReportedWithoutSearching() throws Exception {
        assertThat(ask("我要举报").body.get("intent").getAsString()).isEqualTo("report");
        assertThat(ask("开始答题").body.get("intent").getAsString()).isEqualTo("quiz");
        assertThat(ask("您好").body.get("intent").getAsString()).isEqualTo("greeting");
    }

    @Test
    void emptyOrOverlongQuestionsAreA400WithAJsonReason() throws Exception {
        Response empty = ask("");
        assertThat(empty.status).isEqualTo(400);
        assertThat(empty.body.get("error").getAsString()).isEqualTo("empty_question");
        Response blank = ask("   ");
        assertThat(blank.status).isEqualTo(400);
        Response tooLong = ask("文".repeat(501));
        assertThat(tooLong.status).isEqualTo(400);
        assertThat(tooLong.body.get("error").getAsString()).isEqualTo("question_too_long");
        assertThat(ask("文".repeat(500)).status).isEqualTo(200);
    }

    private record Response(int status, JsonObject body) {
    }

    private Response ask(String question) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/ask?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
    }
}
