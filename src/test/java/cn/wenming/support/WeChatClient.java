package cn.wenming.support;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.chanjar.weixin.common.util.crypto.SHA1;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Plays WeChat's server towards the portal. Encryption and signatures come from WxJava's
 * WxCryptUtil, an implementation independent of the service's own MessageCrypto, so a round trip
 * proves interoperability rather than agreement with itself.
 */
public final class WeChatClient {

    public enum Mode { PLAIN, COMPATIBLE, SAFE }

    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final AtomicLong NONCES = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final Pattern CONTENT = Pattern.compile("<Content><!\\[CDATA\\[(.*?)]]></Content>", Pattern.DOTALL);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WeChatClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The portal's answer; {@code xml} is the decrypted reply in encrypted modes. */
    public record Reply(int status, String body, String xml) {

        /** The text a resident would read, or null when the reply is not a text message. */
        public String content() {
            Matcher m = CONTENT.matcher(xml == null ? "" : xml);
            return m.find() ? m.group(1) : null;
        }

        /**
         * The reply's {@code Content} as an XML parser reads it (CDATA sections joined); fails when the
         * reply is not well-formed XML, as WeChat would.
         */
        public String parsedContent() {
            return parsed("Content");
        }

        /** The reply's {@code ToUserName} as an XML parser reads it. */
        public String parsedToUser() {
            return parsed("ToUserName");
        }

        private String parsed(String element) {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                factory.setCoalescing(true);
                Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
                var nodes = document.getDocumentElement().getElementsByTagName(element);
                return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
            } catch (ParserConfigurationException | SAXException | IOException e) {
                throw new AssertionError("reply is not well-formed XML: " + xml, e);
            }
        }
    }

    public static long nextMsgId() {
        return MSG_IDS.incrementAndGet();
    }

    /** A nonce no other request of this JVM uses. */
    public static String nextNonce() {
        return String.valueOf(NONCES.incrementAndGet());
    }

    public static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }

    public static String text(String openid, String content, long msgId, String createTime) {
        return "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName>" + cdata(openid)
                + "</FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content>" + cdata(content) + "</Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    public static String text(String openid, String content) {
        return text(openid, content, nextMsgId(), now());
    }

    public static String image(String openid, String mediaId, long msgId, String createTime) {
        return "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName>" + cdata(openid)
                + "</FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<PicUrl>" + cdata("http://127.0.0.1:1/" + mediaId + ".jpg") + "</PicUrl><MediaId>" + cdata(mediaId)
                + "</MediaId><MsgId>" + msgId + "</MsgId></xml>";
    }

    public static String location(String openid, double latitude, double longitude, String label) {
        return "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName>" + cdata(openid)
                + "</FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[location]]></MsgType>"
                + "<Location_X>" + latitude + "</Location_X><Location_Y>" + longitude + "</Location_Y><Scale>15</Scale>"
                + "<Label>" + cdata(label) + "</Label><MsgId>" + nextMsgId() + "</MsgId></xml>";
    }

    public static String event(String openid, String event, String eventKey) {
        return "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName><FromUserName>" + cdata(openid)
                + "</FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event>" + cdata(event) + "</Event>"
                + (eventKey == null ? "" : "<EventKey>" + cdata(eventKey) + "</EventKey>") + "</xml>";
    }

    /** A CDATA section holding {@code text}, split where the text holds {@code ]]>} (as WeChat must). */
    public static String cdata(String text) {
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    /** Sends a message as WeChat would for this account's token and key. */
    public Reply send(String appId, String token, String aesKey, String xml, Mode mode) {
        return send(appId, appId, token, aesKey, xml, mode);
    }

    /** Like {@link #send}, but with {@code cipherAppId} sealed inside the ciphertext. */
    public Reply send(String appId, String cipherAppId, String token, String aesKey, String xml, Mode mode) {
        return send(appId, cipherAppId, token, aesKey, xml, mode, now(), nextNonce());
    }

    /**
     * Like {@link #send}, signed with the given timestamp and nonce: a retry by WeChat repeats them, and
     * an attacker holding one captured signature can only reuse them.
     */
    public Reply send(String appId, String cipherAppId, String token, String aesKey, String xml, Mode mode,
            String timestamp, String nonce) {
        String query = "signature=" + SHA1.gen(token, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&openid=o1";
        String body = xml;
        WxCryptUtil crypto = null;
        if (mode != Mode.PLAIN) {
            crypto = new WxCryptUtil(token, aesKey, cipherAppId);
            String encrypted = crypto.encryptContext(xml).getEncrypt();
            String msgSignature = SHA1.gen(token, timestamp, nonce, encrypted);
            query += "&encrypt_type=aes&msg_signature=" + msgSignature;
            String envelope = "<Encrypt><![CDATA[" + encrypted + "]]></Encrypt>";
            body = mode == Mode.SAFE
                    ? "<xml><ToUserName><![CDATA[gh_wenmingdev]]></ToUserName>" + envelope + "</xml>"
                    : xml.replace("</xml>", envelope + "</xml>");
        }
        HttpResponse<String> response = post(appId, query, body);
        String replyXml = response.body();
        if (crypto != null && response.statusCode() == 200 && response.body().contains("<Encrypt>")) {
            replyXml = crypto.decryptXml(field(response.body(), "MsgSignature"), field(response.body(), "TimeStamp"),
                    field(response.body(), "Nonce"), response.body());
        }
        return new Reply(response.statusCode(), response.body(), replyXml);
    }

    public Reply sendDev(String xml, Mode mode) {
        return send(TestAccounts.DEV_APPID, TestAccounts.DEV_TOKEN, TestAccounts.DEV_AES_KEY, xml, mode);
    }

    public HttpResponse<String> post(String appId, String query, String body) {
        return exchange(HttpRequest.newBuilder(uri(appId, query))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> get(String appId, String query) {
        return exchange(HttpRequest.newBuilder(uri(appId, query)).GET());
    }

    /** Query string for URL verification signed with {@code token}. */
    public static String verificationQuery(String token, String timestamp, String echostr) {
        String nonce = nextNonce();
        return "signature=" + SHA1.gen(token, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&echostr=" + URLEncoder.encode(echostr, StandardCharsets.UTF_8);
    }

    /** Query string for a plaintext-mode POST signed with {@code token}, with a fresh nonce. */
    public static String signedQuery(String token, String timestamp) {
        return signedQuery(token, timestamp, nextNonce());
    }

    /** Query string for a plaintext-mode POST signed with {@code token}. */
    public static String signedQuery(String token, String timestamp, String nonce) {
        return "signature=" + SHA1.gen(token, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce;
    }

    private URI uri(String appId, String query) {
        return URI.create(baseUrl + "/wx/portal/" + appId + "?" + query);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException("reply has no " + name + ": " + xml);
        }
        return m.group(1);
    }
}
