package cn.wenming.report;

import java.util.Optional;

/** A resident's verdict on a handled report (回访). */
public enum Rating {
    SATISFIED("满意", "1"),
    BASIC("基本满意", "2"),
    UNSATISFIED("不满意", "3");

    private final String label;
    private final String digit;

    Rating(String label, String digit) {
        this.label = label;
        this.digit = digit;
    }

    public String label() {
        return label;
    }

    /** "1" / "满意" and so on, as a resident replies in the chat. */
    static Optional<Rating> fromReply(String text) {
        for (Rating rating : values()) {
            if (rating.digit.equals(text) || rating.label.equals(text)) {
                return Optional.of(rating);
            }
        }
        return Optional.empty();
    }
}
