package cn.wenming.core;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.Map;
import java.util.Optional;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bad input is the client's mistake, never a 5xx (issue 13, item 7). Two parts:
 * <ul>
 * <li>an interceptor in front of every handler (except the WeChat portal, which reads its own body)
 * that reads the parameters — Tomcat refuses a form or query that is not UTF-8 only then — and
 * refuses a NUL character in any parameter name or value, which PostgreSQL text cannot store;</li>
 * <li>this advice, which answers {@link InvalidInput}, Tomcat's parameter failures, date arithmetic
 * out of range and a value the database refuses as too long or unrepresentable with 400 (or the
 * status Tomcat gave, e.g. 413): a Chinese page for the H5 pages and the console, JSON for
 * {@code /api/**}. Open311's controller answers the same exceptions itself in the spec's error list
 * through {@link #clientError}.</li>
 * </ul>
 * Anything else is still a server error: this only turns what a client can cause into a 4xx.
 */
@ControllerAdvice
public class InputErrorHandling implements WebMvcConfigurer {

    /** SQL states of values the database refuses: too long, not storable in UTF-8 (a NUL), out of range. */
    private static final java.util.Set<String> CLIENT_SQL_STATES = java.util.Set.of("22001", "22021", "22008", "22003");

    /** A client's error behind {@code e}: its HTTP status and Chinese message; empty when it is ours. */
    public record ClientError(int status, String message) {
    }

    public static Optional<ClientError> clientError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidInput invalid) {
                return Optional.of(new ClientError(invalid.status(), invalid.getMessage()));
            }
            if (t instanceof InvalidParameterException invalid) {
                int status = invalid.getErrorCode() >= 400 && invalid.getErrorCode() < 500 ? invalid.getErrorCode() : 400;
                return Optional.of(new ClientError(status, status == 413 ? "提交的内容太大了。"
                        : "提交的内容无法识别（不是有效的UTF-8文字），请检查后重试。"));
            }
            if (t instanceof DateTimeException && !(t instanceof java.time.format.DateTimeParseException)) {
                return Optional.of(new ClientError(400, InputLimits.dateOutOfRange().getMessage()));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && CLIENT_SQL_STATES.contains(sql.getSQLState())) {
                return Optional.of(new ClientError(400, switch (sql.getSQLState()) {
                    case "22001" -> "填写的内容太长了，请删减后重试。";
                    case "22021" -> "内容中含有无法保存的字符，请删除后重试。";
                    default -> "填写的数值或日期超出范围，请检查后重试。";
                }));
            }
        }
        return Optional.empty();
    }

    /** Where {@link #decodeParametersFirst} leaves Tomcat's complaint for the interceptor to raise. */
    private static final String DECODING_FAILED = InputErrorHandling.class.getName() + ".decodingFailed";

    /**
     * Tomcat decodes the parameters once, on first use, and throws only then; the first user is often
     * Spring Security's CSRF check, whose failure would end as a bare 400 without a word of why. This
     * filter, ahead of it, makes that first use and keeps the complaint for the interceptor below, which
     * raises it where the advice (or Open311's handler) answers it properly. Multipart bodies are left to
     * Spring's multipart handling; the WeChat portal reads its own body.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> decodeParametersFirst() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String type = request.getContentType();
                if (!request.getRequestURI().startsWith("/wx/portal/")
                        && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/"))) {
                    try {
                        request.getParameterMap();
                    } catch (InvalidParameterException e) {
                        request.setAttribute(DECODING_FAILED, e);
                    }
                }
                chain.doFilter(request, response);
            }
        });
        // After Open311's error filter and the body limit, before Spring Session and Spring Security.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (request.getAttribute(DECODING_FAILED) instanceof InvalidParameterException failed) {
                    throw failed;
                }
                // Reading the map makes Tomcat decode every parameter (a multipart body's fields included) now.
                for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                    boolean nul = InputLimits.hasNul(parameter.getKey());
                    for (String value : parameter.getValue()) {
                        nul |= InputLimits.hasNul(value);
                    }
                    if (nul) {
                        throw new InvalidInput("内容中含有无法保存的空字符（\\0），请删除后重试。");
                    }
                }
                return true;
            }
        }).excludePathPatterns("/wx/portal/**");
    }

    @ExceptionHandler({InvalidInput.class, InvalidParameterException.class, DateTimeException.class,
            DataAccessException.class})
    Object clientMistake(Exception e, HttpServletRequest request) throws Exception {
        ClientError error = clientError(e).orElseThrow(() -> e);
        HttpStatus status = HttpStatus.valueOf(error.status());
        if (request.getRequestURI().startsWith("/api/")) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "bad_request", "message", error.message()));
        }
        if (error.status() == 413) {
            // On a page only an upload can be that large: the page's own words about photos.
            return new ModelAndView("error/4xx", Map.of("status", error.status()), status);
        }
        return new ModelAndView("error/4xx", Map.of("status", error.status(), "message", error.message()), status);
    }
}
