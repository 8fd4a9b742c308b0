package cn.wenming.ask;

import java.util.List;

/**
 * The answer to one question, as the JSON API returns it and the chat renders it. {@code followUp}
 * marks a list of entries related to the previous answer (the resident asked "还有吗"), as opposed
 * to "您是不是想问" choices.
 */
public record AskResult(
        String intent,
        boolean answered,
        String entryId,
        String question,
        String answer,
        double score,
        List<Suggestion> suggestions,
        boolean followUp) {

    public record Suggestion(String entryId, String question) {
    }

    static AskResult forIntent(Intent intent) {
        return new AskResult(intent.key(), false, null, null, null, 0, List.of(), false);
    }
}
