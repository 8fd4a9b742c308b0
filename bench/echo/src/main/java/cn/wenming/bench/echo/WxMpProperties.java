package cn.wenming.bench.echo;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The demo's {@code wx.mp.configs}: one entry per official account. */
@ConfigurationProperties("wx.mp")
public record WxMpProperties(List<MpConfig> configs) {

    public record MpConfig(String appId, String secret, String token, String aesKey) {
    }
}
