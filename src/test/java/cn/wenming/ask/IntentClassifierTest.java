package cn.wenming.ask;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.TextNormalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntentClassifierTest {

    private static final IntentClassifier CLASSIFIER = new IntentClassifier(new IntentProperties(
            List.of("你好", "在吗", "hello"),
            Map.of(Intent.REPORT, List.of("我要举报", "随手拍", "举报"),
                    Intent.STATUS, List.of("我的举报", "举报进度"),
                    Intent.QUIZ, List.of("答题"),
                    Intent.SURVEY, List.of("问卷")),
            List.of("乱扔垃圾", "路灯不亮"),
            List.of("吗", "什么", "怎么", "多少", "罚"),
            List.of("我要", "开始", "查询"),
            List.of("还有吗", "详细点"),
            List.of("人工", "转人工")));

    @ParameterizedTest
    @CsvSource({
        "你好, GREETING",
        "在吗？, GREETING",
        "Hello!, GREETING",
        "我要举报, REPORT",
        "随手拍, REPORT",
        "楼下有人乱扔垃圾, REPORT",
        "小区路灯不亮了, REPORT",
        "乱扔垃圾罚多少钱, KNOWLEDGE",
        "怎么举报乱扔垃圾, KNOWLEDGE",
        "开始答题, QUIZ",
        "答题, QUIZ",
        "问卷, SURVEY",
        "问卷调查是测评方法吗, KNOWLEDGE",
        "查询我的举报, STATUS",
        "垃圾分为哪几类, KNOWLEDGE",
        "你好，垃圾分为哪几类呢, KNOWLEDGE",
    })
    void classifies(String text, Intent expected) {
        assertThat(CLASSIFIER.classify(TextNormalizer.normalize(text))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void followUpsAndHumanRequestsAreWholeMessages() {
        assertThat(CLASSIFIER.asksForMore(TextNormalizer.normalize("还有吗？"))).isTrue();
        assertThat(CLASSIFIER.asksForMore(TextNormalizer.normalize("还有吗垃圾分类"))).isFalse();
        assertThat(CLASSIFIER.asksForHuman(TextNormalizer.normalize("转人工！"))).isTrue();
        assertThat(CLASSIFIER.asksForHuman(TextNormalizer.normalize("人工智能是什么"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "今天的每日答题在哪, QUIZ",
        "怎么举报乱扔垃圾, REPORT",
        "查询我的举报, STATUS",
    })
    void questionsStillMentionTheFeature(String text, Intent expected) {
        assertThat(CLASSIFIER.mentionedFeature(TextNormalizer.normalize(text))).contains(expected);
    }
}
