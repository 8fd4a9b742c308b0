package cn.wenming.report;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Every error under {@code /open311/} as the spec's error list ({@code [{"code":…,"description":…}]}
 * or its XML), whoever raises it. {@link Open311Controller}'s own handlers answer what it throws; this
 * covers what happens around it, at three levels:
 * <ul>
 * <li>a filter in front of everything (Spring Security included) turns a {@code sendError} — the
 * firewall refusing {@code ;}, {@code %2F} and the like, Spring MVC's own 4xx — and an exception
 * that escapes into the error list;</li>
 * <li>the same filter answers an error dispatch to {@code /error} for an Open311 URL, in case
 * something reached the container's error page anyway;</li>
 * <li>Tomcat's error report valve, which renders what Tomcat refuses before the application sees the
 * request (e.g. a URL it cannot decode), answers Open311 URLs with the list instead of its HTML.</li>
 * </ul>
 * The format is the URL's suffix ({@code .json} or {@code .xml}), else XML, the one format every
 * GeoReport server must offer.
 */
@Configuration(proxyBeanMethods = false)
class Open311Errors {

    static final String PREFIX = "/open311/";
    private static final Logger log = LoggerFactory.getLogger(Open311Errors.class);

    @Bean
    FilterRegistrationBean<Filter> open311ErrorFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ErrorFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> open311ErrorReportValve() {
        // The host adds the valve of this class when it starts, inside any valve added before.
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(Valve.class.getName());
            }
        });
    }

    static boolean covers(String uri) {
        return uri != null && (uri.startsWith(PREFIX) || uri.equals("/open311"));
    }

    /** The format the failed request asked for: its {format} variable, else the URL's suffix, else XML. */
    static Open311Format formatOf(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Object suffix = variables instanceof Map<?, ?> map ? map.get("format") : null;
        return suffix != null ? Open311Format.ofSuffix(suffix.toString()).orElse(Open311Format.XML)
                : formatOf(request.getRequestURI());
    }

    /** The format a URL's last suffix names ({@code /requests/WM1;x=1.json} is JSON), else XML. */
    static Open311Format formatOf(String uri) {
        if (uri == null) {
            return Open311Format.XML;
        }
        String last = uri.substring(uri.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? Open311Format.XML : Open311Format.ofSuffix(last.substring(dot + 1)).orElse(Open311Format.XML);
    }

    /** What a status means to a client, in the spec's English; never the container's message, which may echo the URL. */
    static String describe(int status) {
        return switch (status) {
            case 400 -> "Bad request: the URL, its parameters or the headers are not valid.";
            case 403 -> "Forbidden.";
            case 404 -> "Not found: this is not an Open311 method here.";
            case 405 -> "Method not allowed.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URL is too long.";
            case 415 -> "Unsupported content type: send application/x-www-form-urlencoded.";
            case 429 -> "Too many requests: please slow down.";
            default -> status >= 500
                    ? "General service error: the request could not be handled, please try again later."
                    : "The request could not be handled (HTTP " + status + ").";
        };
    }

    static byte[] body(Open311Format format, int status, String description) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("description", description);
        return format.render("errors", new Open311Format.Items("error", List.of(error)));
    }

    private static void write(HttpServletResponse response, Open311Format format, int status) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(format.mediaType().toString());
        byte[] bytes = body(format, status, describe(status));
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /** See the class comment: sendError and escaped exceptions on Open311 URLs, and error dispatches for them. */
    static final class ErrorFilter implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (request.getDispatcherType() == DispatcherType.ERROR) {
                Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
                if (uri instanceof String failed && covers(failed) && !response.isCommitted()) {
                    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
                    write(response, formatOf(failed), status instanceof Integer code && code >= 400 ? code : 500);
                    return;
                }
                chain.doFilter(req, res);
                return;
            }
            if (!covers(request.getRequestURI())) {
                chain.doFilter(req, res);
                return;
            }
            Open311Format format = formatOf(request.getRequestURI());
            try {
                chain.doFilter(req, new HttpServletResponseWrapper(response) {

                    @Override
                    public void sendError(int status, String message) throws IOException {
                        sendError(status);
                    }

                    @Override
                    public void sendError(int status) throws IOException {
                        if (isCommitted()) {
                            throw new IllegalStateException("Response already committed");
                        }
                        write(response, format, status);
                    }
                });
            } catch (IOException | ServletException | RuntimeException e) {
                log.error("Open311 {} {} failed", request.getMethod(), request.getRequestURI(), e);
                if (response.isCommitted()) {
                    throw e;
                }
                write(response, format, HttpStatus.INTERNAL_SERVER_ERROR.value());
            }
        }
    }

    /** Tomcat's error report, for requests it refuses before they reach the application. */
    public static final class Valve extends ErrorReportValve {

        public Valve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            String uri = request.getRequestURI();
            if (!covers(uri)) {
                super.report(request, response, throwable);
                return;
            }
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                Open311Format format = formatOf(uri);
                response.setContentType(format.mediaType().toString());
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(new String(body(format, status, describe(status)), StandardCharsets.UTF_8));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away or the response cannot take a body; nothing more to tell it.
            }
        }
    }
}
