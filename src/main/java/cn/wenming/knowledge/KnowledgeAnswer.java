package cn.wenming.knowledge;

import java.util.List;

/**
 * What the knowledge base makes of a question: an answer it is sure of, a few entries it thinks the
 * resident may mean, or neither.
 */
public record KnowledgeAnswer(
        Decision decision, KnowledgeEntry entry, double score, boolean confident, List<KnowledgeEntry> suggestions) {

    public enum Decision { ANSWER, SUGGEST, DECLINE }

    public boolean answered() {
        return decision == Decision.ANSWER;
    }
}
