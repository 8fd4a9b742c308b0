package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.TextNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {

    private static KnowledgeBase over(Path dir) {
        return new KnowledgeBase(TestKnowledgeProperties.of(dir, true));
    }

    private static void write(Path dir, String id, String question, String answer) throws IOException {
        Files.writeString(dir.resolve(id + ".yml"), """
                topic: 测试
                entries:
                  - id: %s
                    question: %s
                    phrasings: [%s是啥, 说说%s, %s介绍]
                    answer: %s
                    tags: [测试]
                    source: test
                """.formatted(id, question, question, question, question, answer));
    }

    @Test
    void anEditIsSwappedInAtomicallyWhileSearchesRun(@TempDir Path dir) throws Exception {
        write(dir, "kitchen", "厨余垃圾是什么", "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeBase knowledge = over(dir);
        String before = knowledge.version();
        assertThat(knowledge.answer("厨余垃圾是什么").entry().id()).isEqualTo("kitchen");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        CompletableFuture<Void> searching = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                try {
                    knowledge.answer("厨余垃圾是什么");
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        });
        write(dir, "battery", "废电池属于什么垃圾", "废电池属于有害垃圾。");
        for (int i = 0; i < 20; i++) {
            assertThat(knowledge.reload()).isTrue();
        }
        stop.set(true);
        searching.get();

        assertThat(failures).hasValue(0);
        assertThat(knowledge.version()).isNotEqualTo(before);
        assertThat(knowledge.entryCount()).isEqualTo(2);
        assertThat(knowledge.answer("废电池属于什么垃圾").entry().id()).isEqualTo("battery");
    }

    @Test
    void anInvalidEditIsRefusedAndTheOldIndexKeepsServing(@TempDir Path dir) throws IOException {
        write(dir, "kitchen", "厨余垃圾是什么", "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeBase knowledge = over(dir);
        String before = knowledge.version();
        write(dir, "broken", "空答案的问题", "\"\"");
        knowledge.reloadIfChanged();
        assertThat(knowledge.version()).isEqualTo(before);
        assertThat(knowledge.lastReloadError()).contains("empty answer");
        assertThat(knowledge.answer("厨余垃圾是什么").answered()).isTrue();
    }

    @Test
    void knowledgeVectorsAreCachedOnDiskByContent(@TempDir Path dir) throws IOException {
        write(dir, "kitchen", "厨余垃圾是什么", "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeBase first = over(dir);
        Path cache = dir.resolve(".embeddings/bge-small-zh-v15-q.vectors");
        assertThat(cache).exists();
        long written = Files.getLastModifiedTime(cache).toMillis();
        // Nothing new to embed: a second start reads the cache and leaves the file alone.
        KnowledgeBase second = over(dir);
        assertThat(Files.getLastModifiedTime(cache).toMillis()).isEqualTo(written);
        assertThat(second.semanticStatus()).startsWith("on");
        assertThat(second.answer("厨余垃圾是什么").entry().id()).isEqualTo(first.answer("厨余垃圾是什么").entry().id());
    }

    @Test
    void withEmbeddingsOffTheServiceStillAnswersOnLucene() {
        KnowledgeBase lucene = new KnowledgeBase(TestKnowledgeProperties.of(Path.of("knowledge"), false));
        assertThat(lucene.semanticStatus()).startsWith("off");
        assertThat(lucene.answer("垃圾分为哪几类").answered()).isTrue();
        assertThat(lucene.answer("今天天气怎么样").answered()).isFalse();
    }

    @Test
    void theRealKnowledgeBaseAnswersCommonQuestionsAndDeclinesOthers() {
        KnowledgeBase knowledge = over(Path.of("knowledge"));
        assertThat(knowledge.answer("垃圾分为哪几类").answered()).isTrue();
        assertThat(knowledge.answer("核心價值觀個人層面是什麼").entry().answer()).contains("爱国", "敬业", "诚信", "友善");
        for (String offTopic : List.of("今天天气怎么样", "讲个笑话", "股票怎么买", "红烧肉怎么做")) {
            assertThat(knowledge.answer(offTopic).answered()).as(offTopic).isFalse();
        }
        assertThat(knowledge.answer("！！！").decision()).isEqualTo(KnowledgeAnswer.Decision.DECLINE);
        // Homophone typos, Traditional characters, item questions and keywords.
        assertThat(knowledge.answer("垃圾分累").entry().answer()).contains("可回收物", "有害垃圾");
        assertThat(knowledge.answer("全國文明城市幾年評一次").entry().answer()).contains("三年");
        assertThat(knowledge.answer("电池是什么垃圾").entry().answer()).contains("有害垃圾");
        assertThat(knowledge.answer("垃圾").decision()).isEqualTo(KnowledgeAnswer.Decision.SUGGEST);
    }

    /** A question Lucene alone cannot decide, so its answer needs the question's sentence vector. */
    private static final String LEFT_TO_RERANKING = "剩菜打包算不算文明";

    @Test
    void withTheAnswerCacheOffEveryMessageEmbedsItsQuestionAnewAndOnce() {
        KnowledgeBase knowledge = new KnowledgeBase(TestKnowledgeProperties.of(Path.of("knowledge"), true, 0));
        assertThat(knowledge.explain(LEFT_TO_RERANKING).route()).isEqualTo(KnowledgeExplanation.Route.HYBRID);
        String text = TextNormalizer.normalize(LEFT_TO_RERANKING);
        long before = knowledge.questionsEmbedded();
        for (int message = 1; message <= 3; message++) {
            knowledge.sentenceVector(text); // the intent classifier
            knowledge.answer(LEFT_TO_RERANKING); // the re-ranking reuses the classifier's vector
            assertThat(knowledge.questionsEmbedded() - before).as("after message %d", message).isEqualTo(message);
        }
        // Without a classifier in front (the JMH benchmark), each call still embeds, once.
        knowledge.answer(LEFT_TO_RERANKING);
        knowledge.answer(LEFT_TO_RERANKING);
        assertThat(knowledge.questionsEmbedded() - before).isEqualTo(5);
    }

    @Test
    void withTheAnswerCacheOnARepeatedQuestionIsEmbeddedOnce() {
        KnowledgeBase knowledge = new KnowledgeBase(TestKnowledgeProperties.of(Path.of("knowledge"), true, 100));
        String text = TextNormalizer.normalize(LEFT_TO_RERANKING);
        long before = knowledge.questionsEmbedded();
        for (int message = 1; message <= 3; message++) {
            knowledge.sentenceVector(text);
            knowledge.answer(LEFT_TO_RERANKING);
        }
        assertThat(knowledge.questionsEmbedded() - before).isEqualTo(1);
    }
}
