package cn.wenming.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operators' bearer token ({@code wenming.ops.token}), for everything that is neither a resident's
 * nor a staff member's: menu publishing and the Prometheus scrape. Without a token configured nothing
 * is admitted, so an instance started without one exposes none of it.
 */
@Component
public class OpsToken {

    private final byte[] expected;

    public OpsToken(@Value("${wenming.ops.token:}") String token) {
        this.expected = token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether an {@code Authorization} header value is {@code Bearer <token>}. Compared in constant time,
     * so how long a refusal takes tells nothing about how much of a guess was right.
     */
    public boolean admits(String authorization) {
        return expected != null && authorization != null
                && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }
}
