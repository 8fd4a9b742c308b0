package cn.wenming.ask;

import java.util.Locale;

/**
 * What a resident wants from a message. {@code OTHER} is a request outside the campaign (train
 * tickets, jokes): the knowledge base still gets a chance, and declines.
 */
public enum Intent {
    KNOWLEDGE, REPORT, QUIZ, SURVEY, STATUS, GREETING, OTHER, UNKNOWN, VOLUNTEER;

    /** The lower-case name used in the JSON API, in menu keys and in the example files. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this names a feature with a flow of its own (report, status, quiz, survey, volunteering). */
    public boolean feature() {
        return this == REPORT || this == STATUS || this == QUIZ || this == SURVEY || this == VOLUNTEER;
    }

    /** Menu CLICK keys are intent names (config/menu.json); unknown keys mean "help". */
    public static Intent fromKey(String key) {
        for (Intent intent : values()) {
            if (intent.name().equalsIgnoreCase(key)) {
                return intent;
            }
        }
        return UNKNOWN;
    }
}
