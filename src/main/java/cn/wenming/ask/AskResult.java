package cn.wenming.ask;

import java.util.List;

/**
 * The answer to one question, as the JSON API returns it and the chat renders it. For an answer,
 * {@code suggestions} are entries related to it (what "还有吗" lists); otherwise they are the
 * "您是不是想问" choices. {@code followUp} marks such a related list given on request. {@code intents}
 * are the classifier's best guesses with their scores (empty when a cue decided).
 */
public record AskResult(
        String intent,
        boolean answered,
        String entryId,
        String question,
        String answer,
        double score,
        List<Suggestion> suggestions,
        boolean followUp,
        List<IntentScore> intents) {

    public record Suggestion(String entryId, String question) {
    }

    static AskResult forIntent(Intent intent, List<IntentScore> intents) {
        return new AskResult(intent.key(), false, null, null, null, 0, List.of(), false, intents);
    }

    /** The ids of the suggestions, in order (what a numeric reply or "还有吗" picks from). */
    public List<String> suggestionIds() {
        return suggestions.stream().map(Suggestion::entryId).toList();
    }

    /** The classifier's probability for {@code intent}, 0 when a cue decided or it was not ranked. */
    public double score(Intent intent) {
        return intents.stream().filter(s -> s.intent() == intent).mapToDouble(IntentScore::score).findFirst()
                .orElse(0);
    }

    /** Whether this is a numbered "您是不是想问" list the resident can pick from with a digit. */
    public boolean offersChoices() {
        return !answered && !suggestions.isEmpty();
    }
}
