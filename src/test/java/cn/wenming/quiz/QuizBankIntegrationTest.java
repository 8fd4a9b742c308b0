package cn.wenming.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The shipped bank is big and balanced enough, and bad questions are refused with reasons. */
class QuizBankIntegrationTest extends IntegrationTest {

    @Autowired
    private QuizBank bank;

    @Autowired
    private Certificates certificates;

    @TempDir
    Path dir;

    @Test
    void theShippedBankHasEnoughQuestionsOfEveryTypeAcrossItsTopics() {
        assertThat(bank.enabled()).hasSizeGreaterThanOrEqualTo(200);
        Map<String, Long> perTopic = bank.enabled().values().stream()
                .collect(Collectors.groupingBy(QuizQuestion::topic, Collectors.counting()));
        assertThat(perTopic).hasSizeGreaterThanOrEqualTo(10);
        assertThat(perTopic.values()).allMatch(n -> n >= 8);
        assertThat(bank.enabled().values().stream().map(QuizQuestion::type).distinct())
                .containsExactlyInAnyOrder(QuizQuestion.Type.values());
    }

    @Test
    void invalidQuestionsAreRefusedWithAReasonEach() throws Exception {
        Files.writeString(dir.resolve("bad.yml"), """
                topic: 测试
                questions:
                  - {id: b1, type: single, question: 单选两个答案？, options: [甲, 乙, 丙], answer: [0, 1],
                     entry: values-national-level, explanation: x, difficulty: 1}
                  - {id: b2, type: multiple, question: 多选一个答案？, options: [甲, 乙, 丙], answer: [0],
                     entry: values-national-level, explanation: x, difficulty: 1}
                  - {id: b3, type: judge, question: 判断带选项？, options: [甲, 乙], answer: true,
                     entry: values-national-level, explanation: x, difficulty: 1}
                  - {id: b4, type: single, question: 条目不存在？, options: [甲, 乙], answer: [0],
                     entry: no-such-entry, explanation: x, difficulty: 1}
                  - {id: b5, type: single, question: 条目不存在？, options: [甲, 甲], answer: [5],
                     entry: values-national-level, explanation: x, difficulty: 9}
                """);
        List<String> problems = bank.validate(QuizBank.load(dir));
        assertThat(problems).anyMatch(p -> p.startsWith("b1：单选题"));
        assertThat(problems).anyMatch(p -> p.startsWith("b2：多选题"));
        assertThat(problems).anyMatch(p -> p.startsWith("b3：判断题"));
        assertThat(problems).anyMatch(p -> p.contains("no-such-entry 不存在"));
        assertThat(problems).anyMatch(p -> p.startsWith("b5：题目重复"));
        assertThat(problems).anyMatch(p -> p.startsWith("b5：选项重复"));
        assertThat(problems).anyMatch(p -> p.startsWith("b5：正确答案的序号超出"));
        assertThat(problems).anyMatch(p -> p.startsWith("b5：难度"));
    }

    @Test
    void certificatesAreDrawnWithAFontThatHasChineseGlyphs() {
        // scripts/ensure-test-tools.sh installs fonts-wqy-microhei; without it names would print as boxes.
        assertThat(certificates.family()).isEqualTo("WenQuanYi Micro Hei");
        assertThat(certificates.draw("张小明", 100, java.time.LocalDate.of(2026, 11, 30))).hasSizeGreaterThan(10_000);
    }
}
