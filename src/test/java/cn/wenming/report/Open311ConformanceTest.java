package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open311 GeoReport v2 as a client sees it, over HTTP, in both formats: every method, every error,
 * the filters, routing by the grid, and that nothing identifies a reporter. Responses are read with
 * real parsers (Jackson, a DOM builder), never by looking for substrings.
 */
class Open311ConformanceTest extends IntegrationTest {

    private static final String KEY = "wenming-dev-open311-key";
    private static final String BASE = "/open311/v2/";
    /** In 书香社区 (书院街道, 明湖区). */
    private static final String SHUXIANG_LAT = "28.2282";
    private static final String SHUXIANG_LONG = "112.9388";
    private static final List<String> REQUEST_FIELDS = List.of("service_request_id", "status", "status_notes",
            "service_name", "service_code", "description", "agency_responsible", "service_notice",
            "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
            "long", "media_url");
    private static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    @Autowired
    private ReportService reports;

    @Autowired
    private ReportCategories categories;

    private final HttpClient http = HttpClient.newHttpClient();

    // ---- discovery and services ----

    @Test
    void discoveryInJsonNamesTheGeoReportEndpoint() throws Exception {
        Reply reply = get("discovery.json");
        assertJson(reply, 200);
        JsonNode discovery = json(reply);
        assertThat(discovery.path("changeset").asString()).isNotBlank();
        assertThat(discovery.path("contact").asString()).contains("市创城办");
        assertThat(discovery.path("key_service").asString()).contains("api_key");
        JsonNode endpoint = discovery.path("endpoints").path(0);
        assertThat(discovery.path("endpoints").size()).isEqualTo(1);
        assertThat(endpoint.path("specification").asString()).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(endpoint.path("url").asString()).isEqualTo(publicBaseUrl + "/open311/v2");
        assertThat(endpoint.path("type").asString()).isEqualTo("production");
        assertThat(OffsetDateTime.parse(endpoint.path("changeset").asString())).isNotNull();
        assertThat(endpoint.path("formats").values().stream().map(JsonNode::asString))
                .containsExactly("text/xml", "application/json");
    }

    @org.springframework.beans.factory.annotation.Value("${wenming.public-base-url}")
    private String publicBaseUrl;

    /** Issue 13, item 9: the endpoint URL was built from the Host header, so anyone could choose it. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void open311DiscoveryIgnoresTheHostHeader(String format) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + BASE + "discovery." + format + " HTTP/1.0\r\n"
                    + "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"
                    + "Forwarded: host=evil.example;proto=https\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200").contains(publicBaseUrl + "/open311/v2")
                    .doesNotContain("evil.example");
        }
    }

    @Test
    void discoveryInXmlNamesTheGeoReportEndpoint() throws Exception {
        Reply reply = get("discovery.xml");
        assertXml(reply, 200);
        Element discovery = xml(reply).getDocumentElement();
        assertThat(discovery.getTagName()).isEqualTo("discovery");
        assertThat(text(discovery, "contact")).contains("市创城办");
        Element endpoints = only(children(discovery, "endpoints"));
        Element endpoint = only(children(endpoints, "endpoint"));
        assertThat(text(endpoint, "specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
        assertThat(text(endpoint, "url")).isEqualTo(publicBaseUrl + "/open311/v2");
        assertThat(text(endpoint, "type")).isEqualTo("production");
        assertThat(children(only(children(endpoint, "formats")), "format")).extracting(Element::getTextContent)
                .containsExactly("text/xml", "application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void servicesListEveryCategoryWithItsGroupAndDeadline(String format) throws Exception {
        List<Map<String, String>> services = items(get("services." + format), format, "services", "service");
        // Every category a client can actually file (those that need a photo cannot come through Open311).
        assertThat(services).extracting(s -> s.get("service_code")).containsExactlyElementsOf(categories.all()
                .stream().filter(c -> !c.photoRequired()).map(ReportCategory::code).toList());
        for (Map<String, String> service : services) {
            assertThat(service.keySet()).containsExactly("service_code", "service_name", "description", "metadata",
                    "type", "keywords", "group");
            assertThat(service.get("metadata")).isEqualTo("false");
            assertThat(service.get("type")).isEqualTo("realtime");
        }
        Map<String, String> streetlight = byField(services, "service_code", "streetlight");
        assertThat(streetlight.get("service_name")).isEqualTo("路灯不亮");
        assertThat(streetlight.get("group")).isEqualTo("市政设施");
        assertThat(streetlight.get("description")).contains("城市问题", "区市政设施管理处", "2个工作日");
        assertThat(Arrays.asList(streetlight.get("keywords").split(","))).contains("路灯", "路灯不亮");
    }

    @Test
    void serviceDefinitionInJsonHasNoAttributes() throws Exception {
        Reply reply = get("services/streetlight.json");
        assertJson(reply, 200);
        JsonNode definition = json(reply);
        assertThat(definition.path("service_code").asString()).isEqualTo("streetlight");
        assertThat(definition.path("attributes").isArray()).isTrue();
        assertThat(definition.path("attributes").size()).isZero();
    }

    @Test
    void serviceDefinitionInXmlHasNoAttributes() throws Exception {
        Reply reply = get("services/toilet.xml");
        assertXml(reply, 200);
        Element definition = xml(reply).getDocumentElement();
        assertThat(definition.getTagName()).isEqualTo("service_definition");
        assertThat(text(definition, "service_code")).isEqualTo("toilet");
        assertThat(children(only(children(definition, "attributes")), null)).isEmpty();
    }

    // ---- filing a request ----

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void aPostedRequestReadsBackWithTheUnitTheGridChose(String format) throws Exception {
        String description = "书香社区5栋门口的路灯不亮，晚上很黑（" + format + "）";
        Reply posted = post("requests." + format, "api_key", KEY, "jurisdiction_id", "wenming.local",
                "service_code", "streetlight", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG,
                "address_string", "书香社区5栋", "description", description, "attribute[WHEN]", "night",
                "email", "someone@example.com");
        List<Map<String, String>> receipts = items(posted, format, "service_requests", "request");
        assertThat(posted.status).isEqualTo(200);
        Map<String, String> receipt = only(receipts);
        assertThat(receipt.keySet()).containsExactly("service_request_id", "service_notice", "account_id");
        String ticket = receipt.get("service_request_id");
        assertThat(ticket).matches("WM\\d{10}");
        assertThat(receipt.get("service_notice")).contains("明湖区市政设施管理处", "2个工作日");
        assertThat(receipt.get("account_id")).isEmpty();

        // requests/{id}.{format}: the id must come back without the suffix.
        Map<String, String> request = only(items(get("requests/" + ticket + "." + format), format,
                "service_requests", "request"));
        assertThat(request.keySet()).containsExactlyElementsOf(REQUEST_FIELDS);
        assertThat(request.get("service_request_id")).isEqualTo(ticket);
        assertThat(request.get("status")).isEqualTo("open");
        assertThat(request.get("status_notes")).isEqualTo("待受理");
        assertThat(request.get("service_code")).isEqualTo("streetlight");
        assertThat(request.get("service_name")).isEqualTo("路灯不亮");
        assertThat(request.get("description")).isEqualTo(description);
        assertThat(request.get("agency_responsible")).isEqualTo("明湖区市政设施管理处");
        assertThat(request.get("service_notice")).contains("明湖区市政设施管理处");
        // The grid's area, never the typed address.
        assertThat(request.get("address")).isEqualTo("明湖区 · 书香社区");
        // Rounded to about 100 m for the public.
        assertThat(Double.parseDouble(request.get("lat"))).isEqualTo(28.228);
        assertThat(Double.parseDouble(request.get("long"))).isEqualTo(112.939);
        assertThat(request.get("expected_datetime")).isEmpty();
        assertThat(request.get("address_id")).isEmpty();
        assertThat(request.get("zipcode")).isEmpty();
        assertThat(request.get("media_url")).isEmpty();
        OffsetDateTime requested = OffsetDateTime.parse(request.get("requested_datetime"));
        assertThat(request.get("requested_datetime")).endsWith("+08:00");
        assertThat(requested.getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(Duration.between(requested, OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(5));
        assertThat(request.get("updated_datetime")).endsWith("+08:00");

        Map<String, Object> stored = jdbc.sql("SELECT channel, reporter_openid, phone_masked FROM report"
                + " WHERE ticket_no = ?").param(ticket).query().singleRow();
        assertThat(stored.get("channel")).isEqualTo("open311");
        assertThat(stored.get("reporter_openid")).isNull();
        assertThat(stored.get("phone_masked")).isNull();
    }

    @Test
    void aPointOutsideEveryGridGoesToTheCityQueue() throws Exception {
        String ticket = file("litter", "lat", "30.0", "long", "120.0", "description", "路边有人乱扔垃圾");
        Map<String, String> request = only(items(get("requests/" + ticket + ".json"), "json", "service_requests",
                "request"));
        assertThat(request.get("agency_responsible")).isEqualTo("市创城办");
        assertThat(request.get("service_code")).isEqualTo("litter");
    }

    @Test
    void anAddressAloneIsEnoughAndEmptyParametersCountAsAbsent() throws Exception {
        String ticket = file("noise", "jurisdiction_id", "", "lat", "", "long", "", "address_id", "",
                "address_string", "书院街道书香社区3栋楼下", "description", "");
        Map<String, String> request = only(items(get("requests/" + ticket + ".xml"), "xml", "service_requests",
                "request"));
        // The area the address was routed to, not the address as typed.
        assertThat(request.get("address")).isEqualTo("明湖区 · 书香社区");
        assertThat(request.get("lat")).isEmpty();
        assertThat(request.get("long")).isEmpty();
        assertThat(request.get("description")).isEmpty();
        assertThat(request.get("agency_responsible")).isEqualTo("书院街道派出所");
    }

    // ---- errors ----

    /** One error case: what is sent, the HTTP status, and a word the description must hold. */
    private record ErrorCase(String name, String method, String path, List<String> params, int status,
            String mentions) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<String> STREETLIGHT_HERE = List.of("service_code", "streetlight", "lat", SHUXIANG_LAT,
            "long", SHUXIANG_LONG);

    static Stream<Arguments> errorCases() {
        List<ErrorCase> cases = List.of(
                new ErrorCase("no api_key", "POST", "requests", STREETLIGHT_HERE, 403, "api_key"),
                new ErrorCase("empty api_key", "POST", "requests", with(STREETLIGHT_HERE, "api_key", ""), 403,
                        "api_key"),
                new ErrorCase("wrong api_key", "POST", "requests", with(STREETLIGHT_HERE, "api_key", "guess"), 403,
                        "api_key"),
                new ErrorCase("missing service_code", "POST", "requests",
                        List.of("api_key", KEY, "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG), 400, "service_code"),
                new ErrorCase("unknown service_code", "POST", "requests",
                        List.of("api_key", KEY, "service_code", "ufo", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG),
                        404, "ufo"),
                new ErrorCase("no location (address_id only)", "POST", "requests",
                        List.of("api_key", KEY, "service_code", "streetlight", "address_id", "4711"), 400,
                        "location"),
                new ErrorCase("lat without long", "POST", "requests",
                        List.of("api_key", KEY, "service_code", "streetlight", "lat", SHUXIANG_LAT), 400, "long"),
                new ErrorCase("lat not a number", "POST", "requests",
                        List.of("api_key", KEY, "service_code", "streetlight", "lat", "north", "long", "112"), 400,
                        "lat"),
                new ErrorCase("wrong jurisdiction on POST", "POST", "requests",
                        with(with(STREETLIGHT_HERE, "api_key", KEY), "jurisdiction_id", "sfgov.org"), 404,
                        "jurisdiction_id"),
                new ErrorCase("wrong jurisdiction on GET services", "GET", "services",
                        List.of("jurisdiction_id", "sfgov.org"), 404, "jurisdiction_id"),
                new ErrorCase("photo required", "POST", "requests",
                        List.of("api_key", KEY, "service_code", "parking", "lat", SHUXIANG_LAT, "long",
                                SHUXIANG_LONG, "description", "车停在盲道上"), 400, "照片"),
                new ErrorCase("description over 4000 characters", "POST", "requests",
                        with(with(STREETLIGHT_HERE, "api_key", KEY), "description", "暗".repeat(4001)), 400, "4000"),
                new ErrorCase("date range over 90 days", "GET", "requests",
                        List.of("start_date", "2026-01-01T00:00:00+08:00", "end_date", "2026-06-01T00:00:00+08:00"),
                        400, "90 days"),
                new ErrorCase("end_date before start_date", "GET", "requests",
                        List.of("start_date", "2026-06-01T00:00:00Z", "end_date", "2026-05-01T00:00:00Z"), 400,
                        "end_date"),
                new ErrorCase("date without timezone", "GET", "requests",
                        List.of("start_date", "2026-11-01T00:00:00"), 400, "timezone"),
                new ErrorCase("unknown status", "GET", "requests", List.of("status", "open,pending"), 400,
                        "pending"),
                new ErrorCase("unknown request id", "GET", "requests/WM0000000000", List.of(), 404, "WM0000000000"),
                new ErrorCase("unknown service definition", "GET", "services/ufo", List.of(), 404, "ufo"),
                new ErrorCase("token lookup (realtime only)", "GET", "tokens/12345", List.of(), 404, "tokens"));
        return cases.stream().flatMap(c -> Stream.of(Arguments.of("json", c), Arguments.of("xml", c)));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("errorCases")
    void errorsAreAnErrorListWithTheMatchingStatus(String format, ErrorCase error) throws Exception {
        String path = error.path + "." + format;
        Reply reply = "POST".equals(error.method) ? post(path, error.params.toArray(String[]::new))
                : get(path, error.params.toArray(String[]::new));
        Map<String, String> only = only(items(reply, format, "errors", "error"));
        assertThat(reply.status).isEqualTo(error.status);
        assertThat(only.keySet()).containsExactly("code", "description");
        assertThat(only.get("code")).isEqualTo(String.valueOf(error.status));
        assertThat(only.get("description")).contains(error.mentions);
        assertThat(reply.text()).doesNotContain("Exception", "at cn.wenming", "trace");
    }

    @Test
    void aRequiredPhotoIsExplainedInChinese() throws Exception {
        Reply reply = post("requests.json", "api_key", KEY, "service_code", "parking", "lat", SHUXIANG_LAT, "long",
                SHUXIANG_LONG);
        assertThat(reply.status).isEqualTo(400);
        String description = only(items(reply, "json", "errors", "error")).get("description");
        assertThat(description).contains("车辆乱停乱放", "照片", "微信").matches("(?s).*\\p{IsHan}{4,}.*");
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE category_code = 'parking' AND channel = 'open311'")
                .query(Integer.class).single()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"services.csv", "discovery.html", "requests/WM2611300001.csv", "services/litter.txt"})
    void anUnknownFormatIsA400InXml(String path) throws Exception {
        assertUnknownFormat(get(path), path);
    }

    @Test
    void postingInAnUnknownFormatIsA400InXml() throws Exception {
        assertUnknownFormat(post("requests.csv", "api_key", KEY, "service_code", "litter", "lat", SHUXIANG_LAT,
                "long", SHUXIANG_LONG), "requests.csv");
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE channel = 'open311' AND category_code = 'litter'"
                + " AND latitude = 28.2282").query(Integer.class).single()).isZero();
    }

    private void assertUnknownFormat(Reply reply, String path) throws Exception {
        Map<String, String> error = only(items(reply, "xml", "errors", "error"));
        assertThat(reply.status).as(path).isEqualTo(400);
        assertThat(error.get("code")).isEqualTo("400");
        assertThat(error.get("description")).contains("format", path.substring(path.lastIndexOf('.') + 1));
    }

    // ---- GET requests filters ----

    @Test
    void serviceCodeAndStatusFilterTheList() throws Exception {
        String light = file("streetlight", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "filter 1");
        String noise = file("noise", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "filter 2");
        String closedNoise = file("noise", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "filter 3");
        OffsetDateTime closedAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        jdbc.sql("UPDATE report SET state = 'RESOLVED', closed_at = ?, updated_at = now() WHERE ticket_no = ?")
                .params(closedAt, closedNoise).update();

        List<Map<String, String>> noiseOnly = list("json", "service_code", "noise");
        assertThat(noiseOnly).allSatisfy(r -> assertThat(r.get("service_code")).isEqualTo("noise"));
        assertThat(tickets(noiseOnly)).contains(noise, closedNoise).doesNotContain(light);
        assertThat(tickets(list("xml", "service_code", "noise,streetlight"))).contains(light, noise, closedNoise);

        List<Map<String, String>> open = list("xml", "status", "open");
        assertThat(open).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("open"));
        assertThat(tickets(open)).contains(light, noise).doesNotContain(closedNoise);

        List<Map<String, String>> closed = list("json", "status", "closed", "service_code", "noise");
        assertThat(closed).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("closed"));
        assertThat(tickets(closed)).contains(closedNoise).doesNotContain(light, noise);
        Map<String, String> closedOne = byField(closed, "service_request_id", closedNoise);
        assertThat(closedOne.get("status_notes")).isEqualTo("已办结");
        // A closed request's updated_datetime is its closing time.
        assertThat(OffsetDateTime.parse(closedOne.get("updated_datetime")).toInstant())
                .isEqualTo(closedAt.toInstant().truncatedTo(ChronoUnit.SECONDS));

        assertThat(tickets(list("json", "status", "open,closed"))).contains(light, noise, closedNoise);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void serviceRequestIdOverridesEveryOtherFilter(String format) throws Exception {
        String first = file("litter", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "override 1");
        String second = file("noise", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "override 2");
        // Every other filter would exclude both (and the range alone would be a 400).
        List<Map<String, String>> found = list(format, "service_request_id", first + "," + second + ",WM0000000000",
                "service_code", "other", "status", "closed", "start_date", "2000-01-01T00:00:00Z", "end_date",
                "2001-01-01T00:00:00Z");
        assertThat(tickets(found)).containsExactly(second, first);
    }

    @Test
    void theDefaultWindowIsTheLast90DaysAndDatesSelectOlderOnes() throws Exception {
        String old = file("litter", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "old one");
        String fresh = file("litter", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "fresh one");
        OffsetDateTime then = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(120);
        jdbc.sql("UPDATE report SET created_at = ?, updated_at = ? WHERE ticket_no = ?").params(then, then, old)
                .update();

        List<Map<String, String>> recent = list("json");
        assertThat(tickets(recent)).contains(fresh).doesNotContain(old);
        List<OffsetDateTime> times = recent.stream().map(r -> OffsetDateTime.parse(r.get("requested_datetime")))
                .toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

        List<Map<String, String>> window = list("xml", "start_date", W3C.format(then.minusDays(1)), "end_date",
                W3C.format(then.plusDays(1)));
        assertThat(tickets(window)).contains(old).doesNotContain(fresh);
        // start_date alone: the 90 days from it.
        assertThat(tickets(list("json", "start_date", W3C.format(then.minusDays(1))))).contains(old)
                .doesNotContain(fresh);
        // A client that forgot to encode "+" in "+08:00" still gets what it meant.
        Reply unencoded = getRaw("requests.json?start_date=" + W3C.format(then.minusDays(1)) + "&end_date="
                + W3C.format(then.plusDays(1)));
        assertThat(tickets(items(unencoded, "json", "service_requests", "request"))).contains(old);
    }

    @Test
    void atMost1000RequestsAreReturned() throws Exception {
        OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).minusDays(200);
        jdbc.sql("""
                INSERT INTO report (ticket_no, channel, category_code, state, address, description, unit_name,
                    created_at, updated_at)
                SELECT 'BULK' || n, 'open311', 'litter', 'SUBMITTED', '书香社区', 'bulk', '市创城办',
                    CAST(? AS timestamptz) + n * interval '1 second', CAST(? AS timestamptz) + n * interval '1 second'
                FROM generate_series(1, 1001) AS n""").params(day, day).update();
        try {
            List<Map<String, String>> found = list("json", "start_date", W3C.format(day.minusHours(1)), "end_date",
                    W3C.format(day.plusHours(1)));
            assertThat(found).hasSize(1000);
            assertThat(found.get(0).get("service_request_id")).isEqualTo("BULK1001");
            assertThat(tickets(found)).doesNotContain("BULK1");
        } finally {
            jdbc.sql("DELETE FROM report WHERE ticket_no LIKE 'BULK%'").update();
        }
    }

    // ---- privacy ----

    @Test
    void nothingIdentifiesTheReporter() throws Exception {
        SubmitOutcome outcome = reports.submit(new NewReport("h5", null, "o-open311-privacy", "noise", 28.2282,
                112.9388, "书香社区3栋", "楼下广场舞太吵", "13812341234", false, List.of(), null, false));
        assertThat(outcome).isInstanceOf(SubmitOutcome.Created.class);
        String ticket = ((SubmitOutcome.Created) outcome).ticketNo();
        Map<String, Object> stored = jdbc.sql("SELECT reporter_hash, phone_masked, phone_encrypted FROM report"
                + " WHERE ticket_no = ?").param(ticket).query().singleRow();
        // The row does hold identity, so the checks below can fail.
        assertThat(stored.values()).doesNotContainNull();
        List<String> secrets = List.of("o-open311-privacy", "13812341234", "1381234",
                (String) stored.get("reporter_hash"), (String) stored.get("phone_masked"),
                (String) stored.get("phone_encrypted"));

        for (String format : List.of("json", "xml")) {
            List<Reply> replies = List.of(get("requests/" + ticket + "." + format), get("requests." + format),
                    get("requests." + format, "service_request_id", ticket),
                    get("requests." + format, "service_code", "noise", "status", "open"));
            for (Reply reply : replies) {
                List<Map<String, String>> found = items(reply, format, "service_requests", "request");
                assertThat(tickets(found)).contains(ticket);
                assertThat(found).allSatisfy(r -> assertThat(r.keySet()).containsExactlyElementsOf(REQUEST_FIELDS));
                assertThat(reply.text()).doesNotContain(secrets.toArray(String[]::new));
                assertThat(byField(found, "service_request_id", ticket).get("description")).isEqualTo("楼下广场舞太吵");
            }
        }
    }

    // ---- issue 13: Open311 publishes no more than the board, and works as real clients use it ----

    @Test
    void open311NeverPublishesPhoneNumbersNamesOrExactAddresses() throws Exception {
        // A chat report: the address is the chat location's label, the text names the resident.
        SubmitOutcome outcome = reports.submit(new NewReport("wechat", null, "o-open311-redact", "noise", 28.2282,
                112.9388, "明湖区幸福路88号书香苑7栋3单元502", "我是张三，电话13812345678，身份证43010219900101123X，"
                + "本人王小明也受影响，楼下广场舞太吵，车牌湘A12345", "13812345678", false, List.of(), null, false));
        String ticket = ((SubmitOutcome.Created) outcome).ticketNo();
        List<String> secrets = List.of("张三", "王小明", "13812345678", "138****5678", "5678", "43010219900101123X",
                "123X", "幸福路", "书香苑", "7栋3单元502", "A12345", "o-open311-redact");
        for (String format : List.of("json", "xml")) {
            for (Reply reply : List.of(get("requests/" + ticket + "." + format),
                    get("requests." + format, "service_request_id", ticket), get("requests." + format))) {
                // Ticket numbers are left out: a seeded WT0000265678 is not a leaked "5678".
                assertThat(reply.text().replaceAll("W[MT]\\d{10}", "")).doesNotContain(secrets.toArray(String[]::new));
                Map<String, String> request = byField(items(reply, format, "service_requests", "request"),
                        "service_request_id", ticket);
                assertThat(request.get("description")).contains("我是**", "本人**", "楼下广场舞太吵", "湘A·****");
                assertThat(request.get("address")).isEqualTo("明湖区 · 书香社区");
                assertThat(Double.parseDouble(request.get("lat"))).isEqualTo(28.228);
            }
        }
    }

    @Test
    void anonymousReportsShowOnlyCategoryAreaAndState() throws Exception {
        SubmitOutcome outcome = reports.submit(new NewReport("h5", null, "o-open311-anon", "noise", 28.2282,
                112.9388, "书香苑7栋3单元502", "楼上每晚装修到十二点", "13912345678", true, List.of(), null, false));
        String ticket = ((SubmitOutcome.Created) outcome).ticketNo();
        for (String format : List.of("json", "xml")) {
            Reply reply = get("requests/" + ticket + "." + format);
            assertThat(reply.text()).doesNotContain("装修", "书香苑", "502", "1391234", "28.228", "112.939");
            Map<String, String> request = only(items(reply, format, "service_requests", "request"));
            assertThat(request.keySet()).containsExactlyElementsOf(REQUEST_FIELDS);
            assertThat(request.get("service_code")).isEqualTo("noise");
            assertThat(request.get("service_name")).isEqualTo(categories.find("noise").orElseThrow().name());
            assertThat(request.get("address")).isEqualTo("明湖区 · 书香社区");
            assertThat(request.get("status")).isEqualTo("open");
            assertThat(request.get("status_notes")).isEqualTo("待受理");
            assertThat(request.get("requested_datetime")).isNotEmpty();
            assertThat(request.get("description")).isEmpty();
            assertThat(request.get("lat")).isEmpty();
            assertThat(request.get("long")).isEmpty();
            assertThat(request.get("media_url")).isEmpty();
        }
    }

    @Test
    void repeatedServiceCodeParametersWorkLikeTheCommaForm() throws Exception {
        String light = file("streetlight", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "repeat 1");
        String noise = file("noise", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "repeat 2");
        String litter = file("litter", "lat", SHUXIANG_LAT, "long", SHUXIANG_LONG, "description", "repeat 3");
        for (String format : List.of("json", "xml")) {
            List<String> comma = tickets(list(format, "service_code", "streetlight,noise"));
            List<String> repeated = tickets(list(format, "service_code", "streetlight", "service_code", "noise"));
            assertThat(repeated).isEqualTo(comma).contains(light, noise).doesNotContain(litter);
            assertThat(tickets(list(format, "service_request_id", light, "service_request_id", noise)))
                    .containsExactly(noise, light);
            assertThat(tickets(list(format, "status", "open", "status", "closed", "service_code", "litter")))
                    .contains(litter);
        }
    }

    /**
     * URLs the firewall, Tomcat's decoder or Spring MVC refuse, sent byte for byte (HttpClient refuses
     * most of them). A request line Tomcat cannot even parse (a raw backslash or space) has no URL to
     * tell an Open311 request by, and keeps Tomcat's bare answer.
     */
    static Stream<String> rejectedTargets() {
        return Stream.of("/open311/v2/requests/WM1;x=1.json", "/open311/v2/requests/WM1%2Fx.json",
                "/open311/v2/requests/WM1%2fx.xml", "/open311/v2/requests/%zz.json", "/open311/v2//requests.json",
                "/open311/v2/requests/%2e%2e/services.json", "/open311/v2/requests/WM1%00.xml",
                "/open311/v2/requests/WM1%5Cx.json", "/open311/v2/requests/WM1%25.json", "/open311");
    }

    @ParameterizedTest
    @MethodSource("rejectedTargets")
    void everyErrorUnderOpen311UsesTheSpecErrorFormat(String target) throws Exception {
        Reply reply = raw("GET " + target + " HTTP/1.0");
        String format = target.endsWith(".json") ? "json" : "xml";
        assertThat(reply.status).as(target + "\n" + reply.text()).isBetween(400, 499);
        Map<String, String> error = only(items(reply, format, "errors", "error"));
        assertThat(error.keySet()).containsExactly("code", "description");
        assertThat(error.get("code")).isEqualTo(String.valueOf(reply.status));
        assertThat(reply.text()).doesNotContainIgnoringCase("<html").doesNotContain("timestamp", "Tomcat", "trace");
    }

    @Test
    void anUploadOverTheLimitUnderOpen311UsesTheSpecErrorFormat() throws Exception {
        String boundary = "open311boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 11 * 1024 * 1024 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        Reply reply = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE + "requests.json"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        Map<String, String> error = only(items(reply, "json", "errors", "error"));
        assertThat(reply.status).isEqualTo(413);
        assertThat(error.get("code")).isEqualTo("413");
    }

    @Test
    void photoRequiredServicesAreNotListedOrAcceptMediaUrl() throws Exception {
        List<String> needPhotos = categories.all().stream().filter(ReportCategory::photoRequired)
                .map(ReportCategory::code).toList();
        assertThat(needPhotos).contains("graffiti", "street-vending", "parking", "corridor", "road-damage",
                "garbage-collection", "greenery", "illegal-building");
        for (String format : List.of("json", "xml")) {
            assertThat(items(get("services." + format), format, "services", "service"))
                    .extracting(s -> s.get("service_code")).doesNotContainAnyElementsOf(needPhotos);
        }
        for (String code : needPhotos) {
            Reply definition = get("services/" + code + ".json");
            assertThat(definition.status).isEqualTo(400);
            assertThat(only(items(definition, "json", "errors", "error")).get("description")).contains(code, "照片");
            // media_url is not fetched: this server does not go to URLs a client names.
            Reply posted = post("requests.json", "api_key", KEY, "service_code", code, "lat", SHUXIANG_LAT, "long",
                    SHUXIANG_LONG, "description", "有照片", "media_url", "http://127.0.0.1:" + port + "/open311/v2/x.jpg");
            assertThat(posted.status).isEqualTo(400);
            assertThat(only(items(posted, "json", "errors", "error")).get("description")).contains("照片", "微信");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM report WHERE channel = 'open311' AND category_code IN (:codes)")
                .param("codes", needPhotos).query(Integer.class).single()).isZero();
    }

    @Test
    void theIdListLimitIsReachable() throws Exception {
        int limit = Open311Controller.MAX_IDS;
        // Ticket numbers as long as the column allows, so a longer ticket format still fits.
        jdbc.sql("""
                INSERT INTO report (ticket_no, channel, category_code, state, address, description, unit_name)
                SELECT 'WMIDS' || lpad(n::text, 15, '0'), 'open311', 'litter', 'SUBMITTED', '书香社区', 'ids',
                    '市创城办'
                FROM generate_series(1, :n) AS n""").param("n", limit + 1).update();
        try {
            List<String> ids = jdbc.sql("SELECT ticket_no FROM report WHERE ticket_no LIKE 'WMIDS%' ORDER BY id")
                    .query(String.class).list();
            assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(20));
            String most = String.join(",", ids.subList(0, limit));
            // Headers a browser-like client sends, so the 8 KB request-header limit is really tested.
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE
                    + "requests.json?" + form("service_request_id", most)))
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/120.0 Safari/537.36 Open311Client/2.0")
                    .header("Accept", "application/json, text/xml;q=0.9, */*;q=0.8")
                    .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8").GET();
            Reply reply = send(request);
            assertThat(tickets(items(reply, "json", "service_requests", "request"))).hasSize(limit);

            Reply tooMany = get("requests.json", "service_request_id", String.join(",", ids));
            assertThat(tooMany.status).isEqualTo(400);
            assertThat(only(items(tooMany, "json", "errors", "error")).get("description"))
                    .contains(String.valueOf(limit));
        } finally {
            jdbc.sql("DELETE FROM report WHERE ticket_no LIKE 'WMIDS%'").update();
        }
    }

    // ---- helpers ----

    /** A response as received: status, Content-Type and the raw bytes. */
    private record Reply(int status, String contentType, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Files a report through the API (key and service_code added) and returns its ticket number. */
    private String file(String serviceCode, String... params) throws Exception {
        List<String> all = new ArrayList<>(List.of("api_key", KEY, "service_code", serviceCode));
        all.addAll(List.of(params));
        Reply reply = post("requests.json", all.toArray(String[]::new));
        assertThat(reply.status).as(reply.text()).isEqualTo(200);
        return only(items(reply, "json", "service_requests", "request")).get("service_request_id");
    }

    private List<Map<String, String>> list(String format, String... query) throws Exception {
        Reply reply = get("requests." + format, query);
        assertThat(reply.status).as(reply.text()).isEqualTo(200);
        return items(reply, format, "service_requests", "request");
    }

    private Reply get(String path, String... query) throws Exception {
        return getRaw(query.length == 0 ? path : path + "?" + form(query));
    }

    private Reply getRaw(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE + pathAndQuery)).GET());
    }

    private Reply post(String path, String... params) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE + path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(params), StandardCharsets.UTF_8)));
    }

    /** Sends a request line as given, with Host and no body, and reads the HTTP/1.0 response to its end. */
    private Reply raw(String requestLine) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, end).split("\r\n");
            String contentType = Arrays.stream(head).filter(h -> h.toLowerCase().startsWith("content-type:"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("");
            return new Reply(Integer.parseInt(head[0].split(" ")[1]), contentType,
                    Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static List<String> with(List<String> params, String name, String value) {
        List<String> out = new ArrayList<>(params);
        out.add(name);
        out.add(value);
        return out;
    }

    /**
     * The items of a list response (services, requests, errors), parsed: field → text, with JSON null
     * and an empty XML element both "". Checks the envelope on the way: a top-level JSON array, or the
     * XML root and item element names.
     */
    private static List<Map<String, String>> items(Reply reply, String format, String root, String item)
            throws Exception {
        List<Map<String, String>> items = new ArrayList<>();
        if ("json".equals(format)) {
            assertJson(reply, reply.status);
            JsonNode array = json(reply);
            assertThat(array.isArray()).as(reply.text()).isTrue();
            for (JsonNode object : array) {
                Map<String, String> fields = new LinkedHashMap<>();
                object.properties().forEach(e -> fields.put(e.getKey(), e.getValue().isNull() ? ""
                        : e.getValue().asString()));
                items.add(fields);
            }
        } else {
            assertXml(reply, reply.status);
            Element rootElement = xml(reply).getDocumentElement();
            assertThat(rootElement.getTagName()).as(reply.text()).isEqualTo(root);
            for (Element element : children(rootElement, null)) {
                assertThat(element.getTagName()).isEqualTo(item);
                Map<String, String> fields = new LinkedHashMap<>();
                children(element, null).forEach(field -> fields.put(field.getTagName(), field.getTextContent()));
                items.add(fields);
            }
        }
        return items;
    }

    private static void assertJson(Reply reply, int status) {
        assertThat(reply.status).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType.replace(" ", "")).isEqualToIgnoringCase("application/json;charset=UTF-8");
    }

    private static void assertXml(Reply reply, int status) {
        assertThat(reply.status).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType.replace(" ", "")).isEqualToIgnoringCase("text/xml;charset=UTF-8");
        assertThat(reply.text()).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    }

    private static JsonNode json(Reply reply) {
        return JsonMapper.shared().readTree(reply.bytes);
    }

    private static Document xml(Reply reply) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(reply.bytes));
    }

    /** Child elements, all of them when {@code name} is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
                out.add(element);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        return only(children(parent, name)).getTextContent();
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Map<String, String> byField(List<Map<String, String>> items, String field, String value) {
        return only(items.stream().filter(i -> value.equals(i.get(field))).toList());
    }

    private static List<String> tickets(List<Map<String, String>> requests) {
        return requests.stream().map(r -> r.get("service_request_id")).toList();
    }
}
