package cn.wenming.knowledge;

import java.util.List;

/**
 * What the chat makes of a message before (and besides) the knowledge base, for the console's
 * 试一试: implemented where messages are understood, so that this module need not know how.
 */
public interface IntentExplainer {

    /** One intent with the classifier's probability; {@code label} is for editors. */
    record Guess(String intent, String label, double score) {
    }

    /**
     * @param served what the chat would do with the message (its final intent, label for editors)
     * @param cue    the cheap cue that decided before the classifier (command, ticket …), or null
     * @param ranked the classifier's intents, most likely first (empty when a cue decided)
     */
    record Explanation(String served, String cue, List<Guess> ranked) {
    }

    Explanation explain(String message);
}
