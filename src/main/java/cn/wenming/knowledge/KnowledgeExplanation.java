package cn.wenming.knowledge;

import java.util.List;

/**
 * Why the knowledge base answers a question the way it does, for the console's "试一试" box.
 *
 * @param normalized  the question as matched (normalised: Simplified, no punctuation, lower case)
 * @param answer      the decision, exactly what {@link KnowledgeBase#answer(String)} returns
 * @param route       which rule decided
 * @param candidates  the best entries, best first, with their signals
 * @param version     the knowledge version that decided
 * @param semantic    whether sentence embeddings are available
 * @param thresholds  the bands the decision was made with
 */
public record KnowledgeExplanation(String question, String normalized, KnowledgeAnswer answer, Route route,
        List<Scored> candidates, String version, boolean semantic, Thresholds thresholds) {

    /** The decision bands in force (configuration {@code wenming.knowledge.bands.*} and {@code semantic.*}). */
    public record Thresholds(double answerCoverage, double answerMargin, double confidentCoverage,
            double suggestCoverage, double answerScore, double margin, double suggestScore,
            double sameQuestionCosine) {
    }

    /**
     * One candidate entry.
     *
     * @param coverage rarity-weighted share of the question's terms found in the entry's wording (0–1)
     * @param score    Lucene ranking (0.7 × coverage + 0.3 × relative BM25); null if Lucene did not find it
     * @param cosine   best cosine between the question and the entry's question or phrasings; null without embeddings
     * @param hybrid   0.6 × cosine + 0.4 × coverage, what decides when Lucene is unsure
     */
    public record Scored(String entryId, String question, double coverage, Double score, Double cosine,
            Double hybrid) {
    }

    /** The rules of {@link KnowledgeBase#answer(String)}, in the order they are tried. */
    public enum Route {
        LEXICAL_CONFIDENT("词面匹配：覆盖率高且明显领先，直接回答（高置信，不进待处理队列）"),
        GARBAGE_ITEM("垃圾分类物品表：问题问的是表中一件物品的分类"),
        LEXICAL_CLEAR("词面匹配：覆盖率达到回答线且领先第二名"),
        KEYWORD_SOUND("短关键词：与某条目的问法相同或同音"),
        KEYWORD("短关键词：只按词面覆盖率回答、给出选项或无法回答"),
        LEXICAL_ONLY("仅词面信号（无语义模型）：唯一合理候选则回答，多个则给出选项"),
        HYBRID("词面不确定：结合语义相似度（0.6×余弦 + 0.4×覆盖率）决定"),
        SPECIFIC_NUMBERS("问题里的号码或数字（如12345）最佳条目没有提到：改为给出选项或无法回答");

        private final String label;

        Route(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public String decisionLabel() {
        return switch (answer.decision()) {
            case ANSWER -> answer.confident() ? "回答（高置信）" : "回答（低置信，会进入待处理队列）";
            case SUGGEST -> "给出“您是不是想问”选项";
            case DECLINE -> "无法回答";
        };
    }
}
