package cn.wenming.ask;

import cn.wenming.core.TextNormalizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Keyword rules, in order: greeting, feature command (the longest matching phrase decides),
 * reported incident, otherwise knowledge.
 * "乱扔垃圾罚多少钱" is a question about the rule, "楼下有人乱扔垃圾" is a report: a question marker
 * turns a command or incident word back into a knowledge question unless the message opens with an
 * imperative such as 我要.
 */
@Component
class IntentClassifier {

    private static final int MAX_GREETING_CHARS = 6;

    private final List<String> greetings;
    private final Map<Intent, List<String>> commands;
    private final List<String> incidents;
    private final List<String> questionMarkers;
    private final List<String> imperatives;
    private final List<String> moreRequests;
    private final List<String> humanRequests;

    IntentClassifier(IntentProperties properties) {
        this.greetings = normalized(properties.greetings());
        this.commands = properties.commands().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> normalized(e.getValue())));
        this.incidents = normalized(properties.incidents());
        this.questionMarkers = normalized(properties.questionMarkers());
        this.imperatives = normalized(properties.imperatives());
        this.moreRequests = normalized(properties.moreRequests());
        this.humanRequests = normalized(properties.humanRequests());
    }

    /** Classifies already-normalised text; KNOWLEDGE means "ask the knowledge base". */
    Intent classify(String text) {
        if (text.isEmpty()) {
            return Intent.UNKNOWN;
        }
        String compact = text.replace(" ", "");
        if (greetings.stream().anyMatch(g -> compact.equals(g)
                || compact.length() <= MAX_GREETING_CHARS && compact.startsWith(g))) {
            return Intent.GREETING;
        }
        boolean command = imperatives.stream().anyMatch(compact::startsWith)
                || questionMarkers.stream().noneMatch(compact::contains);
        if (!command) {
            return Intent.KNOWLEDGE;
        }
        return mentionedFeature(text).orElse(Intent.KNOWLEDGE);
    }

    /** "还有吗", "详细点": the resident wants more on the answer just given. */
    boolean asksForMore(String text) {
        return moreRequests.contains(text.replace(" ", ""));
    }

    /** "人工", "转人工": the resident wants a person. */
    boolean asksForHuman(String text) {
        return humanRequests.contains(text.replace(" ", ""));
    }

    /**
     * The feature a message mentions, whether or not it is phrased as a question: a question the
     * knowledge base cannot answer ("今天的每日答题在哪") is still best served by that feature.
     */
    Optional<Intent> mentionedFeature(String text) {
        String compact = text.replace(" ", "");
        // The longest matching phrase is the most specific: 查询我的举报 is STATUS, not REPORT.
        Intent best = null;
        int bestLength = 0;
        for (Map.Entry<Intent, List<String>> rule : commands.entrySet()) {
            for (String phrase : rule.getValue()) {
                if (phrase.length() > bestLength && compact.contains(phrase)) {
                    best = rule.getKey();
                    bestLength = phrase.length();
                }
            }
        }
        if (best == null && incidents.stream().anyMatch(compact::contains)) {
            best = Intent.REPORT;
        }
        return Optional.ofNullable(best);
    }

    private static List<String> normalized(List<String> words) {
        return words == null ? List.of()
                : words.stream().map(TextNormalizer::normalize).map(w -> w.replace(" ", "")).toList();
    }
}
