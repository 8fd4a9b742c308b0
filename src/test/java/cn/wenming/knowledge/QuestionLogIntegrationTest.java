package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 13, item 7: a NUL byte in one question must not drop the batch of logged questions. */
class QuestionLogIntegrationTest extends IntegrationTest {

    @Autowired
    private KnowledgeBase knowledge;

    @Test
    void aNulByteInOneQuestionDoesNotDropTheBatch() {
        String marker = "nul" + System.nanoTime();
        String withNul = "股票\u0000怎么买" + marker;
        String plain = "基金怎么选" + marker;
        questionLog.record(withNul, null, knowledge.answer(withNul));
        questionLog.record(plain, null, knowledge.answer(plain));
        questionLog.flush();
        List<String> logged = jdbc.sql("SELECT question FROM knowledge_question_log WHERE question LIKE ?")
                .param("%" + marker).query(String.class).list();
        assertThat(logged).containsExactlyInAnyOrder("股票怎么买" + marker, plain);
    }
}
