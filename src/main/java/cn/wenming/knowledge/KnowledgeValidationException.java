package cn.wenming.knowledge;

import java.util.List;

/** The knowledge folder has entries that must not be served; the message lists every problem. */
public class KnowledgeValidationException extends RuntimeException {

    private final List<String> problems;

    public KnowledgeValidationException(List<String> problems) {
        super("Knowledge base is invalid (" + problems.size() + " problem(s)):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
