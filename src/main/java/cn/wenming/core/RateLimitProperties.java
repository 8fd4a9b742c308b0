package cn.wenming.core;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests per client address ({@code wenming.rate-limits}): each rule names the paths it counts (Ant
 * patterns), optionally one HTTP method, and how many requests a window allows. The first rule that
 * matches a request counts it; a request over the limit gets 429 with Retry-After.
 */
@ConfigurationProperties("wenming.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, List<Rule> rules) {

    public RateLimitProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * @param name     what the counter is called (several rules may share one)
     * @param paths    Ant patterns of the paths it counts
     * @param method   the HTTP method it counts, or empty for every method
     * @param requests how many requests a client address may make per window
     * @param per      the window
     */
    public record Rule(String name, List<String> paths, @DefaultValue("") String method, int requests,
            Duration per) {
    }
}
