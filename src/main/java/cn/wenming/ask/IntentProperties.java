package cn.wenming.ask;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trigger words per intent (config/application.yml, {@code wenming.intents}).
 *
 * @param greetings      whole-message greetings (你好, 在吗 …)
 * @param commands       per intent, phrases that ask for that feature (我要举报, 开始答题 …)
 * @param incidents      uncivil behaviour or city problems that, said as a statement, are a report
 * @param questionMarkers words that make a message a question about a topic rather than a command
 * @param imperatives    openings that make a message a command even if it contains a question marker
 * @param moreRequests   whole messages asking for more on the last answer (还有吗, 详细点 …)
 * @param humanRequests  whole messages asking for a human agent (人工, 转人工 …)
 */
@ConfigurationProperties("wenming.intents")
public record IntentProperties(
        List<String> greetings,
        Map<Intent, List<String>> commands,
        List<String> incidents,
        List<String> questionMarkers,
        List<String> imperatives,
        List<String> moreRequests,
        List<String> humanRequests) {
}
