package cn.wenming.report;

import java.io.IOException;

/** Fetches a resident's photo that WeChat holds as temporary media (kept 3 days); the wechat module implements it. */
@org.springframework.modulith.NamedInterface("wechat")
public interface WeChatMedia {

    byte[] download(String appId, String mediaId) throws IOException;
}
