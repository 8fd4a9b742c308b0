package cn.wenming.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.support.QrReader;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void aCodeReadsBackAsItsContentIncludingChinese() {
        String link = "https://wenming.example.cn/h5/report?point=HF-NM-001&名称=荷风农贸市场";
        assertThat(QrReader.read(QrCodes.png(link, 240))).isEqualTo(link);
    }

    @Test
    void emptyOrOverlongContentIsRefused() {
        assertThatThrownBy(() -> QrCodes.png("", 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCodes.png("x".repeat(QrCodes.MAX_CONTENT + 1), 200))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
