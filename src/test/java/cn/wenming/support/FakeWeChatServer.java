package cn.wenming.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for api.weixin.qq.com that checks what it receives: access tokens are issued only
 * for a known appid with its secret, and every API call must carry a token it issued. Calls it does
 * not implement, or that fail those checks, are recorded as problems for the test to assert on.
 */
public final class FakeWeChatServer {

    private static FakeWeChatServer shared;
    /** Not -1: WxJava silently retries "system busy" itself; 45009 (quota reached) reaches the caller. */
    private static final String BUSY = "{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}";

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> issuedTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private final List<Call> customerMessages = new CopyOnWriteArrayList<>();
    private final List<Call> menus = new CopyOnWriteArrayList<>();
    private final List<Call> templateMessages = new CopyOnWriteArrayList<>();
    private final List<Call> qrCodes = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNextSends = new AtomicInteger();
    private final AtomicInteger oauthExchanges = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final List<String> mediaDownloads = new CopyOnWriteArrayList<>();
    private final Map<String, String> oauthCodes = new ConcurrentHashMap<>();
    /** How long a media download takes; answered from another thread, so other calls are not held up. */
    private volatile Duration mediaDelay = Duration.ZERO;
    private final ScheduledExecutorService slowMedia = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-wechat-slow-media");
        thread.setDaemon(true);
        return thread;
    });
    /** The keys of each template the accounts own, as 公众平台 lists them. */
    private final Map<String, java.util.Set<String>> templates = new ConcurrentHashMap<>();
    /** A phrase holds at most 5 characters; every other field 20 (WeChat's rules since 2023-05-04). */
    private static final java.util.regex.Pattern TEMPLATE_KEY =
            java.util.regex.Pattern.compile("(thing|character_string|phrase|time|date|number|letter|symbol|amount|const)\\d+");

    /** Reach's mass-message APIs (issue 18), kept apart to ease merging. */
    public final Reach reach = new Reach();

    /** A checked API call: the account it was made for and its JSON body. */
    public record Call(String appId, JsonObject body) {
    }

    private FakeWeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** One server per test JVM: Spring caches contexts, and every context points at this one. */
    public static synchronized FakeWeChatServer shared() {
        if (shared == null) {
            try {
                shared = new FakeWeChatServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.account(TestAccounts.DEV_APPID, TestAccounts.DEV_SECRET);
            shared.account(TestAccounts.ROTATED_APPID, TestAccounts.ROTATED_SECRET);
            shared.account(TestAccounts.PLAIN_APPID, TestAccounts.PLAIN_SECRET);
            shared.account(TestAccounts.MIGRATING_APPID, TestAccounts.MIGRATING_SECRET);
            shared.template(TestAccounts.DEV_REPORT_TEMPLATE, java.util.Set.of(TestAccounts.TEMPLATE_TICKET_KEY,
                    TestAccounts.TEMPLATE_STATE_KEY, TestAccounts.TEMPLATE_TIME_KEY, TestAccounts.TEMPLATE_SUMMARY_KEY));
            shared.template(TestAccounts.DEV_PROGRESS_SUBSCRIBE_TEMPLATE, java.util.Set.of(
                    TestAccounts.SUBSCRIBE_TICKET_KEY, TestAccounts.SUBSCRIBE_STATE_KEY, TestAccounts.SUBSCRIBE_TIME_KEY,
                    TestAccounts.SUBSCRIBE_SUMMARY_KEY));
        }
        return shared;
    }

    public void account(String appId, String secret) {
        secrets.put(appId, secret);
    }

    /** A template the accounts own, with its keys. */
    public void template(String templateId, java.util.Set<String> keys) {
        templates.put(templateId, java.util.Set.copyOf(keys));
    }

    /** Temporary media a resident "sent": served by /cgi-bin/media/get to a caller with a valid token. */
    public void media(String mediaId, byte[] bytes) {
        media.put(mediaId, bytes);
    }

    /** Every media download from now on answers after {@code delay} (WeChat's media API being slow). */
    public void mediaDelay(Duration delay) {
        mediaDelay = delay;
    }

    /** Media ids downloaded so far, in order. */
    public List<String> mediaDownloads() {
        return List.copyOf(mediaDownloads);
    }

    /** An OAuth code WeChat would hand the browser of {@code openid}; it can be exchanged once. */
    public void oauthCode(String code, String openid) {
        oauthCodes.put(code, openid);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> customerMessages() {
        return List.copyOf(customerMessages);
    }

    public List<Call> templateMessages() {
        return List.copyOf(templateMessages);
    }

    /** The next {@code count} customer-service or template sends are refused. */
    public void refuseNextSends(int count) {
        refuseNextSends.set(count);
    }

    public List<Call> menus() {
        return List.copyOf(menus);
    }

    /** OAuth code exchanges asked for since the last {@link #reset()}. */
    public int oauthExchanges() {
        return oauthExchanges.get();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Waits for at least {@code count} customer-service messages. */
    public List<Call> awaitCustomerMessages(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (customerMessages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return customerMessages();
    }

    /** Permanent QR codes made so far (QR_LIMIT_STR_SCENE), with their bodies. */
    public List<Call> qrCodes() {
        return List.copyOf(qrCodes);
    }

    /** The content WeChat gives the permanent code of {@code scene}: what a printed code says. */
    public static String qrContent(String scene) {
        return "http://weixin.qq.com/q/" + java.util.HexFormat.of().formatHex(scene.getBytes(StandardCharsets.UTF_8));
    }

    /** The scene behind a permanent code's content, as WeChat knows it when the code is scanned. */
    public static String sceneOf(String content) {
        String hex = content.substring(content.lastIndexOf('/') + 1);
        return new String(java.util.HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }

    public void reset() {
        qrCodes.clear();
        customerMessages.clear();
        templateMessages.clear();
        refuseNextSends.set(0);
        oauthExchanges.set(0);
        mediaDelay = Duration.ZERO;
        mediaDownloads.clear();
        menus.clear();
        problems.clear();
        reach.reset();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> query = query(uri.getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = uri.getPath();
        String response;
        if (path.equals("/cgi-bin/token") && exchange.getRequestMethod().equals("GET")) {
            response = token(query);
        } else if (path.equals("/cgi-bin/message/custom/send") && exchange.getRequestMethod().equals("POST")) {
            response = refuseNextSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? BUSY
                    : authorised(query, body, customerMessages);
        } else if (path.equals("/cgi-bin/message/template/send") && exchange.getRequestMethod().equals("POST")) {
            String invalid = templateProblem(body);
            if (invalid != null) {
                problems.add("template message: " + invalid);
                response = "{\"errcode\":47003,\"errmsg\":\"argument invalid!\"}";
            } else {
                response = refuseNextSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? BUSY
                        : authorised(query, body, templateMessages);
            }
        } else if (path.equals("/cgi-bin/qrcode/create") && exchange.getRequestMethod().equals("POST")) {
            response = qrCode(query, body);
        } else if (path.equals("/cgi-bin/menu/create") && exchange.getRequestMethod().equals("POST")) {
            response = authorised(query, body, menus);
        } else if (path.equals("/cgi-bin/media/get") && exchange.getRequestMethod().equals("GET")) {
            byte[] file = mediaFile(uri.getRawQuery(), query);
            if (file != null) {
                Duration delay = mediaDelay;
                if (delay.isZero()) {
                    sendPhoto(exchange, file);
                } else {
                    slowMedia.schedule(() -> {
                        sendPhoto(exchange, file);
                        return null;
                    }, delay.toMillis(), TimeUnit.MILLISECONDS);
                }
                return;
            }
            response = "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}";
        } else if (path.equals("/cgi-bin/menu/get") || path.equals("/cgi-bin/menu/addconditional")
                || path.equals("/cgi-bin/menu/delconditional")) {
            response = reach.menu(path.substring("/cgi-bin/menu/".length()), query, body);
        } else if (path.equals("/cgi-bin/ticket/getticket") && exchange.getRequestMethod().equals("GET")) {
            response = reach.jsapiTicket(query);
        } else if (path.equals("/cgi-bin/message/subscribe/bizsend") && exchange.getRequestMethod().equals("POST")) {
            String invalid = templateProblem(body);
            if (invalid != null) {
                problems.add("subscription notice: " + invalid);
                response = "{\"errcode\":47003,\"errmsg\":\"argument invalid!\"}";
            } else {
                response = authorised(query, body, reach.subscriptionNotices);
            }
        } else if (path.startsWith("/cgi-bin/tags/")) {
            response = reach.tags(path.substring("/cgi-bin/tags/".length()), query, body);
        } else if (path.startsWith("/cgi-bin/message/mass/") && exchange.getRequestMethod().equals("POST")) {
            response = reach.mass(path.substring("/cgi-bin/message/mass/".length()), query, body);
        } else if (path.equals("/sns/oauth2/access_token") && exchange.getRequestMethod().equals("GET")) {
            oauthExchanges.incrementAndGet();
            response = oauthExchange(query);
        } else {
            problems.add("unexpected call " + exchange.getRequestMethod() + " " + path);
            response = "{\"errcode\":40066,\"errmsg\":\"invalid url\"}";
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sendPhoto(HttpExchange exchange, byte[] file) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
        exchange.getResponseHeaders().add("Content-disposition", "attachment; filename=\"photo.jpg\"");
        exchange.sendResponseHeaders(200, file.length);
        exchange.getResponseBody().write(file);
        exchange.close();
    }

    /**
     * What WeChat would refuse or silently lose in a template message, or null: an unknown template,
     * keys the template does not have, {@code first}/{@code remark} (no longer shown since 2023-05-04),
     * line breaks, and values over a field's length (5 for a phrase, else 20).
     */
    private String templateProblem(String body) {
        JsonObject json;
        try {
            json = JsonParser.parseString(body).getAsJsonObject();
        } catch (RuntimeException e) {
            return null; // answered as a malformed body by authorised()
        }
        String templateId = json.has("template_id") ? json.get("template_id").getAsString() : "";
        java.util.Set<String> keys = templates.get(templateId);
        if (keys == null) {
            return "unknown template_id " + templateId;
        }
        JsonObject data = json.has("data") ? json.getAsJsonObject("data") : new JsonObject();
        if (data.isEmpty()) {
            return "no data";
        }
        for (String key : data.keySet()) {
            if (key.equals("first") || key.equals("remark")) {
                return "data." + key + " is no longer shown";
            }
            if (!keys.contains(key)) {
                return "data." + key + " is not a key of template " + templateId;
            }
            java.util.regex.Matcher type = TEMPLATE_KEY.matcher(key);
            String value = data.getAsJsonObject(key).get("value").getAsString();
            int limit = type.matches() && type.group(1).equals("phrase") ? 5 : 20;
            if (value.codePointCount(0, value.length()) > limit) {
                return "data." + key + ".value longer than " + limit + ": " + value;
            }
            if (value.contains("\n") || value.contains("\r")) {
                return "data." + key + ".value has a line break";
            }
            if (value.isBlank()) {
                return "data." + key + ".value is empty";
            }
        }
        return null;
    }

    private String token(Map<String, String> query) {
        String appId = query.get("appid");
        if (!"client_credential".equals(query.get("grant_type")) || appId == null
                || !query.getOrDefault("secret", "").equals(secrets.get(appId))) {
            problems.add("token request with wrong grant_type, appid or secret: " + appId);
            return "{\"errcode\":40125,\"errmsg\":\"invalid appsecret\"}";
        }
        String token = "TOKEN_" + appId + "_" + tokenCounter.incrementAndGet();
        issuedTokens.put(token, appId);
        return "{\"access_token\":\"" + token + "\",\"expires_in\":7200}";
    }

    private byte[] mediaFile(String rawQuery, Map<String, String> query) {
        // Exactly access_token and media_id, each once: an unencoded media id adds or splits parameters.
        List<String> names = new java.util.ArrayList<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            names.add(eq > 0 ? URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8) : "<no name>" + pair);
        }
        if (names.size() != 2 || !names.containsAll(List.of("access_token", "media_id"))) {
            problems.add("media download with a malformed query (parameters " + names + ")");
            return null;
        }
        if (!issuedTokens.containsKey(query.getOrDefault("access_token", ""))) {
            problems.add("media download without a valid access_token");
            return null;
        }
        String mediaId = query.get("media_id");
        mediaDownloads.add(mediaId);
        return mediaId == null ? null : media.get(mediaId);
    }

    private String oauthExchange(Map<String, String> query) {
        String appId = query.get("appid");
        if (!"authorization_code".equals(query.get("grant_type")) || appId == null
                || !query.getOrDefault("secret", "").equals(secrets.get(appId))) {
            problems.add("OAuth exchange with wrong grant_type, appid or secret: " + appId);
            return "{\"errcode\":40125,\"errmsg\":\"invalid appsecret\"}";
        }
        String openid = oauthCodes.remove(query.getOrDefault("code", ""));
        if (openid == null) {
            return "{\"errcode\":40029,\"errmsg\":\"invalid code\"}";
        }
        return "{\"access_token\":\"OAUTH_" + openid + "\",\"expires_in\":7200,\"refresh_token\":\"R\",\"openid\":\""
                + openid + "\",\"scope\":\"snsapi_base\"}";
    }

    /**
     * A permanent string-scene code, checked as WeChat does: action QR_LIMIT_STR_SCENE and a scene_str
     * of 1 to 64 characters. The same scene always gives the same code.
     */
    private String qrCode(Map<String, String> query, String body) {
        String answer = authorised(query, body, qrCodes);
        if (!answer.startsWith("{\"errcode\":0")) {
            return answer;
        }
        JsonObject json = qrCodes.get(qrCodes.size() - 1).body();
        String scene = json.has("action_info") ? json.getAsJsonObject("action_info").getAsJsonObject("scene")
                .get("scene_str").getAsString() : "";
        boolean permanent = "QR_LIMIT_STR_SCENE".equals(json.get("action_name").getAsString());
        // A temporary code (reach's staff link) lives 60 s to 30 days.
        boolean temporary = "QR_STR_SCENE".equals(json.get("action_name").getAsString()) && json.has("expire_seconds")
                && json.get("expire_seconds").getAsInt() >= 60 && json.get("expire_seconds").getAsInt() <= 2_592_000;
        if (!(permanent || temporary) || scene.isEmpty() || scene.length() > 64) {
            problems.add("qrcode/create with " + json);
            return "{\"errcode\":40097,\"errmsg\":\"invalid args\"}";
        }
        return "{\"ticket\":\"T" + Math.abs(scene.hashCode()) + "\",\"url\":\"" + qrContent(scene) + "\"}";
    }

    private String authorised(Map<String, String> query, String body, List<Call> into) {
        String appId = issuedTokens.get(query.getOrDefault("access_token", ""));
        if (appId == null) {
            problems.add("API call without a valid access_token");
            return "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(body).getAsJsonObject();
        } catch (RuntimeException e) {
            problems.add("API call with a body that is not a JSON object");
            return "{\"errcode\":47001,\"errmsg\":\"data format error\"}";
        }
        into.add(new Call(appId, json));
        return "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":" + into.size() + "}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    // ---- Reach (issue 18): mass messages ------------------------------------------------------------

    /**
     * mass/preview, mass/sendall and mass/send, checked as WeChat does: a valid token, a message type with
     * its content or media_id, a preview to one openid, sendall to everyone or a tag, send to 2–10 000
     * openids. A clientmsgid already used is refused with errcode 45065 and the first send's msg_id, and
     * reaches nobody again.
     */
    public final class Reach {

        private final List<Call> previews = new CopyOnWriteArrayList<>();
        private final List<Call> requests = new CopyOnWriteArrayList<>();
        /** Mass messages actually sent (one per clientmsgid), in order. */
        private final List<Call> sent = new CopyOnWriteArrayList<>();
        private final Map<String, Long> msgIdByClientMsgId = new ConcurrentHashMap<>();
        private final AtomicInteger lostAnswers = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong msgIds = new java.util.concurrent.atomic.AtomicLong(1000);

        /** Tags per account (name → id) and who carries each tag id; kept across tests, like WeChat's. */
        private final Map<String, Map<String, Long>> tagsByAccount = new ConcurrentHashMap<>();
        private final Map<Long, java.util.Set<String>> members = new ConcurrentHashMap<>();
        private final AtomicInteger refusedTagCalls = new AtomicInteger();
        private final List<Call> tagCalls = new CopyOnWriteArrayList<>();

        private Reach() {
        }

        /** 订阅通知 sent (bizsend), checked like template messages: the template's own keys and lengths. */
        private final List<Call> subscriptionNotices = new CopyOnWriteArrayList<>();
        private final AtomicInteger jsapiTickets = new AtomicInteger();

        public List<Call> subscriptionNotices() {
            return List.copyOf(subscriptionNotices);
        }

        /** JS-SDK tickets handed out since the last reset. */
        public int jsapiTickets() {
            return jsapiTickets.get();
        }

        String jsapiTicket(Map<String, String> query) {
            if (!issuedTokens.containsKey(query.getOrDefault("access_token", "")) || !"jsapi".equals(query.get("type"))) {
                problems.add("getticket without a valid access_token or type=jsapi");
                return "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
            }
            jsapiTickets.incrementAndGet();
            return "{\"errcode\":0,\"errmsg\":\"ok\",\"ticket\":\"JSAPI_TICKET\",\"expires_in\":7200}";
        }

        /** The account's conditional menus as WeChat holds them: menuid → menu with its matchrule. */
        private final Map<String, Map<String, JsonObject>> conditionalMenus = new ConcurrentHashMap<>();
        private final AtomicInteger menuIds = new AtomicInteger(400);

        /** The conditional menus the account has now (publishing replaces them). */
        public List<JsonObject> conditionalMenus(String appId) {
            return List.copyOf(conditionalMenus.getOrDefault(appId, Map.of()).values());
        }

        /** The id of the tag called {@code name} on the account, or null. */
        public Long tagId(String appId, String name) {
            return tagsByAccount.getOrDefault(appId, Map.of()).get(name);
        }

        /** menu/get (the default menu and the conditional ones), menu/addconditional (an existing tag) and delconditional. */
        String menu(String api, Map<String, String> query, String body) {
            String appId = issuedTokens.get(query.getOrDefault("access_token", ""));
            if (appId == null) {
                problems.add("menu/" + api + " without a valid access_token");
                return "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
            }
            Map<String, JsonObject> current = conditionalMenus.computeIfAbsent(appId, k -> new java.util.LinkedHashMap<>());
            switch (api) {
                case "get" -> {
                    JsonObject answer = new JsonObject();
                    JsonObject defaultMenu = menus.stream().filter(c -> c.appId().equals(appId)).reduce((a, b) -> b)
                            .map(Call::body).orElse(null);
                    if (defaultMenu == null) {
                        return "{\"errcode\":46003,\"errmsg\":\"menu no exist\"}";
                    }
                    answer.add("menu", defaultMenu);
                    com.google.gson.JsonArray conditional = new com.google.gson.JsonArray();
                    current.forEach((id, menu) -> {
                        JsonObject copy = menu.deepCopy();
                        copy.addProperty("menuid", Long.parseLong(id));
                        conditional.add(copy);
                    });
                    answer.add("conditionalmenu", conditional);
                    return answer.toString();
                }
                case "addconditional" -> {
                    JsonObject menu = JsonParser.parseString(body).getAsJsonObject();
                    JsonObject rule = menu.has("matchrule") ? menu.getAsJsonObject("matchrule") : null;
                    String tag = rule != null && rule.has("tag_id") ? rule.get("tag_id").getAsString() : "";
                    if (!tagsByAccount.getOrDefault(appId, Map.of()).containsValue(tag.isEmpty() ? -1L : Long.parseLong(tag))
                            || !menu.has("button")) {
                        problems.add("menu/addconditional without an existing tag_id: " + menu);
                        return "{\"errcode\":65301,\"errmsg\":\"invalid matchrule\"}";
                    }
                    String id = String.valueOf(menuIds.incrementAndGet());
                    current.put(id, menu);
                    return "{\"menuid\":\"" + id + "\"}";
                }
                default -> {
                    String id = JsonParser.parseString(body).getAsJsonObject().get("menuid").getAsString();
                    if (current.remove(id) == null) {
                        problems.add("menu/delconditional of an unknown menuid " + id);
                        return "{\"errcode\":65303,\"errmsg\":\"no such menu\"}";
                    }
                    return "{\"errcode\":0,\"errmsg\":\"ok\"}";
                }
            }
        }

        /** The followers that carry the tag called {@code name} on the account. */
        public java.util.Set<String> tagged(String appId, String name) {
            Long id = tagsByAccount.getOrDefault(appId, Map.of()).get(name);
            return id == null ? java.util.Set.of() : java.util.Set.copyOf(members.getOrDefault(id, java.util.Set.of()));
        }

        /** Tag API calls since the last reset. */
        public List<Call> tagCalls() {
            return List.copyOf(tagCalls);
        }

        /** The next {@code count} tagging calls are refused (45009, not retried by WxJava). */
        public void refuseNextTagCalls(int count) {
            refusedTagCalls.set(count);
        }

        /**
         * tags/get, tags/create (a name of at most 30 characters, unique, at most 100 tags) and
         * members/batchtagging and batchuntagging (1–50 openids, an existing tag, at most 20 tags a follower).
         */
        String tags(String api, Map<String, String> query, String body) {
            if (api.equals("get")) {
                String appId = issuedTokens.get(query.getOrDefault("access_token", ""));
                if (appId == null) {
                    problems.add("tags/get without a valid access_token");
                    return "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
                }
                JsonObject answer = new JsonObject();
                com.google.gson.JsonArray list = new com.google.gson.JsonArray();
                tagsByAccount.getOrDefault(appId, Map.of()).forEach((name, id) -> {
                    JsonObject tag = new JsonObject();
                    tag.addProperty("id", id);
                    tag.addProperty("name", name);
                    tag.addProperty("count", members.getOrDefault(id, java.util.Set.of()).size());
                    list.add(tag);
                });
                answer.add("tags", list);
                return answer.toString();
            }
            String answer = authorised(query, body, tagCalls);
            if (!answer.startsWith("{\"errcode\":0")) {
                return answer;
            }
            Call call = tagCalls.get(tagCalls.size() - 1);
            Map<String, Long> tags = tagsByAccount.computeIfAbsent(call.appId(), k -> new ConcurrentHashMap<>());
            JsonObject json = call.body();
            switch (api) {
                case "create" -> {
                    String name = json.getAsJsonObject("tag").get("name").getAsString();
                    if (name.isEmpty() || name.length() > 30 || tags.containsKey(name) || tags.size() >= 100) {
                        problems.add("tags/create refused for " + name);
                        return "{\"errcode\":45157,\"errmsg\":\"invalid tag name\"}";
                    }
                    long id = 100 + tags.size();
                    tags.put(name, id);
                    return "{\"tag\":{\"id\":" + id + ",\"name\":\"" + name + "\"}}";
                }
                case "members/batchtagging", "members/batchuntagging" -> {
                    if (refusedTagCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        return BUSY;
                    }
                    long id = json.get("tagid").getAsLong();
                    List<String> openids = new java.util.ArrayList<>();
                    json.getAsJsonArray("openid_list").forEach(o -> openids.add(o.getAsString()));
                    if (!tags.containsValue(id) || openids.isEmpty() || openids.size() > 50) {
                        problems.add("tags/" + api + " with tag " + id + " and " + openids.size() + " openids");
                        return "{\"errcode\":40032,\"errmsg\":\"invalid openid list size\"}";
                    }
                    java.util.Set<String> holders = members.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
                    if (api.endsWith("untagging")) {
                        openids.forEach(holders::remove);
                    } else {
                        for (String openid : openids) {
                            long carried = members.values().stream().filter(m -> m.contains(openid)).count();
                            if (!holders.contains(openid) && carried >= 20) {
                                problems.add("a follower with 20 tags tagged again");
                                return "{\"errcode\":45059,\"errmsg\":\"has too many tags\"}";
                            }
                        }
                        holders.addAll(openids);
                    }
                    return "{\"errcode\":0,\"errmsg\":\"ok\"}";
                }
                default -> {
                    problems.add("unexpected tags call " + api);
                    return "{\"errcode\":40066,\"errmsg\":\"invalid url\"}";
                }
            }
        }

        public List<Call> previews() {
            return List.copyOf(previews);
        }

        /** Every send request received, repeats included. */
        public List<Call> sendRequests() {
            return List.copyOf(requests);
        }

        /** The mass messages that reached followers: one per clientmsgid however often it was asked. */
        public List<Call> sent() {
            return List.copyOf(sent);
        }

        /** The next {@code count} send requests are carried out but answered "system error" (the answer is lost). */
        public void loseNextAnswers(int count) {
            lostAnswers.set(count);
        }

        /** The msg_id WeChat gave the send with this clientmsgid. */
        public Long msgId(String clientMsgId) {
            return msgIdByClientMsgId.get(clientMsgId);
        }

        void reset() {
            subscriptionNotices.clear();
            jsapiTickets.set(0);
            refusedTagCalls.set(0);
            tagCalls.clear();
            previews.clear();
            requests.clear();
            sent.clear();
            lostAnswers.set(0);
        }

        String mass(String api, Map<String, String> query, String body) {
            List<Call> into = api.equals("preview") ? previews : requests;
            String answer = authorised(query, body, into);
            if (!answer.startsWith("{\"errcode\":0")) {
                return answer;
            }
            JsonObject json = into.get(into.size() - 1).body();
            String invalid = problem(api, json);
            if (invalid != null) {
                into.remove(into.size() - 1);
                problems.add("mass/" + api + ": " + invalid);
                return "{\"errcode\":40130,\"errmsg\":\"" + invalid + "\"}";
            }
            if (api.equals("preview")) {
                return "{\"errcode\":0,\"errmsg\":\"preview success\",\"msg_id\":" + msgIds.incrementAndGet() + "}";
            }
            String clientMsgId = json.has("clientmsgid") ? json.get("clientmsgid").getAsString() : null;
            Long first = clientMsgId == null ? null : msgIdByClientMsgId.get(clientMsgId);
            String reply;
            if (first != null) {
                reply = "{\"errcode\":45065,\"errmsg\":\"clientmsgid exist\",\"msg_id\":" + first + "}";
            } else {
                long msgId = msgIds.incrementAndGet();
                if (clientMsgId != null) {
                    msgIdByClientMsgId.put(clientMsgId, msgId);
                }
                sent.add(into.get(into.size() - 1));
                reply = "{\"errcode\":0,\"errmsg\":\"send job submission success\",\"msg_id\":" + msgId
                        + ",\"msg_data_id\":" + msgId + "}";
            }
            return lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? "{\"errcode\":-1,\"errmsg\":\"system error\"}" : reply;
        }

        private static String problem(String api, JsonObject json) {
            String type = json.has("msgtype") ? json.get("msgtype").getAsString() : "";
            boolean content = switch (type) {
                case "text" -> json.has("text") && !json.getAsJsonObject("text").get("content").getAsString().isBlank();
                case "image", "mpnews" -> json.has(type) && json.getAsJsonObject(type).has("media_id");
                default -> false;
            };
            if (!content) {
                return "msgtype " + type + " without its content";
            }
            switch (api) {
                case "preview" -> {
                    return json.has("touser") && json.get("touser").isJsonPrimitive() ? null : "preview without touser";
                }
                case "sendall" -> {
                    JsonObject filter = json.has("filter") ? json.getAsJsonObject("filter") : null;
                    return filter != null && (filter.has("is_to_all") && filter.get("is_to_all").getAsBoolean()
                            || filter.has("tag_id")) ? null : "sendall without is_to_all or tag_id";
                }
                case "send" -> {
                    int size = json.has("touser") && json.get("touser").isJsonArray()
                            ? json.getAsJsonArray("touser").size() : 0;
                    return size >= 2 && size <= 10_000 ? null : "invalid openid list size " + size;
                }
                default -> {
                    return "unknown mass API " + api;
                }
            }
        }
    }
}
