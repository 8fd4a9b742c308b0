package cn.wenming.inspection;

/** The kinds of round the campaign runs (周督导、暗访、模拟测评). */
public enum RoundKind {
    SUPERVISION("督导"), UNANNOUNCED("暗访"), MOCK("模拟测评");

    private final String label;

    RoundKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
