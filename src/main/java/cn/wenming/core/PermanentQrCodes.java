package cn.wenming.core;

import java.util.Optional;

/**
 * WeChat permanent QR codes (QR_LIMIT_STR_SCENE), made once per account and scene and kept: an
 * account may hold 100 000, so a printed code is never made twice. Implemented by the WeChat gateway.
 */
public interface PermanentQrCodes {

    /**
     * What to print for this scene: the content of the account's permanent code, or empty when the
     * account does not make permanent codes (not configured, or WeChat refused) — the caller then
     * prints a plain link instead.
     */
    Optional<String> content(String appId, String scene);
}
