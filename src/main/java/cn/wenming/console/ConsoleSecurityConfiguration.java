package cn.wenming.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may open what. The console needs a staff login (form login, CSRF, Redis sessions that time out
 * after 30 idle minutes, throttled guessing) and each area its role. The WeChat portal, H5 pages
 * (their own WeChat sign-in), Open311, the JSON API, the ops endpoints (their own token) and the
 * health status stay reachable without a console login.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/console/login", "/console/assets/**", "/webjars/**").permitAll()
                .requestMatchers("/console/admin/**").hasRole(StaffRole.ADMIN.name())
                .requestMatchers("/console/knowledge/**").hasAnyRole(StaffRole.EDITOR.name(), StaffRole.ADMIN.name())
                // Survey figures are city-wide: dispatchers and admins, not a unit's handlers.
                .requestMatchers("/console/surveys", "/console/surveys/**")
                .hasAnyRole(StaffRole.DISPATCHER.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/reports/**", "/console/dashboard/**", "/console/exports/**")
                .hasAnyRole(StaffRole.DISPATCHER.name(), StaffRole.HANDLER.name(), StaffRole.ADMIN.name())
                .requestMatchers("/console/**").authenticated()
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/actuator/**").hasRole(StaffRole.ADMIN.name())
                .anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .successHandler((request, response, auth) -> {
                            throttle.succeeded(auth.getName());
                            response.sendRedirect("/console");
                        })
                        .failureHandler((request, response, e) -> {
                            throttle.failed(request.getParameter("username"), request.getRemoteAddr());
                            response.sendRedirect("/console/login?error");
                        }))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                // Callers that prove themselves otherwise (signatures, api keys, bearer tokens) carry no session.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/wx/portal/**", "/open311/**", "/api/**", "/ops/**"))
                .addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /** Refuses a login attempt for a locked account or address before the password is even checked. */
    private static final class ThrottleFilter extends OncePerRequestFilter {

        private final LoginThrottle throttle;

        ThrottleFilter(LoginThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("POST".equals(request.getMethod()) && "/console/login".equals(request.getRequestURI())
                    && throttle.locked(request.getParameter("username"), request.getRemoteAddr())) {
                response.sendRedirect("/console/login?locked");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
