package cn.wenming.report;

import cn.wenming.core.CityTime;
import cn.wenming.core.InputErrorHandling;
import cn.wenming.core.InputLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under {@code /open311/v2/}: the
 * categories as services, filing a report, and the public view of reports. Reports are "realtime":
 * a POST answers with the ticket number, never a token.
 *
 * <p>Nothing about the reporter leaves here (no openid, phone or reporter hash), and no photo URL:
 * photos are only for the reporter and staff. What a report shows is what the public board would:
 * the description redacted by {@link ReportBoard#redact} (there is no staff approval step to wait
 * for), the area the grid routed it to instead of the typed address or chat location label, and for
 * an anonymous report only its category, area, state and dates.
 *
 * <p>Categories that need a photo are not offered: Open311 has no upload, and fetching a client's
 * {@code media_url} would make this server fetch arbitrary URLs. Reports in those categories filed
 * through WeChat or H5 still appear in {@code GET requests}, with their service name.
 *
 * <p>Protocol errors use the spec's English phrasing; what {@link ReportService} says about the
 * report itself is Chinese, written for the resident. Errors raised here are answered by the handlers
 * below; everything else under {@code /open311/} (rejected URLs, container errors) by {@link Open311Errors}.
 */
@RestController
@RequestMapping("/open311/v2")
class Open311Controller {

    private static final Logger log = LoggerFactory.getLogger(Open311Controller.class);

    /** When this interface last changed; clients compare it to notice changes. */
    static final String CHANGESET = "2026-11-30T00:00:00+08:00";
    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    /** The spec's default volume, and also the most one response may hold. */
    static final int MAX_REQUESTS = 1000;
    /**
     * The most service_request_id values one GET may name. They travel in the request line, which
     * Tomcat (and a default nginx) cut at 8 KB: 200 ids of up to 20 characters with encoded commas
     * take about 4.6 KB, which leaves room for the path and the client's headers.
     */
    static final int MAX_IDS = 200;
    static final Duration MAX_DATE_RANGE = Duration.ofDays(90);
    /** Open311 has no upload, so categories that need a photo must come in another way. */
    private static final String NO_PHOTO_UPLOAD = "Open311 接口无法上传照片，此类问题请通过微信公众号或网页提交";
    private static final DateTimeFormatter W3C_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private final ReportService reports;
    private final ReportCategories categories;
    private final Open311Repository search;
    private final ReportProperties properties;
    private final String publicBaseUrl;

    Open311Controller(ReportService reports, ReportCategories categories, Open311Repository search,
            ReportProperties properties, @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.reports = reports;
        this.categories = categories;
        this.search = search;
        this.properties = properties;
    }

    @GetMapping("/discovery.{format}")
    ResponseEntity<byte[]> discovery(@PathVariable String format) {
        Open311Format out = format(format);
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("specification", SPECIFICATION);
        // The configured address, never the request's Host header: a forged Host would otherwise be
        // handed to clients (and caches) as the place to send residents' reports.
        endpoint.put("url", publicBaseUrl + "/open311/v2");
        endpoint.put("changeset", CHANGESET);
        endpoint.put("type", "production");
        endpoint.put("formats", new Open311Format.Items("format",
                Arrays.stream(Open311Format.values()).map(Open311Format::mimeType).toList()));
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("changeset", CHANGESET);
        discovery.put("contact", "随手拍 Open311 接口问题请联系" + properties.cityQueue());
        discovery.put("key_service", "提交问题所需的 api_key 由" + properties.cityQueue() + "发放");
        discovery.put("max_requests", MAX_REQUESTS);
        discovery.put("endpoints", new Open311Format.Items("endpoint", List.of(endpoint)));
        return ok(out, "discovery", discovery);
    }

    @GetMapping("/services.{format}")
    ResponseEntity<byte[]> services(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Open311Format out = format(format);
        checkJurisdiction(params);
        List<Map<String, Object>> services = categories.all().stream().filter(c -> !c.photoRequired())
                .map(Open311Controller::service).toList();
        return ok(out, "services", new Open311Format.Items("service", services));
    }

    @GetMapping("/services/{code}.{format}")
    ResponseEntity<byte[]> serviceDefinition(@PathVariable String code, @PathVariable String format,
            @RequestParam MultiValueMap<String, String> params) {
        Open311Format out = format(format);
        checkJurisdiction(params);
        ReportCategory category = requestable(category(code));
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("service_code", category.code());
        // Every category needs only what every request carries: place, description, phone.
        definition.put("attributes", new Open311Format.Items("attribute", List.of()));
        return ok(out, "service_definition", definition);
    }

    @PostMapping("/requests.{format}")
    ResponseEntity<byte[]> create(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Open311Format out = format(format);
        checkJurisdiction(params);
        if (!knownApiKey(param(params, "api_key"))) {
            throw new Open311Error(HttpStatus.FORBIDDEN,
                    "Invalid api_key received -- can't proceed with create_request.");
        }
        String code = param(params, "service_code");
        if (code == null) {
            throw new Open311Error(HttpStatus.BAD_REQUEST, "service_code is required.");
        }
        ReportCategory category = requestable(category(code));
        Double lat = coordinate(params, "lat");
        Double lng = coordinate(params, "long");
        if ((lat == null) != (lng == null)) {
            throw new Open311Error(HttpStatus.BAD_REQUEST, "lat and long must be sent together.");
        }
        String address = param(params, "address_string");
        if (lat == null && address == null) {
            throw new Open311Error(HttpStatus.BAD_REQUEST,
                    "A location is required: lat and long, or address_string (address_id is not supported).");
        }
        String description = param(params, "description");
        // No openid (so no daily limit) and no offer to follow a report nearby: a client cannot answer one.
        NewReport report = new NewReport("open311", null, null, category.code(), lat, lng, address,
                description, param(params, "phone"), false, List.of(), null, false);
        SubmitOutcome outcome = reports.submit(report);
        if (outcome instanceof SubmitOutcome.Created created) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("service_request_id", created.ticketNo());
            request.put("service_notice", notice(created.unitName(), created.deadline()));
            request.put("account_id", null);
            return ok(out, "service_requests", new Open311Format.Items("request", List.of(request)));
        }
        if (outcome instanceof SubmitOutcome.Invalid invalid) {
            throw new Open311Error(HttpStatus.BAD_REQUEST, invalid.message());
        }
        throw new IllegalStateException("Unexpected outcome of an Open311 submission: " + outcome);
    }

    @GetMapping("/requests.{format}")
    ResponseEntity<byte[]> requests(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        Open311Format out = format(format);
        checkJurisdiction(params);
        List<Map<String, Object>> found = search.find(filter(params)).stream().map(this::request).toList();
        return ok(out, "service_requests", new Open311Format.Items("request", found));
    }

    @GetMapping("/requests/{id}.{format}")
    ResponseEntity<byte[]> request(@PathVariable String id, @PathVariable String format,
            @RequestParam MultiValueMap<String, String> params) {
        Open311Format out = format(format);
        checkJurisdiction(params);
        Open311Repository.Found row = search.byTicket(id).orElseThrow(
                () -> new Open311Error(HttpStatus.NOT_FOUND, "service_request_id " + id + " not found."));
        // The spec answers with a list even for one request.
        return ok(out, "service_requests", new Open311Format.Items("request", List.of(request(row))));
    }

    /** Anything else under the prefix (tokens, a missing suffix, a wrong method): an error list, not a Spring page. */
    @RequestMapping("/**")
    ResponseEntity<byte[]> unknown(HttpServletRequest request) {
        throw new Open311Error(HttpStatus.NOT_FOUND,
                request.getMethod() + " " + request.getRequestURI() + " is not an Open311 method here.");
    }

    @ExceptionHandler(Open311Error.class)
    ResponseEntity<byte[]> rejected(Open311Error error, HttpServletRequest request) {
        return errors(Open311Errors.formatOf(request), error.status, error.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception e, HttpServletRequest request) {
        // What the client caused (a NUL byte, a body that is not UTF-8 or too large, a value the database
        // refuses) is the client's error, in the spec's list like every other.
        Optional<InputErrorHandling.ClientError> client = InputErrorHandling.clientError(e);
        if (client.isPresent()) {
            HttpStatus status = HttpStatus.valueOf(client.get().status());
            return errors(Open311Errors.formatOf(request), status,
                    Open311Errors.describe(status.value()) + " " + client.get().message());
        }
        log.error("Open311 {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return errors(Open311Errors.formatOf(request), HttpStatus.INTERNAL_SERVER_ERROR,
                Open311Errors.describe(HttpStatus.INTERNAL_SERVER_ERROR.value()));
    }

    /** A GeoReport v2 error: the HTTP status, and a description fit to show the user. */
    static final class Open311Error extends RuntimeException {

        private final HttpStatus status;

        Open311Error(HttpStatus status, String description) {
            super(description, null, false, false);
            this.status = status;
        }
    }

    private static Map<String, Object> service(ReportCategory category) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("service_code", category.code());
        service.put("service_name", category.name());
        service.put("description", category.kind() + "；由" + category.unitType() + "处理，处理时限"
                + category.deadline().describe() + "（自签收起计）");
        service.put("metadata", false);
        service.put("type", "realtime");
        service.put("keywords", String.join(",", category.keywords()));
        service.put("group", category.group());
        return service;
    }

    /**
     * A report as the public may see it: the spec's fields, nothing about who reported it, the
     * description redacted, the place as the grid's district and community (or street). Of an
     * anonymous report only what says what kind of problem, where roughly, and how far along it is.
     */
    private Map<String, Object> request(Open311Repository.Found found) {
        ReportRepository.Row row = found.row();
        ReportCategory category = categories.find(row.categoryCode()).orElse(null);
        boolean open = row.state().isOpen();
        boolean anonymous = row.anonymous();
        String description = anonymous ? "" : ReportBoard.redact(row.description());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("service_request_id", row.ticketNo());
        request.put("status", open ? "open" : "closed");
        request.put("status_notes", row.state().label());
        request.put("service_name", category == null ? row.categoryCode() : category.name());
        request.put("service_code", row.categoryCode());
        request.put("description", description.isEmpty() ? null : description);
        request.put("agency_responsible", row.unitName());
        request.put("service_notice", category == null ? null : notice(row.unitName(), category.deadline().describe()));
        request.put("requested_datetime", datetime(row.createdAt()));
        // For a closed request the spec wants the closing time here.
        request.put("updated_datetime", datetime(!open && row.closedAt() != null ? row.closedAt() : row.updatedAt()));
        // Known once a unit signs for it (the deadline runs from 签收).
        request.put("expected_datetime", datetime(row.dueAt()));
        // Never the typed address or the chat location's label ("…7栋3单元502"): the grid's area.
        request.put("address", area(row.districtName(), found.streetName(), row.communityName()));
        request.put("address_id", null);
        request.put("zipcode", null);
        // Rounded to about 100 m, since a chat report's point is where the resident stood; none when anonymous.
        request.put("lat", anonymous ? null : coarse(row.latitude()));
        request.put("long", anonymous ? null : coarse(row.longitude()));
        request.put("media_url", null);
        return request;
    }

    /** The board's area ("明湖区 · 书香社区"), or nothing for a report outside every grid. */
    private static String area(String district, String street, String community) {
        return district == null && street == null && community == null ? null
                : ReportBoard.area(district, street, community);
    }

    private static Double coarse(Double degrees) {
        return degrees == null ? null : Math.round(degrees * 1000) / 1000.0;
    }

    private static String notice(String unit, String deadline) {
        return "已分派至" + unit + "，处理时限" + deadline + "（自签收起计）。";
    }

    private static String datetime(OffsetDateTime at) {
        return at == null ? null
                : W3C_DATETIME.format(at.atZoneSameInstant(CityTime.ZONE).truncatedTo(ChronoUnit.SECONDS));
    }

    private Open311Repository.Filter filter(MultiValueMap<String, String> params) {
        List<String> tickets = listParam(params, "service_request_id");
        if (tickets != null) {
            if (tickets.size() > MAX_IDS) {
                throw new Open311Error(HttpStatus.BAD_REQUEST,
                        "At most " + MAX_IDS + " service_request_id values may be asked for at once.");
            }
            return new Open311Repository.Filter(tickets, null, null, null, null, MAX_REQUESTS);
        }
        OffsetDateTime start = dateParam(params, "start_date");
        OffsetDateTime end = dateParam(params, "end_date");
        if (start == null && end == null) {
            end = OffsetDateTime.now(CityTime.ZONE);
        }
        if (start == null) {
            start = end.minus(MAX_DATE_RANGE);
        } else if (end == null) {
            end = start.plus(MAX_DATE_RANGE);
        }
        if (end.isBefore(start)) {
            throw new Open311Error(HttpStatus.BAD_REQUEST, "end_date is before start_date.");
        }
        if (Duration.between(start, end).compareTo(MAX_DATE_RANGE) > 0) {
            throw new Open311Error(HttpStatus.BAD_REQUEST,
                    "The range from start_date to end_date may not exceed " + MAX_DATE_RANGE.toDays() + " days.");
        }
        return new Open311Repository.Filter(null, listParam(params, "service_code"), openFilter(params),
                start, end, MAX_REQUESTS);
    }

    /** true: open only, false: closed only, null: both. */
    private static Boolean openFilter(MultiValueMap<String, String> params) {
        List<String> statuses = listParam(params, "status");
        if (statuses == null) {
            return null;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String status : statuses) {
            String normalised = status.toLowerCase(Locale.ROOT);
            if (!normalised.equals("open") && !normalised.equals("closed")) {
                throw new Open311Error(HttpStatus.BAD_REQUEST,
                        "Invalid status " + status + ": use open, closed, or open,closed.");
            }
            wanted.add(normalised);
        }
        return wanted.size() == 2 ? null : wanted.contains("open");
    }

    private static OffsetDateTime dateParam(MultiValueMap<String, String> params, String name) {
        String text = param(params, name);
        if (text == null) {
            return null;
        }
        OffsetDateTime at;
        try {
            // An unencoded "+08:00" arrives as " 08:00"; a W3C datetime never holds a space, so put the plus back.
            at = OffsetDateTime.parse(text.replace(' ', '+'));
        } catch (DateTimeParseException e) {
            throw new Open311Error(HttpStatus.BAD_REQUEST,
                    name + " must be a W3C datetime with a timezone, e.g. 2026-11-30T08:00:00+08:00.");
        }
        // Year 999999999 parses, but the 90-day window around it cannot be computed nor stored.
        if (!InputLimits.inRange(at)) {
            throw new Open311Error(HttpStatus.BAD_REQUEST, name + " must lie between the years "
                    + InputLimits.MIN_YEAR + " and " + InputLimits.MAX_YEAR + ".");
        }
        return at;
    }

    private static Double coordinate(MultiValueMap<String, String> params, String name) {
        String text = param(params, name);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Open311Error(HttpStatus.BAD_REQUEST, name + " must be a decimal number (WGS-84 degrees).");
    }

    private ReportCategory category(String code) {
        return categories.find(code)
                .orElseThrow(() -> new Open311Error(HttpStatus.NOT_FOUND, "service_code " + code + " not found."));
    }

    /** jurisdiction_id is optional (this endpoint serves one city) but must be ours when given. */
    private void checkJurisdiction(MultiValueMap<String, String> params) {
        String jurisdiction = param(params, "jurisdiction_id");
        if (jurisdiction != null && !jurisdiction.equalsIgnoreCase(properties.jurisdictionId())) {
            throw new Open311Error(HttpStatus.NOT_FOUND, "jurisdiction_id " + jurisdiction + " not found.");
        }
    }

    private boolean knownApiKey(String key) {
        if (key == null || properties.open311ApiKeys() == null) {
            return false;
        }
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        // Compare in constant time so response timing does not leak a key's prefix.
        return properties.open311ApiKeys().stream().filter(k -> k != null && !k.isBlank())
                .anyMatch(k -> MessageDigest.isEqual(given, k.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A category that needs a photo cannot be requested here: Open311 has no upload, and this server
     * does not fetch a client's media_url (that would let any client make it fetch any URL).
     */
    private static ReportCategory requestable(ReportCategory category) {
        if (category.photoRequired()) {
            throw new Open311Error(HttpStatus.BAD_REQUEST, "service_code " + category.code()
                    + " cannot be requested through Open311: 「" + category.name() + "」须附现场照片，"
                    + NO_PHOTO_UPLOAD + "。");
        }
        return category;
    }

    /**
     * The spec's rule for optional parameters: empty is the same as absent. Of a parameter sent twice
     * the first non-empty value counts.
     */
    private static String param(MultiValueMap<String, String> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst().orElse(null);
    }

    /**
     * A list parameter: comma-separated, repeated ({@code service_code=a&service_code=b}), or both;
     * null when it holds nothing.
     */
    private static List<String> listParam(MultiValueMap<String, String> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        List<String> items = values.stream().filter(v -> v != null).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
        return items.isEmpty() ? null : items;
    }

    private static Open311Format format(String suffix) {
        return Open311Format.ofSuffix(suffix).orElseThrow(() -> new Open311Error(HttpStatus.BAD_REQUEST,
                "Invalid format " + suffix + " specified: use xml or json."));
    }

    private static ResponseEntity<byte[]> ok(Open311Format format, String rootName, Object content) {
        return ResponseEntity.ok().contentType(format.mediaType()).body(format.render(rootName, content));
    }

    private static ResponseEntity<byte[]> errors(Open311Format format, HttpStatus status, String description) {
        return ResponseEntity.status(status).contentType(format.mediaType())
                .body(Open311Errors.body(format, status.value(), description));
    }
}
