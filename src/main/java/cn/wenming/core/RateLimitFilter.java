package cn.wenming.core;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts requests per client address in Redis, shared by every instance (a fixed window per rule,
 * one round trip), and answers 429 with Retry-After past the limit. Open311 URLs get the error in the
 * spec's format, pages the Chinese error page, {@code /api} JSON (the usual error handling does that
 * with the status). Without Redis nothing is limited: answering matters more than counting.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final long WARN_EVERY_MILLIS = 60_000;
    /** INCR, and the window's expiry on the first request: {count, milliseconds left}. */
    private static final DefaultRedisScript<List> COUNT = new DefaultRedisScript<>("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, redis.call('PTTL', KEYS[1])}""", List.class);

    private final List<RateLimitProperties.Rule> rules;
    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;
    private final AntPathMatcher paths = new AntPathMatcher();
    private final AtomicLong lastWarning = new AtomicLong();

    public RateLimitFilter(RateLimitProperties properties, StringRedisTemplate redis, OpenIdHasher hasher) {
        this.rules = properties.enabled() ? properties.rules() : List.of();
        this.redis = redis;
        this.hasher = hasher;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<RateLimitProperties.Rule> rule = rules.stream().filter(r -> matches(r, request)).findFirst();
        if (rule.isPresent()) {
            long retryAfter = overLimit(rule.get(), request.getRemoteAddr());
            if (retryAfter > 0) {
                response.setHeader("Retry-After", String.valueOf(retryAfter));
                response.sendError(429);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean matches(RateLimitProperties.Rule rule, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return (rule.method().isEmpty() || rule.method().equalsIgnoreCase(request.getMethod()))
                && rule.paths().stream().anyMatch(pattern -> paths.match(pattern, path));
    }

    /** Seconds until the window ends if this request is over the limit, else 0. */
    private long overLimit(RateLimitProperties.Rule rule, String address) {
        // The address only as its keyed hash: it is personal data.
        String key = "wenming:rate:" + rule.name() + ":" + hasher.hash(address);
        try {
            List<?> result = redis.execute(COUNT, List.of(key), String.valueOf(rule.per().toMillis()));
            long count = ((Number) result.get(0)).longValue();
            long millisLeft = Math.max(((Number) result.get(1)).longValue(), 1);
            return count > rule.requests() ? (millisLeft + 999) / 1000 : 0;
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            long last = lastWarning.get();
            if (now - last > WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
                log.warn("Rate limits not counted, Redis unavailable: {}", e.getMessage());
            }
            return 0;
        }
    }
}
