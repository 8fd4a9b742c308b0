package cn.wenming.ask;

import java.util.Locale;

/** What a resident wants from a message, decided before any knowledge search. */
public enum Intent {
    KNOWLEDGE, REPORT, QUIZ, SURVEY, STATUS, GREETING, UNKNOWN;

    /** The lower-case name used in the JSON API and in menu keys. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Menu CLICK keys are intent names (config/menu.json); unknown keys mean "help". */
    public static Intent fromMenuKey(String key) {
        for (Intent intent : values()) {
            if (intent.name().equalsIgnoreCase(key)) {
                return intent;
            }
        }
        return UNKNOWN;
    }
}
