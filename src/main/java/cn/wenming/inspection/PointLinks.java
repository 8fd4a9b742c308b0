package cn.wenming.inspection;

import cn.wenming.core.PermanentQrCodes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Where a point's QR code and links lead. */
@Component
class PointLinks {

    /** The WeChat scene prefix of point codes: {@code pt:QH-MKT-001}. */
    static final String SCENE_PREFIX = "pt";

    private final String publicBaseUrl;
    private final PermanentQrCodes permanentCodes;
    private final String account;

    PointLinks(@Value("${wenming.public-base-url}") String publicBaseUrl, PermanentQrCodes permanentCodes,
            InspectionProperties properties, @Value("${wechat.accounts[0].app-id:}") String firstAccount) {
        this.publicBaseUrl = publicBaseUrl;
        this.permanentCodes = permanentCodes;
        this.account = properties.qrAccount().isBlank() ? firstAccount : properties.qrAccount();
    }

    /**
     * What the point's printed code says: the account's permanent WeChat code (scans reach the chat,
     * and following through it counts) when the account makes them, else the H5 link.
     */
    String qrContent(Point point) {
        return permanentCodes.content(account, SCENE_PREFIX + ":" + point.code()).orElseGet(() -> landing(point));
    }

    /** The point's own page: residents go on to 随手拍, signed-in inspectors to the checklist. */
    String landing(Point point) {
        return publicBaseUrl + "/h5/point/" + point.code();
    }

    /** The H5 report form with the point's position and name filled in. */
    String reportForm(Point point, String appId) {
        return "/h5/report?latitude=" + String.format(Locale.ROOT, "%.6f", point.latitude()) + "&longitude="
                + String.format(Locale.ROOT, "%.6f", point.longitude()) + "&address="
                + URLEncoder.encode(point.address(), StandardCharsets.UTF_8)
                + (appId == null ? "" : "&account=" + URLEncoder.encode(appId, StandardCharsets.UTF_8));
    }

    String absolute(String path) {
        return publicBaseUrl + path;
    }
}
