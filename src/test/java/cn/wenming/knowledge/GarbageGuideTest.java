package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.TextNormalizer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GarbageGuideTest {

    private final GarbageGuide guide = new GarbageGuide(List.of(
            new GarbageItem("废电池", "有害垃圾", List.of("电池", "纽扣电池"), "轻放，防止破损"),
            new GarbageItem("烟头", "其他垃圾", List.of("烟蒂"), "熄灭后投放"),
            new GarbageItem("墨盒", "有害垃圾", List.of(), "各地规定不同，以当地为准")));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "电池是什么垃圾|废电池属于有害垃圾",
        "纽扣電池扔哪个桶|废电池属于有害垃圾",
        "打印机墨盒|墨盒属于有害垃圾",
        "烟头|烟头属于其他垃圾",
    })
    void sortingQuestionsAboutListedItemsAreAnswered(String question, String start) {
        assertThat(guide.answer(TextNormalizer.normalize(question))).get()
                .satisfies(entry -> assertThat(entry.answer()).startsWith(start));
    }

    @ParameterizedTest
    @CsvSource({"乱扔烟头罚款吗", "电池厂的工人待遇怎么样好不好", "核心价值观是什么", "往楼下扔电池算高空抛物吗",
        "电池和烟头分别是什么垃圾"})
    void otherQuestionsAreLeftToTheKnowledgeBase(String question) {
        assertThat(guide.answer(TextNormalizer.normalize(question))).isEmpty();
    }
}
