package cn.wenming.wechat;

import cn.wenming.report.WeChatMedia;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.springframework.stereotype.Component;

/** Downloads a resident's temporary media (a photo message) through WxJava, from the configured API host. */
@Component
class MediaDownloader implements WeChatMedia {

    private final WxMpService wechat;

    MediaDownloader(WxMpService wechat) {
        this.wechat = wechat;
    }

    @Override
    public byte[] download(String appId, String mediaId) throws IOException {
        File file;
        try {
            file = wechat.switchoverTo(appId).getMaterialService().mediaDownload(queryValue(mediaId));
        } catch (WxErrorException e) {
            throw new IOException("WeChat refused media download: errcode=" + e.getError().getErrorCode(), e);
        }
        if (file == null) {
            throw new IOException("WeChat returned no media");
        }
        try {
            return Files.readAllBytes(file.toPath());
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    /**
     * WxJava appends {@code "media_id=" + mediaId} to the URL as given, and a media id comes from the
     * message (or from a browser): unencoded, {@code &} would add parameters and {@code #} cut the URL.
     */
    static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
