package cn.wenming.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message signature and AES scheme for one account (WXBizMsgCrypt): AES-256-CBC with the
 * IV taken from the key, plaintext {@code random(16) ‖ length(4) ‖ xml ‖ appid}, PKCS#7 padding to
 * 32 bytes. Unlike WxJava's WxCryptUtil it checks the appid inside the message and supports the
 * previous key during an EncodingAESKey rotation.
 */
final class MessageCrypto {

    private static final int BLOCK = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String appId;
    private final String token;
    private final List<byte[]> keys;

    MessageCrypto(String appId, String token, String aesKey, String previousAesKey) {
        this.appId = appId;
        this.token = token;
        List<byte[]> usable = new ArrayList<>();
        if (aesKey != null && !aesKey.isBlank()) {
            usable.add(decodeKey(aesKey));
        }
        if (previousAesKey != null && !previousAesKey.isBlank()) {
            usable.add(decodeKey(previousAesKey));
        }
        this.keys = List.copyOf(usable);
    }

    /** The plaintext of a message and the key that opened it (the reply must use the same key). */
    record Decrypted(String xml, byte[] key) {
    }

    static byte[] decodeKey(String encodingAesKey) {
        if (!encodingAesKey.matches("[a-zA-Z0-9]{43}")) {
            throw new IllegalArgumentException("An EncodingAESKey is 43 letters and digits");
        }
        return Base64.getDecoder().decode(encodingAesKey + "=");
    }

    /** sha1 of the parts sorted and joined, as in every WeChat signature. */
    static String sign(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean verifySignature(String signature, String timestamp, String nonce) {
        return matches(signature, sign(token, timestamp, nonce));
    }

    boolean verifyMsgSignature(String msgSignature, String timestamp, String nonce, String encrypted) {
        return matches(msgSignature, sign(token, timestamp, nonce, encrypted));
    }

    boolean canDecrypt() {
        return !keys.isEmpty();
    }

    /** Tries the current key, then the previous one; fails unless a key yields this account's appid. */
    Decrypted decrypt(String base64) {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SecurityException("Encrypt is not Base64");
        }
        for (byte[] key : keys) {
            String xml = open(key, cipherText);
            if (xml != null) {
                return new Decrypted(xml, key);
            }
        }
        throw new SecurityException("No configured key decrypts the message for this appid");
    }

    private String open(byte[] key, byte[] cipherText) {
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            return null;
        }
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE, key).doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            return null;
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length - 20) {
            return null;
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            return null;
        }
        String foundAppId = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!foundAppId.equals(appId)) {
            return null;
        }
        return new String(plain, 20, length, StandardCharsets.UTF_8);
    }

    /** Base64 ciphertext of {@code xml}, with the given 16-character random prefix. */
    String encrypt(byte[] key, String random16, String xml) {
        byte[] random = random16.getBytes(StandardCharsets.UTF_8);
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        byte[] id = appId.getBytes(StandardCharsets.UTF_8);
        int unpadded = random.length + 4 + body.length + id.length;
        int pad = BLOCK - unpadded % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(random).putInt(body.length).put(body).put(id);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, key).doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The encrypted, signed envelope WeChat expects as a safe-mode reply. */
    String encryptedReply(byte[] key, String replyXml, String timestamp, String nonce) {
        String encrypted = encrypt(key, randomString(16), replyXml);
        return "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt>"
                + "<MsgSignature><![CDATA[" + sign(token, timestamp, nonce, encrypted) + "]]></MsgSignature>"
                + "<TimeStamp>" + timestamp + "</TimeStamp>"
                + "<Nonce><![CDATA[" + ReplyXml.inCdata(nonce) + "]]></Nonce></xml>";
    }

    static String randomString(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }

    private static Cipher cipher(int mode, byte[] key) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return cipher;
    }

    private static boolean matches(String given, String expected) {
        return given != null && MessageDigest.isEqual(
                given.toLowerCase().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
