package cn.wenming.quiz;

import java.util.List;
import java.util.Set;

/**
 * One question of the bank. {@code correct} holds the indices of the right options; a 判断 question
 * has no options and {@code correct} is {0} for 对 or {1} for 错 (its two implicit options).
 */
public record QuizQuestion(String id, Type type, String topic, String question, List<String> options,
        Set<Integer> correct, String entryId, String explanation, int difficulty, boolean enabled) {

    public enum Type {
        SINGLE("单选"), MULTIPLE("多选"), JUDGE("判断");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The options a resident chooses from: a 判断 question's are 对 and 错. */
    public List<String> choices() {
        return type == Type.JUDGE ? List.of("对", "错") : options;
    }
}
