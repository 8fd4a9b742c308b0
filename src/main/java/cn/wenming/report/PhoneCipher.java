package cn.wenming.report;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Residents' phone numbers: stored AES-GCM encrypted (so a database dump does not leak them) and
 * shown only masked, {@code 138****1234}. Nothing reads them back yet; a call-back feature would add that.
 * Volunteer registration stores its phone numbers the same way, with the same key.
 */
@Component
@org.springframework.modulith.NamedInterface("phones")
public class PhoneCipher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    PhoneCipher(ReportProperties properties) throws GeneralSecurityException {
        String secret = properties.phoneKey();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("wenming.report.phone-key must be set");
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        this.key = new SecretKeySpec(digest, "AES");
    }

    public String encrypt(String phone) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(phone.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** 13812341234 → 138****1234; anything shorter keeps only its last two digits. */
    public static String mask(String phone) {
        if (phone.length() >= 11) {
            return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
        }
        return "*".repeat(Math.max(0, phone.length() - 2)) + phone.substring(Math.max(0, phone.length() - 2));
    }
}
