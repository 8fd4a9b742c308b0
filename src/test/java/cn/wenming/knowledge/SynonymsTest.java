package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynonymsTest {

    private final Synonyms synonyms = Synonyms.parse(List.of(
            "# comment", "电动车,电瓶车,电动自行车", "头盔, 安全帽", "创建全国文明城市,创文,創城"));

    @Test
    void variantsBecomeTheCanonicalTermLongestFirst() {
        assertThat(synonyms.canonical("骑电动自行车要戴安全帽吗")).isEqualTo("骑电动车要戴头盔吗");
        assertThat(synonyms.canonical("电瓶车")).isEqualTo("电动车");
        // Traditional variants are folded like residents' input.
        assertThat(synonyms.canonical("创城有什么用")).isEqualTo("创建全国文明城市有什么用");
        assertThat(synonyms.canonical("文明养犬")).isEqualTo("文明养犬");
    }
}
