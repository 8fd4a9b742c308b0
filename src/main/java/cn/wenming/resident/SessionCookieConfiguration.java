package cn.wenming.resident;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The session cookie (Spring Session's {@code SESSION}). {@code @EnableRedisHttpSession} switches off
 * Spring Boot's session auto-configuration, so {@code server.servlet.session.cookie.*} would otherwise
 * be ignored: this honours its {@code secure} flag, which the prod profile sets. Unset (the default
 * run), the cookie is Secure when the request is, which behind a proxy depends on the forwarded
 * headers being trusted ({@code server.forward-headers-strategy}; README, "Behind a TLS proxy").
 * Everything else stays Spring Session's default: HttpOnly, SameSite=Lax, path /.
 */
@Configuration(proxyBeanMethods = false)
class SessionCookieConfiguration {

    @Bean
    CookieSerializer sessionCookieSerializer(
            @Value("${server.servlet.session.cookie.secure:#{null}}") Boolean secure) {
        DefaultCookieSerializer serializer = new DefaultCookieSerializer();
        if (secure != null) {
            serializer.setUseSecureCookie(secure);
        }
        return serializer;
    }
}
