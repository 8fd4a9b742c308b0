package cn.wenming.report;

import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.ResidentUnsubscribed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Taking in reports from every channel (chat, H5, Open311) by one set of rules: validation,
 * the daily limit, the offer to follow an open report nearby, routing, and one transaction that
 * stores the report, its photos and its first history entry before a ticket number is given out.
 */
@Service
public class ReportService {

    private static final DateTimeFormatter TICKET_DAY = DateTimeFormatter.ofPattern("yyMMdd");
    private static final int MAX_DESCRIPTION = 4000;
    private static final double METRES_PER_DEGREE = 111_320;

    private final ReportRepository repository;
    private final ReportCategories categories;
    private final GridMap grid;
    private final PhoneCipher phones;
    private final OpenIdHasher hasher;
    private final ReportProperties properties;
    private final TransactionTemplate transaction;
    private final ReportLinks links;
    private final ReportTexts texts;
    private final Clock clock;

    ReportService(ReportRepository repository, ReportCategories categories, GridMap grid, PhoneCipher phones,
            OpenIdHasher hasher, ReportProperties properties, TransactionTemplate transaction, ReportLinks links,
            ReportTexts texts) {
        this.links = links;
        this.repository = repository;
        this.categories = categories;
        this.grid = grid;
        this.phones = phones;
        this.hasher = hasher;
        this.properties = properties;
        this.transaction = transaction;
        this.texts = texts;
        this.clock = Clock.systemUTC();
    }

    public SubmitOutcome submit(NewReport report) {
        Optional<SubmitOutcome> invalid = validate(report);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ReportCategory category = categories.get(report.categoryCode());
        if (report.submissionKey() != null) {
            Optional<SubmitOutcome.Created> earlier = earlierSubmission(report.submissionKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        if (report.openid() != null && repository.countSince(report.openid(),
                clock.instant().minus(Duration.ofDays(1))) >= properties.dailyLimit()) {
            return new SubmitOutcome.RateLimited(properties.dailyLimit());
        }
        if (report.followNearby() && report.hasPoint()) {
            Optional<SubmitOutcome> nearby = nearestOpen(category, report.latitude(), report.longitude());
            if (nearby.isPresent()) {
                return nearby.get();
            }
        }
        GridMap.Route route = report.hasPoint() ? grid.route(report.latitude(), report.longitude(), category.group())
                : grid.route(report.address(), category.group());
        try {
            String ticket = transaction.execute(status -> store(report, category, route));
            return new SubmitOutcome.Created(ticket, category.name(), route.unit(), category.deadline().describe());
        } catch (DuplicateKeyException e) {
            // The same submission raced in on another instance: it won, answer with its ticket.
            return repository.ticketForSubmission(report.submissionKey()).map(this::created).orElseThrow(() -> e);
        }
    }

    /** The report an earlier delivery of the same submission created, if any. */
    public Optional<SubmitOutcome.Created> earlierSubmission(String submissionKey) {
        return repository.ticketForSubmission(submissionKey).map(this::created);
    }

    /** Follows an open report instead of filing it again; the resident's photos and words join it. */
    public boolean follow(String ticketNo, String appId, String openid, List<NewReport.Photo> photos, String note) {
        Optional<ReportRepository.Row> target = repository.byTicket(ticketNo);
        if (target.isEmpty() || !target.get().state().isOpen()) {
            return false;
        }
        long id = target.get().id();
        transaction.executeWithoutResult(status -> {
            repository.follow(id, openid, appId);
            photos.forEach(photo -> repository.insertPhoto(id, photo));
            String added = note == null || note.isBlank() ? "又有居民反映了此问题" : "又有居民反映了此问题：" + note;
            repository.insertHistory(id, target.get().state(), "居民", truncate(added, 1000));
        });
        return true;
    }

    /** The resident's own and followed reports, newest first, with timeline and photos. */
    public List<ReportView> reportsOf(String openid, int limit) {
        return views(repository.forResident(openid, limit), openid);
    }

    /** One report, if the resident made it or follows it. */
    public Optional<ReportView> reportOf(String openid, String ticketNo) {
        return repository.byTicket(ticketNo)
                .filter(row -> openid.equals(row.reporterOpenid()) || repository.follows(row.id(), openid))
                .map(row -> views(List.of(row), openid).get(0));
    }

    /** The stored photo, if this resident may see it. */
    public Optional<PhotoFile> photoFor(String openid, String photoId) {
        return uuid(photoId).flatMap(id -> repository.photoForResident(id, openid))
                .map(p -> new PhotoFile(p.sha256(), p.contentType()));
    }

    /** The stored photo, if this staff member may see its report. */
    public Optional<PhotoFile> photoForStaff(Staff staff, String photoId) {
        return uuid(photoId).flatMap(repository::photoForStaff).filter(e -> ReportWorkflow.maySee(staff, e.getValue()))
                .map(e -> new PhotoFile(e.getKey().sha256(), e.getKey().contentType()));
    }

    /** Photo ids are random UUIDs; anything else names no photo. */
    private static Optional<UUID> uuid(String photoId) {
        try {
            return Optional.of(UUID.fromString(photoId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A photo's stored file: its content hash and media type. */
    public record PhotoFile(String sha256, String contentType) {
    }

    /** The resident unsubscribed: their reports stay open for the city, without their identity. */
    public int forget(String openid) {
        return transaction.execute(status -> repository.detach(openid));
    }

    @EventListener
    void forget(ResidentUnsubscribed event) {
        forget(event.openid());
    }

    private Optional<SubmitOutcome> validate(NewReport report) {
        Optional<ReportCategory> category = categories.find(report.categoryCode());
        if (category.isEmpty()) {
            return invalid("category", texts.text("invalid-category"));
        }
        if (!report.hasPoint() && (report.address() == null || report.address().isBlank())) {
            return invalid("location", texts.text("invalid-location"));
        }
        if (report.hasPoint() && (Math.abs(report.latitude()) > 90 || Math.abs(report.longitude()) > 180)) {
            return invalid("location", texts.text("invalid-point"));
        }
        if (report.description() != null && report.description().length() > MAX_DESCRIPTION) {
            return invalid("description", texts.text("invalid-description", "max", MAX_DESCRIPTION));
        }
        if (report.photos().size() > properties.maxPhotos()) {
            return invalid("photos", texts.text("invalid-photos", "max", properties.maxPhotos()));
        }
        if (category.get().photoRequired() && report.photos().isEmpty()) {
            return invalid("photos", texts.text("invalid-photo-required", "category", category.get().name()));
        }
        if (report.phone() != null && !report.phone().isBlank() && !report.phone().matches("1\\d{10}|0\\d{2,3}-?\\d{7,8}")) {
            return invalid("phone", texts.text("invalid-phone"));
        }
        return Optional.empty();
    }

    private static Optional<SubmitOutcome> invalid(String field, String message) {
        return Optional.of(new SubmitOutcome.Invalid(field, message));
    }

    private Optional<SubmitOutcome> nearestOpen(ReportCategory category, double lat, double lng) {
        double radius = properties.duplicateRadius();
        double dLat = radius / METRES_PER_DEGREE;
        double dLng = radius / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat)));
        Instant since = clock.instant().minus(properties.duplicateWindow());
        return repository.openNear(category.code(), lat, lng, dLat, dLng, since).stream()
                .map(n -> Map.entry(n, metres(lat, lng, n.latitude(), n.longitude())))
                .filter(e -> e.getValue() <= radius)
                .min(Comparator.comparingDouble(Map.Entry::getValue))
                .map(e -> new SubmitOutcome.NearbyOpen(e.getKey().ticketNo(), category.name(),
                        (int) Math.round(e.getValue())));
    }

    /** Great-circle distance (haversine): exact enough at 100 m, and PostGIS is not needed for it. */
    static double metres(double lat1, double lng1, double lat2, double lng2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lng2 - lng1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private String store(NewReport report, ReportCategory category, GridMap.Route route) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), CityTime.ZONE);
        String ticket = "WM" + TICKET_DAY.format(day) + String.format("%04d", repository.nextTicketSequence(day));
        boolean hasPhone = report.phone() != null && !report.phone().isBlank();
        long id = repository.insert(ticket, report, hasher.hash(report.openid()),
                hasPhone ? phones.encrypt(report.phone()) : null, hasPhone ? PhoneCipher.mask(report.phone()) : null,
                route, category);
        report.photos().forEach(photo -> repository.insertPhoto(id, photo));
        repository.insertHistory(id, ReportState.SUBMITTED, actor(report.channel()),
                "已收到，拟由" + route.unit() + "处理");
        if ("h5".equals(report.channel()) && report.openid() != null && report.appId() != null) {
            // The form page may be closed at once; the chat keeps the ticket number for the resident.
            repository.insertOutbox(id, report.appId(), report.openid(), new ResidentNotifier.Notice(
                    texts.text("notice-submitted", "ticket", ticket, "category", category.name()), ticket,
                    ReportState.SUBMITTED.label(), links.report(report.appId(), ticket)));
        }
        return ticket;
    }

    private static String actor(String channel) {
        return switch (channel) {
            case "open311" -> "Open311接口";
            case "h5" -> "居民（网页）";
            default -> "居民（微信）";
        };
    }

    private SubmitOutcome.Created created(String ticketNo) {
        ReportRepository.Row row = repository.byTicket(ticketNo).orElseThrow();
        ReportCategory category = categories.get(row.categoryCode());
        return new SubmitOutcome.Created(ticketNo, category.name(), row.unitName(), category.deadline().describe());
    }

    private List<ReportView> views(List<ReportRepository.Row> rows, String openid) {
        List<Long> ids = rows.stream().map(ReportRepository.Row::id).toList();
        Map<Long, List<ReportView.Step>> history = repository.history(ids);
        Map<Long, List<ReportView.PhotoRef>> photos = repository.photos(ids);
        return rows.stream().map(r -> new ReportView(r.id(), r.ticketNo(), r.categoryCode(),
                categories.find(r.categoryCode()).map(ReportCategory::name).orElse(r.categoryCode()), r.state(),
                r.address(), r.latitude(), r.longitude(), r.description(), r.unitName(), r.communityName(),
                r.phoneMasked(), r.anonymous(), r.createdAt(), r.updatedAt(), !openid.equals(r.reporterOpenid()),
                history.getOrDefault(r.id(), List.of()), photos.getOrDefault(r.id(), List.of()))).toList();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
