package cn.wenming;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 13, item 7 ("every 5xx is a defect"): walks every MVC endpoint the handler mapping knows, and
 * sends each of its parameters (request parameters, form-object fields, path variables) every hostile
 * payload — oversized text, NUL bytes, invalid UTF-8, extreme dates, numbers that overflow, script,
 * CR/LF — as an anonymous client, a signed-in resident and a signed-in admin (with the CSRF token, so
 * the request reaches the handler). No answer may be a 5xx or show a stack trace.
 *
 * <p>Runs in its own application context: the sweep creates users, reports and edits, which other
 * tests must not meet.
 */
@TestPropertySource(properties = "wenming.test.sweep=true")
class NoServerErrorSweepTest extends IntegrationTest {

    private static final String OPEN311_KEY = "wenming-dev-open311-key";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern STACK_TRACE = Pattern.compile(
            "Exception|\\bat (cn\\.wenming|org\\.|java\\.|jakarta\\.)[\\w.$]+\\(");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");
    /** Parameters read through a {@code @RequestParam Map}: the names its handlers look up. */
    private static final List<String> CONSOLE_FILTER_NAMES = List.of("state", "category", "district", "community",
            "unit", "from", "to", "overdue", "hasPhoto", "q", "page");
    private static final List<String> OPEN311_NAMES = List.of("jurisdiction_id", "api_key", "service_code", "lat",
            "long", "address_string", "description", "phone", "service_request_id", "start_date", "end_date",
            "status", "email", "first_name", "last_name", "media_url");
    private static final int MAX_REQUESTS = 12_000;

    /** A hostile value: text sent as a parameter, or bytes that are not UTF-8 (sent percent-encoded as they are). */
    record Payload(String label, String text, String rawEncoded) {

        static Payload text(String label, String text) {
            return new Payload(label, text, null);
        }

        String encoded() {
            return rawEncoded != null ? rawEncoded : URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    private static final List<Payload> PAYLOADS = List.of(
            Payload.text("10000 characters", "a".repeat(10_000)),
            Payload.text("400 Chinese characters", "长".repeat(400)),
            Payload.text("NUL", "a\u0000b"),
            Payload.text("script", "<script>alert(1)</script>\"'"),
            Payload.text("CR/LF", "/h5/x\r\nSet-Cookie: sweep=1"),
            Payload.text("protocol-relative", "//evil.example/"),
            Payload.text("month -999999999-01", "-999999999-01"),
            Payload.text("date 99999-12-31", "99999-12-31"),
            Payload.text("date -999999999-01-01", "-999999999-01-01"),
            Payload.text("datetime +999999999", "+999999999-12-31T23:59:59+18:00"),
            Payload.text("datetime -999999999", "-999999999-01-01T00:00:00-18:00"),
            Payload.text("overflowing number", "99999999999999999999"),
            Payload.text("negative number", "-2147483648"),
            Payload.text("NaN", "NaN"),
            Payload.text("empty", ""),
            new Payload("invalid UTF-8", null, "%FF%FE%C3%28%ED%A0%80"));

    /** Path variable values: a long one is shorter, as Tomcat refuses a request line over 8 KB anyway. */
    private static final List<Payload> PATH_PAYLOADS = List.of(
            Payload.text("2000 characters", "a".repeat(2_000)),
            Payload.text("NUL", "a\u0000b"),
            Payload.text("script", "<script>alert(1)</script>"),
            Payload.text("CR/LF", "a\r\nb"),
            Payload.text("overflowing number", "99999999999999999999"),
            Payload.text("dots", ".."),
            new Payload("invalid UTF-8", null, "%FF%FE%C3%28"));

    @Autowired
    ApplicationContext context;

    private final AtomicInteger sent = new AtomicInteger();
    private final Collection<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void noEndpointAnswersAnyPayloadWithAServerErrorOrAStackTrace() throws Exception {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Client anonymous = Client.anonymous(port);
        Client resident = Client.resident(port, "sweep-resident");
        Client admin = Client.admin(port);
        List<Endpoint> endpoints = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, method) -> endpoints.addAll(endpoints(info, method)));
        assertThat(endpoints).as("endpoints found in the handler mapping").hasSizeGreaterThan(50);

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                work.add(pool.submit(() -> sweep(endpoint, anonymous)));
                Client signedIn = endpoint.path.startsWith("/console") ? admin
                        : endpoint.path.startsWith("/h5") ? resident : null;
                if (signedIn != null) {
                    work.add(pool.submit(() -> sweep(endpoint, signedIn)));
                }
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("Sweep: %d endpoints, %d requests in %d ms%n", endpoints.size(), sent.get(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(failures).as("server errors and stack traces").isEmpty();
    }

    /** One handler method, one HTTP method and path, with the parameters its handler reads. */
    record Endpoint(String method, String path, boolean multipart, List<Param> params) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A parameter, its plausible value (null: not sent unless probed), and whether it is a path variable. */
    record Param(String name, String plausible, boolean pathVariable) {
    }

    private List<Endpoint> endpoints(RequestMappingInfo info, HandlerMethod handler) {
        Set<String> patterns = info.getPathPatternsCondition() != null
                ? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
            methods = Set.of(RequestMethod.GET, RequestMethod.POST);
        }
        boolean multipart = info.getConsumesCondition().getConsumableMediaTypes().contains(MediaType.MULTIPART_FORM_DATA);
        List<Endpoint> out = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.contains("**") || pattern.startsWith("/error")) {
                continue;
            }
            for (RequestMethod method : methods) {
                if (method == RequestMethod.POST && pattern.startsWith("/wx/portal")) {
                    continue; // the portal has its own tests for hostile bodies
                }
                out.add(new Endpoint(method.name(), pattern, multipart, params(pattern, handler)));
            }
        }
        return out;
    }

    private static List<Param> params(String pattern, HandlerMethod handler) {
        Map<String, Param> params = new LinkedHashMap<>();
        Matcher variables = PATH_VARIABLE.matcher(pattern);
        while (variables.find()) {
            params.put("{" + variables.group(1) + "}", new Param(variables.group(1),
                    plausiblePathValue(variables.group(1), variables.group(2)), true));
        }
        for (MethodParameter parameter : handler.getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            Class<?> type = parameter.getParameterType();
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            if (parameter.hasParameterAnnotation(PathVariable.class)) {
                continue;
            }
            if (requestParam != null) {
                if (Map.class.isAssignableFrom(type) || MultiValueMap.class.isAssignableFrom(type)) {
                    List<String> names = pattern.startsWith("/open311") ? OPEN311_NAMES : CONSOLE_FILTER_NAMES;
                    List<String> more = pattern.contains("bulletin") ? List.of("period", "date") : List.of();
                    for (String name : names) {
                        params.putIfAbsent(name, new Param(name, null, false));
                    }
                    for (String name : more) {
                        params.putIfAbsent(name, new Param(name, null, false));
                    }
                    continue;
                }
                if (MultipartFile.class.isAssignableFrom(type) || isFileList(parameter)) {
                    continue;
                }
                String name = !requestParam.name().isEmpty() ? requestParam.name()
                        : !requestParam.value().isEmpty() ? requestParam.value() : parameter.getParameterName();
                params.put(name, new Param(name, plausible(name, type), false));
                continue;
            }
            if (type.getName().startsWith("cn.wenming") && !type.isEnum() && !BeanUtils.isSimpleProperty(type)) {
                // A form object bound from the request (@ModelAttribute, explicit or not).
                if (type.isRecord()) {
                    for (RecordComponent component : type.getRecordComponents()) {
                        params.put(component.getName(), new Param(component.getName(),
                                plausible(component.getName(), component.getType()), false));
                    }
                } else {
                    for (var property : BeanUtils.getPropertyDescriptors(type)) {
                        if (property.getWriteMethod() != null) {
                            params.put(property.getName(), new Param(property.getName(),
                                    plausible(property.getName(), property.getPropertyType()), false));
                        }
                    }
                }
            }
        }
        return List.copyOf(params.values());
    }

    private static boolean isFileList(MethodParameter parameter) {
        return Collection.class.isAssignableFrom(parameter.getParameterType())
                && parameter.getGenericParameterType().getTypeName().contains("MultipartFile");
    }

    private static String plausiblePathValue(String name, String regex) {
        String value = switch (name) {
            case "format" -> "json";
            case "ticket" -> "WM1";
            case "appid" -> TestAccounts.DEV_APPID;
            case "code" -> "litter";
            case "roundId" -> "1";
            default -> "1";
        };
        return regex == null || value.matches(regex) ? value : "WM1";
    }

    private static String plausible(String name, Class<?> type) {
        if (type.isEnum()) {
            return ((Enum<?>) type.getEnumConstants()[0]).name();
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "1";
        }
        return switch (name) {
            case "account" -> TestAccounts.DEV_APPID;
            case "category" -> "litter";
            case "latitude" -> "28.2455";
            case "longitude" -> "112.9512";
            case "address" -> "清石社区1号";
            case "description", "note", "text", "question" -> "门口有垃圾";
            case "phone" -> "13800138000";
            case "formToken" -> "";
            case "ticket", "duplicateOf" -> "WM1";
            case "month" -> "2026-01";
            case "date", "startsAt", "endsAt" -> "2026-01-05";
            case "period" -> "week";
            case "next" -> "/h5/my-reports";
            case "openid" -> "sweep-openid";
            case "username" -> "sweep-user";
            case "password" -> "Sweep-Passw0rd-2026!";
            case "displayName", "name" -> "扫描";
            case "mode" -> "DAILY";
            case "by" -> "district";
            case "sig", "code", "state" -> null;
            default -> "sweep";
        };
    }

    private void sweep(Endpoint endpoint, Client client) {
        List<Payload> payloads;
        for (Param param : endpoint.params) {
            payloads = param.pathVariable ? PATH_PAYLOADS : PAYLOADS;
            for (Payload payload : payloads) {
                probe(endpoint, client, Map.of(param.name, payload), param.name);
            }
        }
        // Every parameter hostile at once (path variables kept plausible so the handler is reached).
        for (Payload payload : PAYLOADS) {
            Map<String, Payload> all = new LinkedHashMap<>();
            endpoint.params.stream().filter(p -> !p.pathVariable).forEach(p -> all.put(p.name, payload));
            if (!all.isEmpty()) {
                probe(endpoint, client, all, "every parameter");
            }
        }
        // A form body of raw bytes that are not UTF-8 at all, in place of every field.
        if (!endpoint.method.equals("GET") && !endpoint.multipart) {
            String path = path(endpoint, Map.of());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Param param : endpoint.params) {
                if (!param.pathVariable) {
                    body.writeBytes((param.name + "=").getBytes(StandardCharsets.US_ASCII));
                    body.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0});
                    body.write('&');
                }
            }
            check(endpoint, "raw invalid UTF-8 form body", client.send(endpoint.method, path, client.withToken(body),
                    "application/x-www-form-urlencoded"));
        }
    }

    private void probe(Endpoint endpoint, Client client, Map<String, Payload> hostile, String where) {
        if (sent.get() > MAX_REQUESTS) {
            return;
        }
        String path = path(endpoint, hostile);
        Map<String, String> encodedFields = new LinkedHashMap<>();
        for (Param param : endpoint.params) {
            if (param.pathVariable) {
                continue;
            }
            Payload payload = hostile.get(param.name);
            if (payload != null) {
                encodedFields.put(param.name, payload.encoded());
            } else if (param.plausible != null) {
                encodedFields.put(param.name, URLEncoder.encode(param.plausible, StandardCharsets.UTF_8));
            }
        }
        String label = where + " = " + hostile.values().iterator().next().label();
        Client sender = client;
        if (client.resident && endpoint.multipart) {
            // A fresh resident for each report, so the daily limit never stops a probe before it is stored.
            sender = Client.resident(port, "sweep-" + UUID.randomUUID());
        } else if (endpoint.path.equals("/h5/dev-login")) {
            // Signing in changes the session: never the one the other probes are using at the same time.
            sender = client.resident ? Client.resident(port, "sweep-" + UUID.randomUUID()) : Client.anonymous(port);
        }
        HttpResponse<String> response;
        if (endpoint.method.equals("GET")) {
            String query = join(encodedFields);
            response = sender.send("GET", query.isEmpty() ? path : path + "?" + query, null, null);
        } else if (endpoint.multipart) {
            response = sender.send(endpoint.method, path, multipart(sender, encodedFields), null);
        } else {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(join(encodedFields).getBytes(StandardCharsets.US_ASCII));
            response = sender.send(endpoint.method, path, sender.withToken(body), "application/x-www-form-urlencoded");
        }
        check(endpoint, label + " (" + client.name + ")", response);
    }

    private void check(Endpoint endpoint, String label, HttpResponse<String> response) {
        sent.incrementAndGet();
        if (response == null) {
            failures.add(endpoint + " " + label + ": no response");
            return;
        }
        Matcher trace = STACK_TRACE.matcher(response.body());
        if (response.statusCode() >= 500 || trace.find()) {
            failures.add(endpoint + " " + label + ": " + response.statusCode()
                    + (trace.find(0) ? " stack trace: " + trace.group() : ""));
        }
    }

    private static String path(Endpoint endpoint, Map<String, Payload> hostile) {
        Matcher variables = PATH_VARIABLE.matcher(endpoint.path);
        StringBuilder out = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            Payload payload = hostile.get(name);
            String value = payload != null ? payload.encoded().replace("+", "%20") : endpoint.params.stream()
                    .filter(p -> p.pathVariable && p.name.equals(name)).findFirst().orElseThrow().plausible;
            variables.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variables.appendTail(out);
        return out.toString();
    }

    private static String join(Map<String, String> encodedFields) {
        StringBuilder out = new StringBuilder();
        encodedFields.forEach((name, value) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(value);
        });
        return out.toString();
    }

    /** A multipart body; an invalid UTF-8 payload goes in as its raw bytes. */
    private static Client.Multipart multipart(Client client, Map<String, String> encodedFields) {
        String boundary = "----sweep" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>(encodedFields);
        if (client.csrf != null) {
            fields.put("_csrf", URLEncoder.encode(client.csrf, StandardCharsets.UTF_8));
        }
        fields.forEach((name, encoded) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(decodePercent(encoded));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Client.Multipart(boundary, body.toByteArray());
    }

    /** The bytes a percent-encoded value stands for, whatever they are. */
    private static byte[] decodePercent(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c == '+' ? ' ' : c);
            }
        }
        return out.toByteArray();
    }

    /** An HTTP client with its own cookies and CSRF token; never follows redirects. */
    static final class Client {

        record Multipart(String boundary, byte[] body) {
        }

        final String name;
        final boolean resident;
        final String baseUrl;
        final HttpClient http;
        volatile String csrf;

        private Client(String name, boolean resident, int port) {
            this.name = name;
            this.resident = resident;
            this.baseUrl = "http://127.0.0.1:" + port;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        }

        static Client anonymous(int port) {
            Client client = new Client("anonymous", false, port);
            client.harvest("/h5/login");
            return client;
        }

        static Client resident(int port, String openid) {
            Client client = new Client("resident", true, port);
            client.harvest("/h5/login");
            HttpResponse<String> response = client.send("POST", "/h5/dev-login", client.withToken(form(Map.of(
                    "openid", openid, "account", TestAccounts.DEV_APPID, "next", "/h5/my-reports"))),
                    "application/x-www-form-urlencoded");
            assertThat(response.statusCode()).as("dev sign-in").isEqualTo(302);
            client.harvest("/h5/quiz");
            return client;
        }

        static Client admin(int port) {
            Client client = new Client("admin", false, port);
            client.harvest("/console/login");
            HttpResponse<String> response = client.send("POST", "/console/login", client.withToken(form(Map.of(
                    "username", Browser.DEV_ADMIN, "password", Browser.DEV_ADMIN_PASSWORD))),
                    "application/x-www-form-urlencoded");
            assertThat(response.headers().firstValue("Location").orElse("")).as("admin sign-in")
                    .doesNotContain("error");
            client.csrf = null;
            client.harvest("/console/admin/users");
            assertThat(client.csrf).as("the admin's CSRF token").isNotNull();
            return client;
        }

        private static ByteArrayOutputStream form(Map<String, String> fields) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(join(new LinkedHashMap<>(Map.copyOf(fields)) {
                {
                    replaceAll((k, v) -> URLEncoder.encode(v, StandardCharsets.UTF_8));
                }
            }).getBytes(StandardCharsets.US_ASCII));
            return body;
        }

        private void harvest(String page) {
            HttpResponse<String> response = send("GET", page, null, null);
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
        }

        byte[] withToken(ByteArrayOutputStream body) {
            if (csrf != null) {
                if (body.size() > 0) {
                    body.write('&');
                }
                body.writeBytes(("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            return body.toByteArray();
        }

        HttpResponse<String> send(String method, String path, Object body, String contentType) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                        .timeout(Duration.ofSeconds(30));
                if (body instanceof Multipart multipart) {
                    request.header("Content-Type", "multipart/form-data; boundary=" + multipart.boundary())
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(multipart.body()));
                } else if (body instanceof byte[] bytes) {
                    request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A URL the client itself will not send (e.g. a raw control character): nothing to probe.
                return new Skipped(path);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(method + " " + path, e);
            }
        }
    }

    /** Stands for a request the HTTP client refused to build; never a failure. */
    private record Skipped(String path) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 0;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
