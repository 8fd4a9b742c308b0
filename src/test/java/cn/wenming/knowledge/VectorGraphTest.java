package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A large base finds its nearest phrasings through an HNSW graph instead of comparing with every one.
 * On the real base (forced onto the graph) the graph must give the entries that matter the same
 * cosines as the exact comparison: the best entry, and every lexical candidate it was asked about.
 */
class VectorGraphTest {

    @Test
    void theGraphGivesTheNearestEntriesAndTheLexicalCandidatesTheirExactCosines() {
        KnowledgeProperties properties = TestKnowledgeProperties.of(Path.of("knowledge"), true, 0);
        KnowledgeBase knowledge = new KnowledgeBase(properties);
        KnowledgeSet set = KnowledgeLoader.load(Path.of("knowledge"), properties.cityWording());
        SentenceEmbeddings embeddings = SentenceEmbeddings.create(true, TestKnowledgeProperties.EMBEDDING_CACHE);
        KnowledgeIndex exact = KnowledgeIndex.build(set, knowledge.analysis(), embeddings, Integer.MAX_VALUE);
        KnowledgeIndex graph = KnowledgeIndex.build(set, knowledge.analysis(), embeddings, 0);
        List<String> candidates = List.of("garbage-four-categories", "values-individual-level");
        for (String question : List.of("垃圾要分成几种", "做人要讲诚信友善是哪个层面的价值观", "过马路要注意什么",
                "创文是为了什么")) {
            float[] vector = embeddings.embed(question);
            Map<String, Double> all = exact.similarities(vector, List.of());
            Map<String, Double> near = graph.similarities(vector, candidates);

            String bestExact = all.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            String bestGraph = near.entrySet().stream().max(Comparator.comparingDouble(Map.Entry::getValue))
                    .orElseThrow().getKey();
            assertThat(bestGraph).as(question).isEqualTo(bestExact);
            assertThat(near.size()).as("the graph scores only a neighbourhood").isLessThan(all.size());
            for (String id : candidates) {
                assertThat(near.get(id)).as(question + " / " + id).isCloseTo(all.get(id),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
