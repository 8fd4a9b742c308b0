package cn.wenming.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the knowledge base lives and how sure the answerer must be.
 *
 * @param dir            folder of topic files (version-controlled {@code knowledge/})
 * @param stopwordsFile  function words dropped from questions before matching
 * @param reloadInterval how often the folder is checked for edits
 * @param answerCoverage minimum coverage to answer outright
 * @param suggestCoverage minimum coverage to offer "您是不是想问"; below it the service declines
 * @param answerMargin   minimum score gap to the runner-up to answer outright
 * @param confidentCoverage answers below this coverage are logged for editors to review
 */
@ConfigurationProperties("wenming.knowledge")
public record KnowledgeProperties(
        @DefaultValue("knowledge") Path dir,
        @DefaultValue("config/stopwords.txt") Path stopwordsFile,
        @DefaultValue("10s") Duration reloadInterval,
        @DefaultValue("0.6") double answerCoverage,
        @DefaultValue("0.35") double suggestCoverage,
        @DefaultValue("0.05") double answerMargin,
        @DefaultValue("0.8") double confidentCoverage) {
}
