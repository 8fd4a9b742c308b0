package cn.wenming.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the knowledge base lives and how sure the answerer must be.
 *
 * @param dir             folder of topic files and garbage-items.tsv (version-controlled {@code knowledge/})
 * @param stopwordsFile   function words dropped from questions before matching
 * @param synonymsFile    domain synonym groups, first term canonical
 * @param dictionaryFile  domain words the segmenter must keep whole
 * @param reloadInterval  how often the folder is checked for edits
 * @param answerCacheSize answers kept per instance by normalised question (residents repeat themselves);
 *                        0 also keeps no question vectors between messages: every question is new
 * @param bands           decision thresholds on Lucene signals
 * @param semantic        sentence-embedding re-ranking and recall
 * @param cityWording     the city's own wording where cities differ (创建宗旨, 创建理念 …), filling
 *                        {@code {{city:KEY}}} in answers
 */
@ConfigurationProperties("wenming.knowledge")
public record KnowledgeProperties(
        @DefaultValue("knowledge") Path dir,
        @DefaultValue("config/stopwords.txt") Path stopwordsFile,
        @DefaultValue("config/synonyms.txt") Path synonymsFile,
        @DefaultValue("config/dictionary.txt") Path dictionaryFile,
        @DefaultValue("10s") Duration reloadInterval,
        @DefaultValue("10000") int answerCacheSize,
        @DefaultValue Bands bands,
        @DefaultValue Semantic semantic,
        Map<String, String> cityWording) {

    /**
     * @param answerCoverage    coverage to answer on Lucene alone (with {@code answerMargin} over the runner-up)
     * @param suggestCoverage   coverage that makes an entry plausible enough to suggest
     * @param answerMargin      score gap to the runner-up needed to answer on Lucene alone
     * @param confidentCoverage answers below this coverage are logged for editors to review
     */
    public record Bands(
            @DefaultValue("0.6") double answerCoverage,
            @DefaultValue("0.35") double suggestCoverage,
            @DefaultValue("0.05") double answerMargin,
            @DefaultValue("0.8") double confidentCoverage) {
    }

    /**
     * Bands on the hybrid score (0.6 × cosine + 0.4 × coverage), used when Lucene alone was unsure.
     *
     * @param enabled            off: Lucene signals only (also the fallback when the model cannot load)
     * @param cacheDir           where knowledge vectors are cached by content hash
     * @param answerScore        hybrid score needed to answer
     * @param suggestScore       hybrid score that makes an entry plausible enough to suggest
     * @param margin             hybrid-score gap to the runner-up needed to answer
     * @param sameQuestionCosine a cosine this high means the question is one of the entry's
     *                           phrasings in other words: answered even if a sibling entry is close
     */
    public record Semantic(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("data/cache/embeddings") Path cacheDir,
            @DefaultValue("0.55") double answerScore,
            @DefaultValue("0.50") double suggestScore,
            @DefaultValue("0.03") double margin,
            @DefaultValue("0.92") double sameQuestionCosine) {
    }
}
