package cn.wenming.ask;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How messages are understood ({@code wenming.intents}). The labelled examples are data
 * ({@code knowledge/intents/*.yml}); exact commands come from {@code config/commands.yml}.
 *
 * @param examplesDir   one YAML file per intent: {@code intent:} and {@code examples:}
 * @param featureMargin how far a feature's probability must lead the knowledge label's for the
 *                      message to go to that feature without asking the knowledge base; closer
 *                      than this, a confident knowledge answer wins, and a declined question goes
 *                      to the feature
 * @param lexicalConfidence a message the character n-gram model alone labels with at least this
 *                      probability is classified without its sentence vector (the embedding model
 *                      is most of the CPU a new question costs); below it, the full model decides.
 *                      1 or more always runs the full model. At 0.8 about half the evaluation
 *                      questions skip the vector and none changed its intent (docs/answer-quality.md)
 */
@ConfigurationProperties("wenming.intents")
public record IntentProperties(
        @DefaultValue("knowledge/intents") Path examplesDir,
        @DefaultValue("0.3") double featureMargin,
        @DefaultValue("0.8") double lexicalConfidence) {
}
