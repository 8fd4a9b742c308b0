package cn.wenming.report;

import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.ResidentUnsubscribed;
import java.nio.charset.StandardCharsets;
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
    /** The address column's size: a typed address (H5, Open311, chat) longer than this is refused, not cut. */
    static final int MAX_ADDRESS = 300;
    private static final double METRES_PER_DEGREE = 111_320;
    /** How long a resident may take up the offer to follow a report nearby (the chat draft lasts 30 min). */
    static final Duration FOLLOW_OFFER_TTL = Duration.ofHours(2);
    private static final String FOLLOWED_NOTE = "又有居民反映了此问题";

    private final ReportRepository repository;
    private final ReportCategories categories;
    private final GridMap grid;
    private final PhoneCipher phones;
    private final OpenIdHasher hasher;
    private final ReportProperties properties;
    private final TransactionTemplate transaction;
    private final ReportLinks links;
    private final ReportTexts texts;
    private final ReportBoard board;
    private final Clock clock;

    ReportService(ReportRepository repository, ReportCategories categories, GridMap grid, PhoneCipher phones,
            OpenIdHasher hasher, ReportProperties properties, TransactionTemplate transaction, ReportLinks links,
            ReportTexts texts, ReportBoard board) {
        this.board = board;
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

    public SubmitOutcome submit(NewReport submitted) {
        Optional<SubmitOutcome> invalid = validate(submitted);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ReportCategory category = categories.get(submitted.categoryCode());
        NewReport report = submitted.withSubmissionKey(ownedKey(submitted.openid(), submitted.submissionKey()));
        if (report.submissionKey() != null) {
            Optional<SubmitOutcome.Created> earlier = repository.ticketForSubmission(report.submissionKey())
                    .map(this::created);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        if (overDailyLimit(report.openid())) {
            return new SubmitOutcome.RateLimited(properties.dailyLimit());
        }
        if (report.followNearby() && report.hasPoint()) {
            Optional<SubmitOutcome> nearby = nearestOpen(category, report.latitude(), report.longitude(),
                    report.openid());
            if (nearby.isPresent()) {
                return nearby.get();
            }
        }
        GridMap.Route route = report.hasPoint() ? grid.route(report.latitude(), report.longitude(), category.group())
                : grid.route(report.address(), category.group());
        try {
            String[] ticket = transaction.execute(status -> store(report, category, route, category.deadline()));
            return new SubmitOutcome.Created(ticket[0], category.name(), route.unit(), category.deadline().describe(),
                    Tickets.full(ticket[0], ticket[1]));
        } catch (DuplicateKeyException e) {
            // The same submission raced in on another instance: it won, answer with its ticket.
            return repository.ticketForSubmission(report.submissionKey()).map(this::created).orElseThrow(() -> e);
        }
    }

    /**
     * Why {@link #submit} would refuse this report outright (invalid, or over the daily limit), checked
     * without storing anything: the H5 form asks before it writes the resident's photos to disk, so a
     * refused report leaves no files behind. Empty when it would be taken (or offered a nearby report).
     */
    public Optional<SubmitOutcome> refusal(NewReport report) {
        Optional<SubmitOutcome> invalid = validate(report);
        if (invalid.isPresent()) {
            return invalid;
        }
        if (earlierSubmission(report.openid(), report.submissionKey()).isPresent()) {
            return Optional.empty();
        }
        return overDailyLimit(report.openid()) ? Optional.of(new SubmitOutcome.RateLimited(properties.dailyLimit()))
                : Optional.empty();
    }

    /** The report an earlier delivery of the same submission by the same resident created, if any. */
    public Optional<SubmitOutcome.Created> earlierSubmission(String openid, String submissionKey) {
        String owned = ownedKey(openid, submissionKey);
        return owned == null ? Optional.empty() : repository.ticketForSubmission(owned).map(this::created);
    }

    /**
     * A submission key as stored: a hash of the resident (keyed openid hash) and the key the channel
     * gave, so a key finds only that resident's submission. A form token that reached someone else
     * (a shared link, a guess) then files a new report instead of answering with the first resident's
     * ticket; and the stored key has one length whatever the client sent.
     */
    private String ownedKey(String openid, String submissionKey) {
        if (submissionKey == null) {
            return null;
        }
        String owner = openid == null ? "-" : hasher.hash(openid);
        return "s1:" + PhotoStore.sha256((owner + "\n" + submissionKey).getBytes(StandardCharsets.UTF_8));
    }

    private boolean overDailyLimit(String openid) {
        return openid != null && repository.countSince(openid, clock.instant().minus(Duration.ofDays(1)))
                >= properties.dailyLimit();
    }

    /** What became of a request to follow a report. */
    public enum FollowOutcome {
        /** Now a follower; the resident's photos and words joined the report. */
        FOLLOWED,
        /** The report was handled in the meantime. */
        CLOSED,
        /** No unexpired offer for this resident and this ticket (or no such ticket, or a wrong check code). */
        NOT_OFFERED
    }

    /**
     * Follows an open report instead of filing it again; the resident's photos and words join it. Only
     * with the offer this resident was given when their own submission found the report nearby, and
     * the ticket as they were shown it (check code included); the offer is used up.
     */
    public FollowOutcome follow(String presentedTicket, String appId, String openid, List<NewReport.Photo> photos,
            String note) {
        Optional<ReportRepository.Row> target = presented(presentedTicket);
        if (openid == null || target.isEmpty()
                || !repository.hasFollowOffer(target.get().id(), openid, clock.instant())) {
            return FollowOutcome.NOT_OFFERED;
        }
        ReportRepository.Row row = target.get();
        if (!row.state().isOpen()) {
            return FollowOutcome.CLOSED;
        }
        Boolean followed = transaction.execute(status -> {
            if (!repository.useFollowOffer(row.id(), openid, clock.instant())) {
                return false;
            }
            repository.follow(row.id(), openid, appId);
            photos.forEach(photo -> repository.insertPhoto(row.id(), photo));
            String added = note == null || note.isBlank() ? FOLLOWED_NOTE : FOLLOWED_NOTE + "：" + note;
            repository.insertHistory(row.id(), row.state(), "居民", truncate(added, 1000));
            return true;
        });
        return Boolean.TRUE.equals(followed) ? FollowOutcome.FOLLOWED : FollowOutcome.NOT_OFFERED;
    }

    /** The report a resident's ticket names, only when its check code is right. */
    Optional<ReportRepository.Row> presented(String ticketText) {
        return Tickets.parse(ticketText).filter(Tickets.Presented::hasCode)
                .flatMap(p -> repository.byTicket(p.base()).filter(row -> Tickets.matches(p, row)));
    }

    /** The stored ticket_no behind a resident's ticket, only when its check code is right. */
    public Optional<String> checkedTicket(String ticketText) {
        return presented(ticketText).map(ReportRepository.Row::ticketNo);
    }

    /** The resident's own and followed reports, newest first, with timeline and photos. */
    public List<ReportView> reportsOf(String openid, int limit) {
        return views(repository.forResident(openid, limit), openid);
    }

    /** One report, if the resident made it or follows it, named with its check code. */
    public Optional<ReportView> reportOf(String openid, String presentedTicket) {
        return presented(presentedTicket)
                .filter(row -> openid.equals(row.reporterOpenid()) || repository.follows(row.id(), openid))
                .map(row -> views(List.of(row), openid).get(0));
    }

    /**
     * The stored photo, if this resident may see it: every photo of their own report; of a report they
     * only follow, just those the public board shows.
     */
    public Optional<PhotoFile> photoFor(String openid, String photoId) {
        return uuid(photoId).flatMap(id -> repository.photoForResident(id, openid))
                .filter(p -> p.reporter() || board.showsPhotosOf(p.categoryCode(), p.state()))
                .map(p -> new PhotoFile(p.file().sha256(), p.file().contentType()));
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
        if (report.hasPoint() && !validPoint(report.latitude(), report.longitude())) {
            return invalid("location", texts.text("invalid-point"));
        }
        if (report.address() != null && report.address().length() > MAX_ADDRESS) {
            return invalid("address", texts.text("invalid-address", "max", MAX_ADDRESS));
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

    /**
     * A WGS-84 position we can store and route: finite, latitude within ±90°, longitude within ±180°.
     * NaN passes every comparison ({@code Math.abs(NaN) > 90} is false), so it is refused by name.
     */
    public static boolean validPoint(double latitude, double longitude) {
        return Double.isFinite(latitude) && Double.isFinite(longitude) && Math.abs(latitude) <= 90
                && Math.abs(longitude) <= 180;
    }

    private static Optional<SubmitOutcome> invalid(String field, String message) {
        return Optional.of(new SubmitOutcome.Invalid(field, message));
    }

    private Optional<SubmitOutcome> nearestOpen(ReportCategory category, double lat, double lng, String openid) {
        double radius = properties.duplicateRadius();
        double dLat = radius / METRES_PER_DEGREE;
        double dLng = radius / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat)));
        Instant since = clock.instant().minus(properties.duplicateWindow());
        return repository.openNear(category.code(), lat, lng, dLat, dLng, since).stream()
                .map(n -> Map.entry(n, metres(lat, lng, n.latitude(), n.longitude())))
                .filter(e -> e.getValue() <= radius)
                .min(Comparator.comparingDouble(Map.Entry::getValue))
                .map(e -> {
                    if (openid != null) {
                        // The only way to follow it: this resident, this report, for a while.
                        repository.offerFollow(e.getKey().id(), openid, clock.instant().plus(FOLLOW_OFFER_TTL));
                    }
                    return new SubmitOutcome.NearbyOpen(Tickets.full(e.getKey().ticketNo(), e.getKey().checkCode()),
                            category.name(), (int) Math.round(e.getValue()));
                });
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

    /**
     * Files what an inspector found (a 不合格 checklist item) as a report already dispatched to the
     * point's 包保单位, with the item's deadline; joins the caller's transaction, so the finding and
     * its report are stored together or not at all. Returns the stored ticket number.
     */
    String fileFinding(NewReport report, String unit, ReportCategory.Deadline deadline, String inspector,
            String origin) {
        ReportCategory category = categories.get(report.categoryCode());
        GridMap.Route area = grid.route(report.latitude(), report.longitude(), category.group());
        GridMap.Route route = new GridMap.Route(unit, area.districtName(), area.streetName(), area.communityCode(),
                area.communityName());
        return transaction.execute(status -> {
            String ticket = store(report, category, route, deadline)[0];
            long id = repository.byTicket(ticket).orElseThrow().id();
            repository.insertHistory(id, ReportState.SUBMITTED, inspector, truncate("测评发现：" + origin, 1000));
            repository.dispatchOnFiling(id);
            repository.insertHistory(id, ReportState.DISPATCHED, inspector,
                    "派单至" + unit + "，办理时限" + deadline.describe());
            return ticket;
        });
    }

    /** Stores the report; its ticket_no and check code. */
    private String[] store(NewReport report, ReportCategory category, GridMap.Route route,
            ReportCategory.Deadline deadline) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), CityTime.ZONE);
        String ticket = "WM" + TICKET_DAY.format(day) + String.format("%04d", repository.nextTicketSequence(day));
        boolean hasPhone = report.phone() != null && !report.phone().isBlank();
        ReportRepository.Inserted inserted = repository.insert(ticket, report, hasher.hash(report.openid()),
                hasPhone ? phones.encrypt(report.phone()) : null, hasPhone ? PhoneCipher.mask(report.phone()) : null,
                route, category, deadline);
        long id = inserted.id();
        String full = Tickets.full(ticket, inserted.checkCode());
        report.photos().forEach(photo -> repository.insertPhoto(id, photo));
        if (!StaffFindings.CHANNEL.equals(report.channel())) {
            repository.insertHistory(id, ReportState.SUBMITTED, actor(report.channel()),
                    "已收到，拟由" + route.unit() + "处理");
        }
        if ("h5".equals(report.channel()) && report.openid() != null && report.appId() != null) {
            // The form page may be closed at once; the chat keeps the ticket number for the resident.
            repository.insertOutbox(id, report.appId(), report.openid(), new ResidentNotifier.Notice(
                    texts.text("notice-submitted", "ticket", full, "category", category.name()), full,
                    ReportState.SUBMITTED.label(), texts.text("brief-submitted", "category", category.name()),
                    links.report(report.appId(), full)));
        }
        return new String[] {ticket, inserted.checkCode()};
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
        return new SubmitOutcome.Created(ticketNo, category.name(), row.unitName(), category.deadline().describe(),
                Tickets.full(row));
    }

    private List<ReportView> views(List<ReportRepository.Row> rows, String openid) {
        List<Long> ids = rows.stream().map(ReportRepository.Row::id).toList();
        Map<Long, List<ReportView.Step>> history = repository.history(ids);
        Map<Long, List<ReportView.PhotoRef>> photos = repository.photos(ids);
        return rows.stream().map(r -> view(r, openid.equals(r.reporterOpenid()),
                history.getOrDefault(r.id(), List.of()), photos.getOrDefault(r.id(), List.of()))).toList();
    }

    /**
     * The reporter sees their report whole. A follower sees what is needed to follow it — category,
     * area, unit, state and timeline — and never the reporter's description, address, point, phone or
     * photos, unless the board publishes those photos; nor anything residents wrote into the timeline.
     */
    private ReportView view(ReportRepository.Row r, boolean reporter, List<ReportView.Step> history,
            List<ReportView.PhotoRef> photos) {
        String categoryName = categories.find(r.categoryCode()).map(ReportCategory::name).orElse(r.categoryCode());
        String area = ReportBoard.area(r.districtName(), r.streetName(), r.communityName());
        List<ReportView.Step> steps = history.stream().map(s -> residentNote(s, reporter)).toList();
        if (reporter) {
            return new ReportView(r.id(), Tickets.full(r), r.categoryCode(), categoryName, r.state(), r.address(),
                    r.latitude(), r.longitude(), r.description(), r.unitName(), r.communityName(), area,
                    r.phoneMasked(), r.anonymous(), r.createdAt(), r.updatedAt(), false, steps, photos);
        }
        List<ReportView.PhotoRef> shown = board.showsPhotosOf(r.categoryCode(), r.state())
                ? photos.stream().filter(p -> !p.pending()).toList() : List.of();
        return new ReportView(r.id(), Tickets.full(r), r.categoryCode(), categoryName, r.state(), null, null, null,
                null, r.unitName(), r.communityName(), area, null, r.anonymous(), r.createdAt(), r.updatedAt(), true,
                steps, shown);
    }

    /**
     * Residents' words in the timeline stay with whoever wrote them: what a follower added is shown as
     * "又有居民反映了此问题" alone, and a follower sees no note a resident wrote (staff notes stay).
     */
    private static ReportView.Step residentNote(ReportView.Step step, boolean reporter) {
        if (step.note() == null || !step.actor().startsWith("居民")) {
            return step;
        }
        String note = step.note().startsWith(FOLLOWED_NOTE) ? FOLLOWED_NOTE : reporter ? step.note() : null;
        return new ReportView.Step(step.state(), step.actor(), note, step.at());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
