package cn.wenming.knowledge;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Word segmentation by HanLP, which (unlike smartcn) takes a custom dictionary: 厨余垃圾, 闯红灯 and
 * 创文 stay whole words. Whitespace and punctuation terms are dropped (input is already normalised).
 */
final class HanLpTokenizer extends Tokenizer {

    private final Segment segment = HanLP.newSegment().enableCustomDictionary(true);
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private List<Term> terms;
    private int next;

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (terms == null) {
            terms = segment.seg(readAll());
            next = 0;
        }
        while (next < terms.size()) {
            Term found = terms.get(next++);
            if (!found.word.isBlank()) {
                term.append(found.word);
                offset.setOffset(correctOffset(found.offset), correctOffset(found.offset + found.length()));
                return true;
            }
        }
        return false;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        terms = null;
    }

    private String readAll() throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[256];
        for (int n = input.read(buffer); n != -1; n = input.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }
}
