package cn.wenming.knowledge;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The ways a question is cut into terms, identical for the knowledge text and for residents'
 * questions: words (HanLP with the domain dictionary), overlapping character bigrams (recall when a
 * word is split or new), and toneless pinyin syllable pairs (homophone typos: 垃圾分累 = 垃圾分类).
 * Synonyms are folded to one canonical term first; function words (怎么, 什么 …) are dropped, since
 * they match every question and decide nothing.
 */
final class KnowledgeAnalysis {

    static final String WORDS = "words";
    static final String BIGRAMS = "bigrams";
    static final String PINYIN = "pinyin";

    private final Synonyms synonyms;
    private final List<String> stopwords;
    private final Analyzer words;
    private final Analyzer bigrams;
    private final Analyzer pinyin = new WhitespaceAnalyzer();

    KnowledgeAnalysis(Set<String> stopwords, Synonyms synonyms, List<String> dictionary) {
        this.synonyms = synonyms;
        // Longest first, so 是什么 goes before 什么 when stripping text for pinyin.
        this.stopwords = stopwords.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        dictionary.forEach(CustomDictionary::add);
        CharArraySet stops = new CharArraySet(stopwords, false);
        this.words = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new HanLpTokenizer();
                return new TokenStreamComponents(source, new StopFilter(new LowerCaseFilter(source), stops));
            }
        };
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

    /** Normalised text with synonyms folded: what every field is built from. */
    String canonical(String normalized) {
        return synonyms.canonical(normalized);
    }

    Analyzer words() {
        return words;
    }

    Analyzer bigrams() {
        return bigrams;
    }

    Analyzer pinyin() {
        return pinyin;
    }

    List<String> wordTerms(String canonical) {
        return terms(words, WORDS, canonical);
    }

    Set<String> bigramTerms(String canonical) {
        return new LinkedHashSet<>(terms(bigrams, BIGRAMS, canonical));
    }

    /** Pairs of adjacent toneless syllables within each run of Chinese characters, function words removed. */
    Set<String> pinyinTerms(String canonical) {
        String text = canonical;
        for (String stop : stopwords) {
            if (stop.length() > 1) {
                text = text.replace(stop, " ");
            }
        }
        Set<String> pairs = new LinkedHashSet<>();
        List<Pinyin> syllables = HanLP.convertToPinyinList(text);
        String previous = null;
        for (int i = 0; i < text.length() && i < syllables.size(); i++) {
            Pinyin syllable = syllables.get(i);
            boolean han = Character.UnicodeScript.of(text.charAt(i)) == Character.UnicodeScript.HAN
                    && syllable != Pinyin.none5;
            String current = han ? syllable.getPinyinWithoutTone() : null;
            if (previous != null && current != null) {
                pairs.add(previous + current);
            }
            previous = current;
        }
        return pairs;
    }

    /** The whole text as toneless syllables (other characters kept), to recognise homophone typos. */
    String sound(String canonical) {
        StringBuilder out = new StringBuilder();
        List<Pinyin> syllables = HanLP.convertToPinyinList(canonical);
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            boolean han = i < syllables.size() && syllables.get(i) != Pinyin.none5
                    && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
            if (han) {
                out.append(syllables.get(i).getPinyinWithoutTone()).append(' ');
            } else if (c != ' ') {
                out.append(c);
            }
        }
        return out.toString().strip();
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
