package cn.wenming.wechat;

import cn.wenming.report.WeChatMedia;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Downloads a resident's temporary media (a photo message) from the configured API host
 * ({@code /cgi-bin/media/get}), with the account's shared access token. Not through WxJava's client:
 * its read timeout is 5 s for every call, and WeChat's media API can be slower than that, which left
 * photos pending until they expired. This client waits {@code wechat.media-read-timeout}; the chat
 * itself never waits that long (the photo job does).
 */
@Component
class MediaDownloader implements WeChatMedia {

    /** WeChat's limit for an image message is 10 MB; anything larger is not a photo we keep. */
    private static final int MAX_BYTES = 10 * 1024 * 1024;
    /** access_token expired or invalid: fetched again once. */
    private static final int INVALID_TOKEN = 40001;
    private static final int EXPIRED_TOKEN = 42001;
    private static final Pattern ERRCODE = Pattern.compile("\"errcode\"\\s*:\\s*(-?\\d+)");

    private final WxMpService wechat;
    private final String apiHost;
    private final Duration readTimeout;
    private final HttpClient http;

    MediaDownloader(WxMpService wechat, WeChatProperties properties,
            @Value("${wechat.media-read-timeout:60s}") Duration readTimeout) {
        this.wechat = wechat;
        this.apiHost = properties.apiHost().replaceAll("/+$", "");
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public byte[] download(String appId, String mediaId) throws IOException {
        try {
            Fetched fetched = fetch(wechat.switchoverTo(appId).getAccessToken(), mediaId);
            if (fetched.errcode() == INVALID_TOKEN || fetched.errcode() == EXPIRED_TOKEN) {
                fetched = fetch(wechat.switchoverTo(appId).getAccessToken(true), mediaId);
            }
            if (fetched.bytes() == null) {
                throw new IOException("WeChat refused media download: errcode=" + fetched.errcode());
            }
            return fetched.bytes();
        } catch (WxErrorException e) {
            throw new IOException("No access token for the media download: errcode=" + e.getError().getErrorCode(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("media download interrupted", e);
        }
    }

    /** The media's bytes, or null and WeChat's errcode (a JSON error instead of a file). */
    private record Fetched(byte[] bytes, int errcode) {
    }

    private Fetched fetch(String token, String mediaId) throws IOException, InterruptedException {
        URI uri = URI.create(apiHost + "/cgi-bin/media/get?access_token=" + queryValue(token) + "&media_id="
                + queryValue(mediaId));
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            throw new IOException("media larger than " + MAX_BYTES + " bytes");
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || type.contains("json") || type.startsWith("text/")) {
            return new Fetched(null, errcode(new String(body, StandardCharsets.UTF_8)));
        }
        return new Fetched(body, 0);
    }

    private static int errcode(String json) {
        Matcher m = ERRCODE.matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** A media id comes from the message (or a browser): encoded, {@code &} or {@code #} cannot change the URL. */
    static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
