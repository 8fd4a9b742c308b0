package cn.wenming.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The two ways a question is cut into terms: words (smartcn) and overlapping character bigrams.
 * Bigrams keep recall when the segmenter splits a domain word (厨余 → 厨/余); function words such as
 * 怎么/什么/哪些 are dropped from both, since they match every question and decide nothing.
 */
final class KnowledgeAnalysis {

    static final String WORDS = "words";
    static final String BIGRAMS = "bigrams";

    private final Analyzer words;
    private final Analyzer bigrams;

    KnowledgeAnalysis(Set<String> stopwords) {
        CharArraySet stops = new CharArraySet(stopwords, false);
        this.words = new SmartChineseAnalyzer(stops);
        this.bigrams = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream stream = new CJKWidthFilter(source);
                stream = new LowerCaseFilter(stream);
                // Never outputUnigrams=true at query time: the token graph explodes into too many clauses.
                stream = new CJKBigramFilter(stream, CJKBigramFilter.HAN, false);
                stream = new StopFilter(stream, stops);
                return new TokenStreamComponents(source, stream);
            }
        };
    }

    Analyzer words() {
        return words;
    }

    Analyzer bigrams() {
        return bigrams;
    }

    List<String> wordTerms(String text) {
        return terms(words, WORDS, text);
    }

    Set<String> bigramTerms(String text) {
        return new LinkedHashSet<>(terms(bigrams, BIGRAMS, text));
    }

    private static List<String> terms(Analyzer analyzer, String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
