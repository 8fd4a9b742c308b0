package cn.wenming.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A staff member's browser at another address, for login throttling: its connections leave from
 * {@code localAddress} (any 127.x.y.z on Linux), so the service sees that remote address. JDK 17's
 * HttpClient cannot bind a local address, hence plain HTTP/1.0 over a bound socket; it keeps cookies
 * and the page's CSRF token like {@link Browser}, and follows no redirects.
 */
public final class StaffFromAddress {

    /** What came back: status, the Location and Retry-After headers, and the body. */
    public record Response(int status, String location, String retryAfter, String body) {
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    private final InetAddress localAddress;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrfToken;

    public StaffFromAddress(int port, String localAddress) {
        this.port = port;
        try {
            this.localAddress = InetAddress.getByName(localAddress);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the login page and posts the form; the response is the redirect after the attempt. */
    public Response signIn(String username, String password) {
        get("/console/login");
        return post("/console/login", Map.of("username", username, "password", password, "_csrf", csrfToken));
    }

    public Response get(String path) {
        Response response = send("GET " + path + " HTTP/1.0\r\n", null);
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrfToken = token.group(1);
        }
        return response;
    }

    private Response post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send("POST " + path + " HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\n", body);
    }

    private Response send(String head, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(head).append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Accept: text/html\r\n");
        if (!cookies.isEmpty()) {
            request.append("Cookie: ").append(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "))).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String location = null;
        String retryAfter = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Location")) {
                location = value;
            } else if (name.equalsIgnoreCase("Retry-After")) {
                retryAfter = value;
            } else if (name.equalsIgnoreCase("Set-Cookie")) {
                String pair = value.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (pair.substring(eq + 1).isEmpty()) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return new Response(status, location == null ? "" : location, retryAfter, text.substring(end + 4));
    }
}
