package cn.wenming.resident;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The resident a browser session belongs to.
 *
 * @param devLogin true when signed in through the development switch, not WeChat (pages show a banner)
 */
public record SignedInResident(String appId, String openid, boolean devLogin) implements Serializable {

    static final String SESSION_KEY = "wenming.resident";

    public static Optional<SignedInResident> of(HttpSession session) {
        return session == null ? Optional.empty()
                : Optional.ofNullable((SignedInResident) session.getAttribute(SESSION_KEY));
    }

    /** Where a page sends a resident who is not signed in; they come back to {@code next} afterwards. */
    public static String signInUrl(String next, String account) {
        return "/h5/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                + (account == null || account.isBlank() ? ""
                        : "&account=" + URLEncoder.encode(account, StandardCharsets.UTF_8));
    }
}
