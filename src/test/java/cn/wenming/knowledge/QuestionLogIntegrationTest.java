package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, item 7: a NUL byte in one question must not drop the batch of logged questions. Issue 14,
 * item 8: while PostgreSQL is away rows wait and are written when it is back; what cannot be kept is
 * counted.
 */
class QuestionLogIntegrationTest extends IntegrationTest {

    @Autowired
    private KnowledgeBase knowledge;

    @Autowired
    private DataSource dataSource;

    @Test
    void rowsWaitWhileTheDatabaseIsAwayAndWhatIsLostIsCounted() {
        AtomicBoolean databaseDown = new AtomicBoolean(true);
        DataSource flaky = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                if (databaseDown.get()) {
                    throw new SQLException("connection refused (test)");
                }
                return super.getConnection();
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        QuestionLog log = new QuestionLog(new JdbcTemplate(flaky), meters);
        String marker = "away" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            log.record("问题" + i + marker, null, knowledge.answer("问题" + i));
        }
        log.flush();
        log.flush();
        assertThat(count(marker)).isZero();
        assertThat(meters.get("wenming.questionlog.pending").gauge().value()).isEqualTo(3);

        databaseDown.set(false);
        log.flush();
        assertThat(jdbc.sql("SELECT question FROM knowledge_question_log WHERE question LIKE ? ORDER BY id")
                .param("%" + marker).query(String.class).list())
                .containsExactly("问题0" + marker, "问题1" + marker, "问题2" + marker);
        assertThat(meters.get("wenming.questionlog.dropped").counter().count()).isZero();

        databaseDown.set(true);
        log.record("最后" + marker, null, knowledge.answer("最后"));
        log.flushOnShutdown();
        assertThat(meters.get("wenming.questionlog.dropped").counter().count()).isEqualTo(1);
        assertThat(meters.get("wenming.questionlog.pending").gauge().value()).isZero();
    }

    private long count(String marker) {
        return jdbc.sql("SELECT count(*) FROM knowledge_question_log WHERE question LIKE ?").param("%" + marker)
                .query(Long.class).single();
    }

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
