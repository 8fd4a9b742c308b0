package cn.wenming.knowledge;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keeps the questions the knowledge base could not answer confidently, for curation. */
@Repository
public class QuestionLog {

    private final JdbcClient jdbc;

    QuestionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String question, String openidHash, KnowledgeAnswer answer) {
        jdbc.sql("""
                INSERT INTO knowledge_question_log (question, openid_hash, best_entry_id, score, outcome)
                VALUES (:question, :openidHash, :bestEntryId, :score, :outcome)""")
                .param("question", question)
                .param("openidHash", openidHash)
                .param("bestEntryId", answer.entry() == null ? null : answer.entry().id())
                .param("score", answer.score())
                .param("outcome", answer.decision().name().toLowerCase())
                .update();
    }
}
