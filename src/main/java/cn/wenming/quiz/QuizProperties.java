package cn.wenming.quiz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the quiz runs.
 *
 * @param dir                question files (knowledge/quiz/*.yml)
 * @param roundSize          questions in a round
 * @param timePerQuestion    the server's clock per question; a later answer counts as wrong
 * @param minPlausibleAnswer answers faster than this are kept but the round is flagged
 * @param dailyScoredRounds  scored rounds a resident may start per day (the best one counts)
 * @param repeatWindow       a question a resident saw within this window is not served again if avoidable
 * @param certificateScore   the score from which a round earns a certificate
 * @param campaignName       printed on certificates
 * @param headcounts         people expected to take part, by community code or 单位 code (participation rates)
 * @param units              单位 codes residents may give, with their names
 */
@ConfigurationProperties("wenming.quiz")
public record QuizProperties(
        @DefaultValue("knowledge/quiz") Path dir,
        @DefaultValue("5") int roundSize,
        @DefaultValue("30s") Duration timePerQuestion,
        @DefaultValue("1500ms") Duration minPlausibleAnswer,
        @DefaultValue("3") int dailyScoredRounds,
        @DefaultValue("7d") Duration repeatWindow,
        @DefaultValue("90") int certificateScore,
        @DefaultValue("创建全国文明城市 文明知识答题") String campaignName,
        Map<String, Integer> headcounts,
        Map<String, String> units) {

    public Map<String, Integer> headcounts() {
        return headcounts == null ? Map.of() : headcounts;
    }

    public Map<String, String> units() {
        return units == null ? Map.of() : units;
    }
}
