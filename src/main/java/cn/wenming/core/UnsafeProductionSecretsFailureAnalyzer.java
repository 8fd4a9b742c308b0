package cn.wenming.core;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the refused secrets as a plain list instead of a stack trace (registered in META-INF/spring.factories). */
public class UnsafeProductionSecretsFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeProductionSecrets> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeProductionSecrets cause) {
        String lines = cause.problems().stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
        return new FailureAnalysis(
                "The prod profile refuses to start with missing, published dev or weak secrets:\n\n" + lines,
                "Set each variable above in the environment (keys: openssl rand -hex 32). README, "
                        + "\"Production secrets\", says what each one protects.",
                cause);
    }
}
