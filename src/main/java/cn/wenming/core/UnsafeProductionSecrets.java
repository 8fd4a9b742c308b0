package cn.wenming.core;

import java.util.List;

/** Thrown by {@link ProductionSecrets}: the {@code prod} profile with secrets that are missing, dev or weak. */
public class UnsafeProductionSecrets extends RuntimeException {

    private final List<String> problems;

    UnsafeProductionSecrets(List<String> problems) {
        super("The prod profile refuses to start:\n" + String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
