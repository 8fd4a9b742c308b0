package cn.wenming.ask;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.CommandTable;
import cn.wenming.knowledge.KnowledgeBase;
import cn.wenming.knowledge.TestKnowledgeProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cues and the trained model, on a few examples of its own and without embeddings
 * (character bigrams), so that what is tested is the mechanism, not the shipped data.
 */
class IntentClassifierTest {

    @TempDir
    static Path examples;

    private static IntentClassifier classifier;

    @BeforeAll
    static void build() throws IOException {
        Files.writeString(examples.resolve("report.yml"), """
                intent: report
                examples:
                  - 楼下有人乱扔垃圾
                  - 小区路灯不亮了
                  - 门口井盖丢了
                """);
        Files.writeString(examples.resolve("knowledge.yml"), """
                intent: knowledge
                examples:
                  - 乱扔垃圾罚多少钱
                  - 垃圾分为哪几类
                  - 核心价值观是什么
                """);
        Files.writeString(examples.resolve("quiz.yml"), """
                intent: quiz
                examples:
                  - 我想玩答题
                  - 来一轮知识竞赛
                """);
        KnowledgeBase knowledge = new KnowledgeBase(TestKnowledgeProperties.of(Path.of("knowledge"), false));
        classifier = new IntentClassifier(new IntentProperties(examples, 0.3, 0.9),
                CommandTable.load(Path.of("config/commands.yml")), knowledge);
    }

    @ParameterizedTest
    @CsvSource({
        "你好, GREETING, greeting",
        "在吗？, GREETING, greeting",
        "隨手拍, REPORT, command",
        "我要举报！, REPORT, command",
        "進度, STATUS, command",
        "WM2611300002 处理得怎么样了, STATUS, ticket",
        "wm 2611 3000 02, STATUS, ticket",
        "2611300002, STATUS, ticket",
        "每日一答, QUIZ, command",
        "排行榜, QUIZ, command",
        "社区 荷风社区, QUIZ, command",
        "证书姓名王小文, QUIZ, command",
        "填问卷, SURVEY, command",
    })
    void cuesDecideWhereTheyAreCertain(String text, Intent expected, String cue) {
        IntentClassifier.Understanding understood = classifier.classify(text);
        assertThat(understood.intent()).isEqualTo(expected);
        assertThat(understood.cue()).isEqualTo(cue);
    }

    @ParameterizedTest
    @CsvSource({
        "社区门口有人乱扔垃圾, REPORT",
        "乱扔垃圾要罚多少钱啊, KNOWLEDGE",
        "想玩一下答题, QUIZ",
    })
    void otherwiseTheModelDecides(String text, Intent expected) {
        IntentClassifier.Understanding understood = classifier.classify(text);
        assertThat(understood.cue()).isNull();
        assertThat(understood.intent()).isEqualTo(expected);
        assertThat(understood.ranked()).hasSize(3);
        assertThat(understood.ranked().get(0).score()).isGreaterThan(understood.ranked().get(1).score());
    }

    @Test
    void aPhoneNumberIsNotATicketAndAShortCommandWordNeedsItsSpace() {
        assertThat(classifier.classify("我的电话13812345678").cue()).isNull();
        assertThat(classifier.classify("社区门口有人乱扔垃圾").intent()).isNotEqualTo(Intent.QUIZ);
    }

    @Test
    void followUpsAndHumanRequestsAreWholeMessages() {
        assertThat(classifier.asksForMore("还有吗？")).isTrue();
        assertThat(classifier.asksForMore("还有吗垃圾分类")).isFalse();
        assertThat(classifier.asksForHuman("转人工！")).isTrue();
        assertThat(classifier.asksForHuman("人工智能是什么")).isFalse();
    }
}
