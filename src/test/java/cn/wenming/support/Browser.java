package cn.wenming.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser against the H5 pages and the console: keeps its cookies and the page's CSRF token (sent
 * with every form post, as a real form would), does not follow redirects.
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http;
    private String csrfToken;

    public Browser(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A file field of a multipart form. */
    public record FilePart(String name, String filename, String contentType, byte[] bytes) {
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrfToken = token.group(1);
        }
        return response;
    }

    /** Opens {@code page} first when no form has been seen yet, as a person would before posting. */
    public Browser visit(String page) {
        if (csrfToken == null) {
            get(page);
        }
        return this;
    }

    /** Posts without the CSRF token, as a forged cross-site form would. */
    public HttpResponse<String> postFormWithoutToken(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
    }

    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        return postFormWithoutToken(path, withToken(fields));
    }

    /** Posts a form whose fields may repeat (several {@code questions} values, as checkbox-like lists send). */
    public HttpResponse<String> postFormValues(String path, java.util.List<Map.Entry<String, String>> fields) {
        java.util.List<Map.Entry<String, String>> all = new java.util.ArrayList<>(fields);
        if (csrfToken != null) {
            all.add(Map.entry("_csrf", csrfToken));
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(all.stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")))));
    }

    private Map<String, String> withToken(Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrfToken != null) {
            all.putIfAbsent("_csrf", csrfToken);
        }
        return all;
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, FilePart... files) {
        String boundary = "----wenming" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> ordered = withToken(fields);
        ordered.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        for (FilePart file : files) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.name()
                    + "\"; filename=\"" + file.filename() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
            body.writeBytes(file.bytes());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** The first admin every test context gets from config/application.yml's documented dev default. */
    public static final String DEV_ADMIN = "admin";
    public static final String DEV_ADMIN_PASSWORD = "wenming-dev-admin";

    /** Logs in to the console; the response is the redirect after the attempt. */
    public HttpResponse<String> staffSignIn(String username, String password) {
        get("/console/login");
        HttpResponse<String> response = postForm("/console/login", Map.of("username", username, "password", password));
        // A successful login issues a new CSRF token: pick it up from the next page.
        csrfToken = null;
        get("/console");
        return response;
    }

    /** Changes the signed-in staff member's password on the password page; the response is the redirect after it. */
    public HttpResponse<String> changeStaffPassword(String current, String next) {
        get("/console/password");
        return postForm("/console/password",
                Map.of("currentPassword", current, "newPassword", next, "confirmPassword", next));
    }

    /** Signs in through the development switch (default profile) as {@code openid}. */
    public void devSignIn(String openid) {
        get("/h5/login");
        HttpResponse<String> response = postForm("/h5/dev-login",
                Map.of("openid", openid, "account", TestAccounts.DEV_APPID, "next", "/h5/my-reports"));
        if (response.statusCode() != 302) {
            throw new IllegalStateException("dev sign-in failed: " + response.statusCode());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            // What phone browsers send, so error pages come as HTML as they would for a resident.
            request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            return http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
