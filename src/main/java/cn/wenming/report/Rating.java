package cn.wenming.report;

/** A resident's verdict on a handled report (回访); in the chat, the words of {@code report.rate-<command>}. */
public enum Rating {
    SATISFIED("满意", "satisfied"),
    BASIC("基本满意", "basic"),
    UNSATISFIED("不满意", "unsatisfied");

    private final String label;
    private final String command;

    Rating(String label, String command) {
        this.label = label;
        this.command = command;
    }

    public String label() {
        return label;
    }

    /** Its command in config/commands.yml. */
    String command() {
        return "report.rate-" + command;
    }
}
