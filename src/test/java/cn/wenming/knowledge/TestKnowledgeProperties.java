package cn.wenming.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Knowledge settings as config/application.yml has them, for tests and benchmarks without Spring. */
public final class TestKnowledgeProperties {

    /**
     * Vector cache of the real knowledge base, shared by test runs. A cache holds the vectors of one
     * knowledge base, so bases built in temporary folders keep theirs inside that folder.
     */
    public static final Path EMBEDDING_CACHE = Path.of("target/test-data/embeddings");

    private TestKnowledgeProperties() {
    }

    public static KnowledgeProperties of(Path dir, boolean semantic) {
        return of(dir, semantic, 10_000);
    }

    /** {@code answerCacheSize} 0 makes every call search and embed anew: what a benchmark must measure. */
    public static KnowledgeProperties of(Path dir, boolean semantic, int answerCacheSize) {
        return new KnowledgeProperties(dir, Path.of("config/stopwords.txt"), Path.of("config/synonyms.txt"),
                Path.of("config/dictionary.txt"), Duration.ofSeconds(10), answerCacheSize,
                new KnowledgeProperties.Bands(0.6, 0.35, 0.05, 0.8),
                new KnowledgeProperties.Semantic(semantic,
                        dir.equals(Path.of("knowledge")) ? EMBEDDING_CACHE : dir.resolve(".embeddings"),
                        0.55, 0.50, 0.03, 0.92),
                Map.of("创建宗旨", "创建为民、创建惠民", "创建理念", "人民城市人民建、人民城市为人民"));
    }
}
