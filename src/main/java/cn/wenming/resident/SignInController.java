package cn.wenming.resident;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import java.util.regex.Pattern;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.common.bean.oauth2.WxOAuth2AccessToken;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Signing residents in on the H5 pages. Inside WeChat: OAuth with {@code snsapi_base} (silent, gives
 * the openid only), the code exchanged through WxJava against the configured API host. In the
 * default development run a dev sign-in form is offered too, and every page carries a banner saying so;
 * never under the {@code prod} profile, whatever {@code wenming.h5.dev-login} says.
 */
@Controller
class SignInController {

    /** WeChat's OAuth codes are short runs of letters and digits. */
    private static final Pattern OAUTH_CODE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);
    private static final String STATE = "wenming.oauth.state";
    private static final String NEXT = "wenming.oauth.next";
    private static final String ACCOUNT = "wenming.oauth.account";
    private static final int MAX_NEXT = 500;
    private static final java.util.regex.Pattern APPID = java.util.regex.Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final WxMpService wechat;
    private final boolean devLogin;
    private final String publicBaseUrl;
    private final String defaultAccount;

    SignInController(WxMpService wechat, @Value("${wenming.h5.dev-login:false}") boolean devLogin,
            @Value("${wenming.public-base-url}") String publicBaseUrl,
            @Value("${wechat.accounts[0].app-id}") String defaultAccount, Environment environment) {
        this.wechat = wechat;
        this.defaultAccount = defaultAccount;
        // In production anyone could sign in as any openid: a variable left over must not switch it on.
        boolean production = environment.matchesProfiles("prod");
        if (devLogin && production) {
            log.warn("wenming.h5.dev-login=true is ignored under the prod profile: residents sign in through WeChat only");
        }
        this.devLogin = devLogin && !production;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GetMapping("/h5/login")
    String login(@RequestParam(defaultValue = "/h5/my-reports") String next,
            @RequestParam(required = false) String account, Model model, HttpSession session) {
        String appId = account(account);
        if (!devLogin) {
            return "redirect:" + authorizeUrl(appId, next, session);
        }
        model.addAttribute("next", safeNext(next));
        model.addAttribute("account", appId);
        model.addAttribute("oauthUrl", authorizeUrl(appId, next, session));
        return "resident/dev-login";
    }

    @PostMapping("/h5/dev-login")
    String devSignIn(@RequestParam String openid, @RequestParam String account, @RequestParam String next,
            HttpServletRequest request) {
        if (!devLogin) {
            throw new SignInRefused();
        }
        if (openid.isBlank() || openid.length() > 64) {
            throw new SignInRefused();
        }
        signIn(request, new SignedInResident(account(account), openid.strip(), true));
        return "redirect:" + safeNext(next);
    }

    @GetMapping("/h5/oauth/callback")
    String callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
            HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (code == null || state == null || session == null || !state.equals(session.getAttribute(STATE))) {
            throw new SignInRefused();
        }
        if (!OAUTH_CODE.matcher(code).matches()) {
            // WxJava puts the code into the exchange URL as given: "&grant_type=…" would add parameters.
            session.removeAttribute(STATE);
            throw new SignInRefused();
        }
        // Single use: a callback URL seen once (history, a proxy log) cannot sign anyone in again.
        session.removeAttribute(STATE);
        String appId = (String) session.getAttribute(ACCOUNT);
        String next = (String) session.getAttribute(NEXT);
        try {
            WxOAuth2AccessToken token = wechat.switchoverTo(appId).getOAuth2Service().getAccessToken(code);
            signIn(request, new SignedInResident(appId, token.getOpenId(), false));
        } catch (WxErrorException e) {
            log.warn("WeChat OAuth code exchange failed for appid={}: errcode={}", appId, e.getError().getErrorCode());
            throw new SignInRefused();
        }
        return "redirect:" + safeNext(next);
    }

    /** Signing in starts a new session id, so a session id planted before sign-in is worthless. */
    private static void signIn(HttpServletRequest request, SignedInResident resident) {
        request.getSession(true);
        request.changeSessionId();
        request.getSession().setAttribute(SignedInResident.SESSION_KEY, resident);
    }

    private String authorizeUrl(String appId, String next, HttpSession session) {
        String state = UUID.randomUUID().toString().replace("-", "");
        session.setAttribute(STATE, state);
        session.setAttribute(NEXT, safeNext(next));
        session.setAttribute(ACCOUNT, appId);
        return wechat.switchoverTo(appId).getOAuth2Service()
                .buildAuthorizationUrl(publicBaseUrl + "/h5/oauth/callback", WxConsts.OAuth2Scope.SNSAPI_BASE, state);
    }

    /**
     * Only our own H5 pages: an open redirect would let anyone borrow the sign-in. A plain relative path:
     * no {@code //} or backslash anywhere, no control character (CR/LF would split the Location header),
     * and short enough for a header.
     */
    static String safeNext(String next) {
        return next != null && next.startsWith("/h5/") && next.length() <= MAX_NEXT && !next.contains("//")
                && !next.contains("\\") && next.chars().noneMatch(Character::isISOControl)
                ? next : "/h5/my-reports";
    }

    /** The account asked for when it is one we serve, else the first configured one (the city's). */
    private String account(String requested) {
        // Only what looks like an appid reaches WxJava, which logs an unknown one (CR/LF and all) at ERROR.
        return requested != null && APPID.matcher(requested).matches() && wechat.switchover(requested)
                ? requested : defaultAccount;
    }

    @ResponseStatus(value = HttpStatus.FORBIDDEN)
    static class SignInRefused extends RuntimeException {
        SignInRefused() {
            super("sign-in refused");
        }
    }
}
