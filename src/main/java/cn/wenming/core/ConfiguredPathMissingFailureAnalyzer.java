package cn.wenming.core;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Names the property and the missing path in one line instead of a stack trace (META-INF/spring.factories). */
public class ConfiguredPathMissingFailureAnalyzer extends AbstractFailureAnalyzer<ConfiguredPathMissing> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfiguredPathMissing cause) {
        return new FailureAnalysis(cause.getMessage(), null, cause);
    }
}
