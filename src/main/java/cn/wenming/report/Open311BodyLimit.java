package cn.wenming.report;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An Open311 request body is a handful of form fields: one over {@link #MAX_BODY_BYTES} is answered
 * 413 in the spec's error list (by {@link Open311Errors}, which wraps this filter) before anything
 * reads it. A chunked body of unknown length still meets Tomcat's own form limit (2 MB), which the
 * controller answers with 413 as well.
 */
@Configuration(proxyBeanMethods = false)
class Open311BodyLimit {

    static final long MAX_BODY_BYTES = 1024 * 1024;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> open311BodyLimitFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                            FilterChain chain) throws ServletException, IOException {
                        if (Open311Errors.covers(request.getRequestURI())
                                && request.getContentLengthLong() > MAX_BODY_BYTES) {
                            response.sendError(HttpStatus.PAYLOAD_TOO_LARGE.value());
                            return;
                        }
                        chain.doFilter(request, response);
                    }
                });
        // Inside Open311Errors' filter (so sendError becomes the spec's list), before Spring Security.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.addUrlPatterns("/open311/*");
        return registration;
    }
}
