package cn.wenming.wechat;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.util.xml.XStreamTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /wx/portal/{appid}}: WeChat's server URL for each official account. It only authenticates
 * and unwraps; the dispatcher and handlers do the work. Every refusal is a 4xx with a one-line reason
 * (unknown appid 404, bad signature, stale timestamp, reused signature or a mode the account does not
 * accept 403, bad XML 400, oversized body 413).
 *
 * <p>Modes accepted. The URL {@code signature} covers only (token, timestamp, nonce), never the body,
 * so a plaintext body is authenticated by nothing but a signature anyone who saw one request can
 * reuse. Hence an account with an AES key takes safe mode only: {@code encrypt_type=aes}, a valid
 * {@code msg_signature} over the ciphertext, and an envelope without plain message fields. Its
 * {@code allow-compatible-mode} flag (for a migration, off by default) also admits compatible-mode and
 * plaintext bodies. An account without a key takes plaintext only. Every message's (timestamp, nonce)
 * pair is remembered; see {@link SignatureNonces} for how a retry is told from a replay.
 */
@RestController
class WeChatPortalController {

    private static final Logger log = LoggerFactory.getLogger(WeChatPortalController.class);
    private static final String SUCCESS = "success";
    private static final MediaType XML = new MediaType("application", "xml", StandardCharsets.UTF_8);
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final WeChatAccounts accounts;
    private final MessageDispatcher dispatcher;
    private final WeChatProperties properties;
    private final SignatureNonces nonces;

    WeChatPortalController(WeChatAccounts accounts, MessageDispatcher dispatcher, WeChatProperties properties,
            SignatureNonces nonces) {
        this.accounts = accounts;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.nonces = nonces;
    }

    /** URL verification when the server address is saved in the WeChat admin console. */
    @GetMapping("/wx/portal/{appid}")
    ResponseEntity<String> verify(@PathVariable String appid,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String timestamp,
            @RequestParam(required = false) String nonce,
            @RequestParam(required = false) String echostr) {
        MessageCrypto crypto = accounts.crypto(appid);
        authenticate(crypto, signature, timestamp, nonce);
        if (echostr == null) {
            throw new PortalRejection(HttpStatus.BAD_REQUEST, "echostr missing");
        }
        // A pair used here can no longer carry a message (WeChat's verification URLs end up in logs).
        nonces.claim(nonces.forVerification(appid, timestamp, nonce, echostr)).ifPresent(reason -> {
            throw new PortalRejection(HttpStatus.FORBIDDEN, reason);
        });
        return ResponseEntity.ok().contentType(TEXT).body(echostr);
    }

    @PostMapping("/wx/portal/{appid}")
    ResponseEntity<String> receive(@PathVariable String appid,
            @RequestParam(required = false) String signature,
            @RequestParam(required = false) String timestamp,
            @RequestParam(required = false) String nonce,
            @RequestParam(name = "encrypt_type", required = false) String encryptType,
            @RequestParam(name = "msg_signature", required = false) String msgSignature,
            HttpServletRequest request) throws IOException {
        MessageCrypto crypto = accounts.crypto(appid);
        String body = readBody(request);
        authenticate(crypto, signature, timestamp, nonce);
        Map<String, String> envelope = SafeXml.fields(body);
        boolean hasKey = crypto.canDecrypt();
        boolean compatibleAllowed = hasKey && accounts.allowsCompatibleMode(appid);
        boolean encrypted = "aes".equalsIgnoreCase(encryptType);
        if (!encrypted && encryptType != null && !"raw".equalsIgnoreCase(encryptType)) {
            throw new PortalRejection(HttpStatus.BAD_REQUEST, "unknown encrypt_type");
        }
        MessageCrypto.Decrypted decrypted = null;
        Map<String, String> fields = envelope;
        String xml = body;
        if (encrypted) {
            String cipherText = envelope.get("Encrypt");
            if (cipherText == null || !hasKey) {
                throw new PortalRejection(HttpStatus.BAD_REQUEST, "no Encrypt element or no AES key configured");
            }
            if (!crypto.verifyMsgSignature(msgSignature, timestamp, nonce, cipherText)) {
                throw new PortalRejection(HttpStatus.FORBIDDEN, "msg_signature does not match");
            }
            if (!compatibleAllowed && (envelope.containsKey("MsgType") || envelope.containsKey("FromUserName"))) {
                throw new PortalRejection(HttpStatus.FORBIDDEN, "compatible-mode body refused: this account takes"
                        + " safe mode only (wechat.accounts[].allow-compatible-mode is off)");
            }
            try {
                decrypted = crypto.decrypt(cipherText);
            } catch (SecurityException e) {
                throw new PortalRejection(HttpStatus.FORBIDDEN, "message does not decrypt for this account");
            }
            xml = decrypted.xml();
            fields = SafeXml.fields(xml);
        } else if (hasKey && !compatibleAllowed) {
            throw new PortalRejection(HttpStatus.FORBIDDEN, "plaintext message refused: this account has an AES"
                    + " key and takes safe mode only (encrypt_type=aes;"
                    + " wechat.accounts[].allow-compatible-mode is off)");
        }
        WxMpXmlMessage message = toMessage(xml);
        Optional<String> reply = dispatcher.dispatch(appid, message,
                nonces.forMessage(appid, timestamp, nonce, fields));
        if (reply.isEmpty()) {
            return ResponseEntity.ok().contentType(TEXT).body(SUCCESS);
        }
        String out = decrypted == null ? reply.get()
                : crypto.encryptedReply(decrypted.key(), reply.get(), timestamp, nonce);
        return ResponseEntity.ok().contentType(XML).body(out);
    }

    @ExceptionHandler(PortalRejection.class)
    ResponseEntity<String> rejected(PortalRejection rejection) {
        log.info("wechat portal refused a request: {} {}", rejection.status().value(), rejection.getMessage());
        return ResponseEntity.status(rejection.status()).contentType(TEXT).body(rejection.getMessage());
    }

    @ExceptionHandler(SafeXml.MalformedMessageException.class)
    ResponseEntity<String> malformed(SafeXml.MalformedMessageException e) {
        return rejected(new PortalRejection(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    private void authenticate(MessageCrypto crypto, String signature, String timestamp, String nonce) {
        if (signature == null || timestamp == null || nonce == null) {
            throw new PortalRejection(HttpStatus.FORBIDDEN, "signature, timestamp and nonce are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new PortalRejection(HttpStatus.FORBIDDEN, "timestamp is not a number");
        }
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > properties.maxClockSkew().toSeconds()) {
            throw new PortalRejection(HttpStatus.FORBIDDEN, "timestamp too far from server time");
        }
        if (!crypto.verifySignature(signature, timestamp, nonce)) {
            throw new PortalRejection(HttpStatus.FORBIDDEN, "signature does not match");
        }
    }

    private String readBody(HttpServletRequest request) throws IOException {
        long limit = properties.maxBody().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw new PortalRejection(HttpStatus.CONTENT_TOO_LARGE, "body larger than " + limit + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw new PortalRejection(HttpStatus.CONTENT_TOO_LARGE, "body larger than " + limit + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static WxMpXmlMessage toMessage(String xml) {
        try {
            // XStream mapping only: WxMpXmlMessage.fromXml also re-parses the body with dom4j (with a
            // parser factory lookup per call) to fill a field map nothing here reads.
            WxMpXmlMessage message = XStreamTransformer.fromXml(WxMpXmlMessage.class, xml);
            if (message.getMsgType() == null || message.getFromUser() == null) {
                throw new PortalRejection(HttpStatus.BAD_REQUEST, "MsgType and FromUserName are required");
            }
            return message;
        } catch (RuntimeException e) {
            if (e instanceof PortalRejection rejection) {
                throw rejection;
            }
            throw new PortalRejection(HttpStatus.BAD_REQUEST, "not a WeChat message");
        }
    }
}
