package cn.wenming.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keyed hash of an openid, for logs and analytics tables: it lets us count and correlate a
 * resident's messages without ever writing the openid itself where staff can read it.
 */
@Component
public class OpenIdHasher {

    private final SecretKeySpec key;

    public OpenIdHasher(@Value("${wenming.privacy.openid-hash-key}") String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("wenming.privacy.openid-hash-key must be set");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** 32 hex characters; stable for one key. Null in, null out (e.g. questions from the JSON API). */
    public String hash(String openid) {
        if (openid == null || openid.isEmpty()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(openid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
