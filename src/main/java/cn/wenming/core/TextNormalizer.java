package cn.wenming.core;

import com.hankcs.hanlp.HanLP;
import java.text.Normalizer;

/**
 * Normalises what residents type before anything looks at it: full-width forms folded (NFKC),
 * Traditional characters converted to Simplified, letters lower-cased, emoji and punctuation
 * replaced by spaces, runs of whitespace collapsed.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String simplified = HanLP.convertToSimplifiedChinese(folded).toLowerCase();
        StringBuilder out = new StringBuilder(simplified.length());
        boolean space = false;
        for (int i = 0; i < simplified.length(); ) {
            int cp = simplified.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space && out.length() > 0) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().strip();
    }

    /** Loads HanLP's conversion dictionaries now rather than on the first resident's message. */
    public static void warmUp() {
        normalize("預熱");
    }
}
