package cn.wenming.console;

import cn.wenming.core.OpsToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may open what. The console needs a staff login (form login, CSRF, Redis sessions that time out
 * after 30 idle minutes and end at once when the account changes, throttled guessing) and each area
 * its role. The WeChat portal, H5 pages
 * (their own WeChat sign-in), Open311, the JSON API, the ops endpoints and the Prometheus scrape (the
 * ops token) and the health status stay reachable without a console login. The other actuator
 * endpoints (metrics, health details) are for console admins.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * WeChat's portal authenticates every message itself (signature, msg_signature, AES, replay
     * check) and has no login, session, cookie or browser: the console's filter chain would only cost
     * every message its ten filters. Profiled under load, that chain was a visible share of a "你好".
     */
    @Bean
    WebSecurityCustomizer portalOutsideTheConsoleChain() {
        return web -> web.ignoring().requestMatchers("/wx/portal/**");
    }

    /**
     * {@code /actuator/prometheus} answers the ops token only: a scraper has no console login, and a
     * console login does not open it either. A refusal is a one-line 401, never the login page.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain prometheusScrape(HttpSecurity http, OpsToken opsToken) throws Exception {
        http.securityMatcher("/actuator/prometheus")
                .authorizeHttpRequests(requests -> requests.anyRequest().access((authentication, context) -> {
                    String authorization = context.getRequest().getHeader(HttpHeaders.AUTHORIZATION);
                    return new AuthorizationDecision(opsToken.admits(authorization));
                }))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    response.setStatus(HttpStatus.UNAUTHORIZED.value());
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                    response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
                    response.getWriter().write("A valid ops token is required.\n");
                }))
                // Stateless: a refused scrape leaves no session (nor a saved request) in Redis.
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A bearer token, not a cookie, proves the caller: nothing for a forged request to ride on.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, LoginThrottle throttle, StaffRepository staff)
            throws Exception {
        // The CSRF token lives in a cookie (double submit, masked per page), so an anonymous page with a
        // form (the login page, H5 forms) creates no Redis session; only signing in does.
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/console/login", "/console/assets/**", "/webjars/**").permitAll()
                .requestMatchers("/console/admin/**").hasRole(StaffRole.ADMIN.name())
                .requestMatchers("/console/knowledge/**").hasAnyRole(StaffRole.EDITOR.name(), StaffRole.ADMIN.name())
                // Survey figures are city-wide: dispatchers and admins, not a unit's handlers.
                .requestMatchers("/console/surveys", "/console/surveys/**")
                .hasAnyRole(StaffRole.DISPATCHER.name(), StaffRole.ADMIN.name())
                // 测评: inspectors walk rounds, dispatchers run them, only admins change the point library.
                .requestMatchers(HttpMethod.POST, "/console/inspection/points").hasRole(StaffRole.ADMIN.name())
                .requestMatchers("/console/inspection", "/console/inspection/**")
                .hasAnyRole(StaffRole.INSPECTOR.name(), StaffRole.DISPATCHER.name(), StaffRole.ADMIN.name())
                // The round report shows findings' photos before and after 整改.
                .requestMatchers("/console/reports/photos/**").hasAnyRole(StaffRole.DISPATCHER.name(),
                        StaffRole.HANDLER.name(), StaffRole.ADMIN.name(), StaffRole.INSPECTOR.name())
                // Campaign pushes: editors draft and preview; only an admin approves and sends.
                .requestMatchers("/console/reach/pushes/*/approve", "/console/reach/pushes/*/send")
                .hasRole(StaffRole.ADMIN.name())
                .requestMatchers("/console/reach/pushes", "/console/reach/pushes/**", "/console/reach/link")
                .hasAnyRole(StaffRole.EDITOR.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/reach", "/console/reach/**")
                .hasAnyRole(StaffRole.DISPATCHER.name(), StaffRole.EDITOR.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/reports/**", "/console/dashboard/**", "/console/exports/**")
                .hasAnyRole(StaffRole.DISPATCHER.name(), StaffRole.HANDLER.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/volunteer/**", "/console/credits/**")
                .hasAnyRole(StaffRole.ORGANIZER.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/merchant/**")
                .hasAnyRole(StaffRole.MERCHANT.name(), StaffRole.ORGANIZER.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/**").authenticated()
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/actuator/**").hasRole(StaffRole.ADMIN.name())
                .anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .successHandler((request, response, auth) -> {
                            throttle.succeeded(auth.getName(), request.getRemoteAddr());
                            boolean mustChange = auth.getPrincipal() instanceof StaffDetails details
                                    && staff.sessionState(details.staff().id())
                                            .map(StaffRepository.SessionState::mustChangePassword).orElse(false);
                            response.sendRedirect(mustChange ? StaffSessionFilter.PASSWORD_PAGE : "/console");
                        })
                        .failureHandler((request, response, e) -> {
                            long wait = throttle.failed(request.getParameter("username"), request.getRemoteAddr());
                            response.sendRedirect("/console/login?error" + (wait > 0 ? "&locked=" + wait : ""));
                        }))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                // Login always leads to /console: no session is created to remember what a stranger asked for.
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                // Callers that prove themselves otherwise (signatures, api keys, bearer tokens) carry no session.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .ignoringRequestMatchers("/wx/portal/**", "/open311/**", "/api/**", "/ops/**"))
                .addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new StaffSessionFilter(staff), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Makes a login attempt wait out the delay its (account, address) pair or its address earned,
     * before the password is even checked: the login page says how many seconds are left.
     */
    private static final class ThrottleFilter extends OncePerRequestFilter {

        private final LoginThrottle throttle;

        ThrottleFilter(LoginThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("POST".equals(request.getMethod()) && "/console/login".equals(request.getRequestURI())) {
                long wait = throttle.secondsToWait(request.getParameter("username"), request.getRemoteAddr());
                if (wait > 0) {
                    response.setHeader("Retry-After", String.valueOf(wait));
                    response.sendRedirect("/console/login?locked=" + wait);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
