package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeLoaderTest {

    @Test
    void theVersionControlledKnowledgeBaseIsValid() {
        // Fails the build, with every problem listed, when an edit breaks the knowledge folder.
        KnowledgeSet set = KnowledgeLoader.load(Path.of("knowledge"), TestKnowledgeProperties.of(Path.of("knowledge"), false).cityWording());
        assertThat(set.entries()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(set.entries()).allSatisfy(e -> {
            assertThat(e.phrasings()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(e.source()).isNotBlank();
            assertThat(e.tags()).isNotEmpty();
            // Every shipped entry says when it was last verified against its source (the console lists
            // the ones not checked for a year).
            assertThat(e.checked()).as(e.id() + " checked").isNotNull();
        });
        assertThat(set.version()).isEqualTo(KnowledgeLoader.contentVersion(Path.of("knowledge")));
    }

    @Test
    void everyProblemIsReportedWithWhereItIs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), """
                topic: 甲
                entries:
                  - id: one
                    question: 第一个问题
                    phrasings: [问法一, 问法二, 问法三]
                    answer: 答案一
                    source: 测试
                  - id: one
                    question: 重复的编号
                    phrasings: [问法四, 问法五, 问法六]
                    answer: 答案二
                    source: 测试
                  - id: empty
                    question: 空答案
                    phrasings: [问法七, 问法八, 问法九]
                    answer: ""
                    source: 测试
                  - id: long
                    question: 太长
                    phrasings: [问法十, 问法十一, 问法十二]
                    answer: %s
                    source: 测试
                  - id: few
                    question: 问法太少
                    phrasings: [只有一个]
                    answer: 答案
                    source: 测试
                """.formatted("长".repeat(301)));
        Files.writeString(dir.resolve("b.yml"), """
                topic: 乙
                entries:
                  - id: shared
                    question: 别的问题
                    phrasings: [問法一, 问法甲, 问法乙]
                    answer: 答案
                    source: 测试
                """);
        assertThatThrownBy(() -> KnowledgeLoader.load(dir, Map.of()))
                .isInstanceOfSatisfying(KnowledgeValidationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("甲/one") && p.contains("duplicate id"))
                        .anyMatch(p -> p.contains("甲/empty") && p.contains("empty answer"))
                        .anyMatch(p -> p.contains("甲/long") && p.contains("longer than 300"))
                        .anyMatch(p -> p.contains("甲/few") && p.contains("at least 3 phrasings"))
                        // Traditional 問法一 is the same phrasing as 问法一 once normalised.
                        .anyMatch(p -> p.contains("乙/shared") && p.contains("also belongs to one"))
                        .hasSize(5));
    }

    @Test
    void anEntryNeedsASourceAndItsCheckedDateMustBeARealPastDate(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), """
                topic: 甲
                entries:
                  - id: fine
                    question: 有来源的问题
                    phrasings: [问法一, 问法二, 问法三]
                    answer: 答案
                    source: 《某某条例》第三条
                    checked: 2026-11-22
                    source_superseded: true
                """);
        KnowledgeEntry fine = KnowledgeLoader.load(dir, Map.of()).entries().get(0);
        assertThat(fine.checked()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(fine.sourceSuperseded()).isTrue();
        assertThat(fine.needsReview(LocalDate.of(2026, 12, 1))).isTrue();
        assertThat(fine.withFreshness(fine.checked(), false).needsReview(LocalDate.of(2027, 11, 22))).isFalse();
        assertThat(fine.withFreshness(fine.checked(), false).needsReview(LocalDate.of(2027, 11, 23))).isTrue();

        Files.writeString(dir.resolve("b.yml"), """
                topic: 乙
                entries:
                  - id: unsourced
                    question: 没有来源的问题
                    phrasings: [问法四, 问法五, 问法六]
                    answer: 答案
                  - id: not-a-date
                    question: 日期写错的问题
                    phrasings: [问法七, 问法八, 问法九]
                    answer: 答案
                    source: 测试
                    checked: 去年
                  - id: future
                    question: 日期在将来的问题
                    phrasings: [问法十, 问法十一, 问法十二]
                    answer: 答案
                    source: 测试
                    checked: 2999-01-01
                    source_superseded: maybe
                """);
        assertThatThrownBy(() -> KnowledgeLoader.load(dir, Map.of()))
                .isInstanceOfSatisfying(KnowledgeValidationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("乙/unsourced") && p.contains("missing source"))
                        .anyMatch(p -> p.contains("乙/not-a-date") && p.contains("YYYY-MM-DD"))
                        .anyMatch(p -> p.contains("乙/future") && p.contains("in the future"))
                        .anyMatch(p -> p.contains("乙/future") && p.contains("source_superseded"))
                        .hasSize(4));
    }

    @Test
    void cityWordingFillsPlaceholdersAndMustBeConfigured(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), """
                topic: 甲
                entries:
                  - id: tenet
                    question: 创建宗旨是什么
                    phrasings: [宗旨是啥, 创文宗旨, 创建的宗旨]
                    answer: "本市的创建宗旨是：{{city:创建宗旨}}。各地说法不一。"
                    source: 测试
                """);
        assertThat(KnowledgeLoader.load(dir, Map.of("创建宗旨", "创建为民、创建惠民")).entries().get(0).answer())
                .isEqualTo("本市的创建宗旨是：创建为民、创建惠民。各地说法不一。");
        assertThatThrownBy(() -> KnowledgeLoader.load(dir, Map.of()))
                .hasMessageContaining("wenming.knowledge.city-wording.创建宗旨 is not configured");
        KnowledgeSet real = KnowledgeLoader.load(Path.of("knowledge"),
                Map.of("创建宗旨", "某市宗旨甲", "创建理念", "某市理念乙"));
        assertThat(real.entries()).anyMatch(e -> e.answer().contains("某市宗旨甲"))
                .anyMatch(e -> e.answer().contains("某市理念乙"))
                .noneMatch(e -> e.answer().contains("{{"));
    }

    @Test
    void brokenYamlAndMissingFolderAreClearErrors(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> KnowledgeLoader.load(dir.resolve("missing"), Map.of()))
                .hasMessageContaining("knowledge folder not found");
        Files.writeString(dir.resolve("bad.yml"), "topic: [unclosed");
        assertThatThrownBy(() -> KnowledgeLoader.load(dir, Map.of())).hasMessageContaining("bad.yml: not valid YAML");
    }
}
