package cn.wenming.report;

import cn.wenming.ask.Intent;
import cn.wenming.conversation.ChatFlow;
import cn.wenming.conversation.FlowState;
import cn.wenming.conversation.Turn;
import cn.wenming.core.CityTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * 随手拍 in the chat: a guided conversation that collects category, photos, place and description
 * in any order, one short prompt at a time, and submits on "提交"; also "进度" and "查询 WM…". The
 * draft is the "report" part of the resident's conversation record, kept {@code draft-ttl} after the
 * last message, with a bounded number of pieces.
 */
@Component
class ReportFlow implements ChatFlow {

    static final String NAME = "report";
    /** The last submitted draft's key, so that "提交" once more gets its ticket. */
    private static final String SUBMITTED = "reportsent";
    /** A ticket number in a resident's message, check code optional (it is asked for when missing). */
    static final Pattern TICKET = Tickets.PRESENTED;
    private static final int STATUS_LIST = 5;

    private final ReportService reports;
    private final ReportCategories categories;
    private final ChatPhotos chatPhotos;
    private final ReportProperties properties;
    private final ReportLinks links;
    private final ReportTexts texts;

    ReportFlow(ReportService reports, ReportCategories categories, ChatPhotos chatPhotos,
            ReportProperties properties, ReportLinks links, ReportTexts texts) {
        this.reports = reports;
        this.categories = categories;
        this.chatPhotos = chatPhotos;
        this.properties = properties;
        this.links = links;
        this.texts = texts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Intent> intents() {
        return List.of(Intent.REPORT, Intent.STATUS);
    }

    @Override
    public String serve(Intent intent, Turn turn) {
        if (intent == Intent.STATUS) {
            return status(turn);
        }
        if (!turn.conversation().available()) {
            return texts.text("unavailable");
        }
        boolean resumed = draft(turn).exists();
        Map<String, String> fields = new HashMap<>();
        if (turn.text() != null && !turn.is("intent.report")) {
            // "楼道里堆满了纸箱": the request is also the first piece of the report.
            categories.guess(turn.normalized()).ifPresent(c -> fields.put("category", c.code()));
            fields.put(ReportDraft.TEXT + turn.messageKey(), clip(turn.text().strip(), properties.draftMaxChars()));
        }
        state(turn).putAll(fields);
        turn.conversation().open(NAME);
        return texts.text(resumed ? "resume" : "start") + "\n" + next(turn);
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        ReportDraft draft = draft(turn);
        if (!draft.exists()) {
            turn.conversation().close(NAME);
            // A "提交" again after its report was stored (a redelivery whose reply was lost, or the
            // resident asking again): the same ticket.
            return turn.is("report.submit") ? turn.state(SUBMITTED).get("key")
                    .flatMap(key -> reports.earlierSubmission(turn.openid(), key)).map(this::created)
                    : Optional.empty();
        }
        if (turn.is("flow.cancel")) {
            state(turn).clear();
            turn.conversation().close(NAME);
            return Optional.of(texts.text("cancelled"));
        }
        if (turn.is("flow.resume")) {
            turn.conversation().open(NAME);
            return Optional.of(texts.text("resume") + "\n" + next(turn));
        }
        if (!open) {
            return Optional.empty();
        }
        if (draft.awaiting().equals("nearby")) {
            if (turn.is("report.follow")) {
                return Optional.of(follow(turn, draft));
            }
            if (turn.is("report.file-anyway")) {
                state(turn).put("fileAnyway", "1");
                return Optional.of(submit(turn));
            }
        }
        if (turn.is("report.submit")) {
            return Optional.of(submit(turn));
        }
        if (draft.awaiting().equals("category")) {
            // Only a number or a category's very name here: "商场里能抽烟吗" is a question first.
            Optional<ReportCategory> chosen = listedCategory(turn.normalized());
            if (chosen.isPresent()) {
                state(turn).put("category", chosen.get().code());
                return Optional.of(next(turn));
            }
        }
        if (draft.awaiting().equals("photo") && turn.is("report.skip")) {
            state(turn).put("photoSkipped", "1");
            return Optional.of(next(turn));
        }
        return Optional.empty();
    }

    @Override
    public String freeText(Turn turn) {
        ReportDraft draft = draft(turn);
        if (draft.awaiting().equals("category")) {
            Optional<ReportCategory> chosen = chooseCategory(turn.normalized());
            if (chosen.isEmpty()) {
                return texts.text("unknown-category") + "\n" + categoryList();
            }
            state(turn).put("category", chosen.get().code());
            return next(turn);
        }
        if (draft.awaiting().equals("place")) {
            state(turn).put("address", clip(turn.text().strip(), properties.draftMaxChars()));
            return next(turn);
        }
        String full = addDescription(turn, draft);
        return full.isEmpty() ? next(turn) : full + "\n" + next(turn);
    }

    @Override
    public Optional<String> reminder(Turn turn) {
        return draft(turn).exists() ? Optional.of(texts.text("reminder")) : Optional.empty();
    }

    /** A photo message: stored now (WeChat keeps it only 3 days), or fetched later if WeChat is slow. */
    @Override
    public Optional<String> photo(Turn turn, String mediaId) {
        if (!turn.conversation().available()) {
            return Optional.of(texts.text("unavailable"));
        }
        ReportDraft draft = draft(turn);
        boolean starting = !draft.exists();
        turn.conversation().open(NAME);
        if (!starting && draft.photoCount() >= properties.maxPhotos()) {
            return Optional.of(texts.text("photo-enough", "max", properties.maxPhotos()) + "\n" + next(turn));
        }
        Map<String, String> fields = new HashMap<>();
        try {
            Optional<PhotoStore.StoredPhoto> fetched = chatPhotos.fetch(turn.appId(), mediaId);
            if (fetched.isEmpty()) {
                // Kept by its media id; DeliveryJobs fetches it once the report is submitted.
                fields.put("media:" + mediaId, "1");
            }
            fetched.ifPresent(stored -> {
                fields.put("photo:" + stored.sha256(), stored.token());
                stored.gpsHint().filter(p -> !draft.hasPlace()).ifPresent(p -> {
                    fields.put("lat", String.valueOf(p.latitude()));
                    fields.put("lng", String.valueOf(p.longitude()));
                });
            });
        } catch (PhotoStore.PhotoTooLargeException e) {
            return Optional.of(texts.text("photo-too-large", "megapixels", properties.maxPhotoPixels() / 1_000_000));
        } catch (PhotoStore.UnsupportedPhotoException e) {
            return Optional.of(texts.text("photo-unreadable"));
        }
        state(turn).putAll(fields);
        return Optional.of(texts.text(starting ? "photo-first" : "photo-more") + "\n" + next(turn));
    }

    /** A location message; {@code label} is WeChat's place name for it. */
    @Override
    public Optional<String> location(Turn turn, double latitude, double longitude, String label) {
        if (!turn.conversation().available()) {
            return Optional.of(texts.text("unavailable"));
        }
        boolean starting = !draft(turn).exists();
        if (!ReportService.validPoint(latitude, longitude)) {
            // NaN, infinite or out of range (a forged or broken message): nothing is kept.
            return Optional.of(texts.text("invalid-point"));
        }
        FlowState state = state(turn).put("lat", String.valueOf(latitude)).put("lng", String.valueOf(longitude));
        if (label != null && !label.isBlank()) {
            state.put("address", clip(label.strip(), properties.draftMaxChars()));
        }
        turn.conversation().open(NAME);
        return Optional.of(texts.text(starting ? "location-first" : "location-more") + "\n" + next(turn));
    }

    /** "进度": the resident's recent reports, or one report when the text names a ticket. */
    private String status(Turn turn) {
        Optional<Tickets.Presented> ticket = Tickets.find(turn.text() == null ? "" : turn.normalized().replace(" ", ""));
        if (ticket.isPresent()) {
            if (!ticket.get().hasCode()) {
                // The number alone could be anyone's: the check code the resident was given is needed too.
                return texts.text("ticket-incomplete", "ticket", ticket.get().base());
            }
            return ticketStatus(turn, Tickets.full(ticket.get().base(), ticket.get().code()));
        }
        List<ReportView> recent = reports.reportsOf(turn.openid(), STATUS_LIST);
        if (recent.isEmpty()) {
            return texts.text("no-reports");
        }
        StringBuilder out = new StringBuilder(texts.text("recent-lead"));
        for (ReportView r : recent) {
            out.append('\n').append(texts.text("recent-line", "ticket", r.ticketNo(), "category", r.categoryName(),
                    "state", r.state().label(), "when", when(r.updatedAt())));
        }
        return out.append('\n').append(texts.text("recent-more", "url", links.myReports(turn.appId()))).toString();
    }

    private String ticketStatus(Turn turn, String ticketNo) {
        Optional<ReportView> found = reports.reportOf(turn.openid(), ticketNo);
        if (found.isEmpty()) {
            return texts.text("ticket-not-found", "ticket", ticketNo);
        }
        ReportView r = found.get();
        StringBuilder out = new StringBuilder(texts.text("ticket-detail", "ticket", r.ticketNo(), "category",
                r.categoryName(), "state", r.state().label(), "unit", r.unitName()));
        if (!r.history().isEmpty()) {
            ReportView.Step last = r.history().get(r.history().size() - 1);
            out.append('\n').append(texts.text("ticket-latest", "when", when(last.at()), "state", last.state().label()));
        }
        return out.append('\n').append(texts.text("ticket-link", "url", links.myReports(turn.appId()))).toString();
    }

    private String submit(Turn turn) {
        ReportDraft draft = draft(turn);
        if (!draft.exists()) {
            return texts.text("gone");
        }
        NewReport report = new NewReport("wechat", turn.appId(), turn.openid(), draft.category(), draft.latitude(),
                draft.longitude(), draft.address(), draft.description(), null, false, draft.photos(turn.appId()),
                submissionKey(turn, draft), !draft.fileAnyway());
        SubmitOutcome outcome = reports.submit(report);
        if (outcome instanceof SubmitOutcome.Created created) {
            state(turn).clear();
            turn.state(SUBMITTED).put("key", report.submissionKey()).keepFor(properties.draftTtl());
            turn.conversation().close(NAME);
            return created(created);
        }
        if (outcome instanceof SubmitOutcome.NearbyOpen nearby) {
            state(turn).put("awaiting", "nearby").put("nearby", nearby.ticketNo());
            return texts.text("nearby", "metres", nearby.metres(), "ticket", nearby.ticketNo());
        }
        if (outcome instanceof SubmitOutcome.RateLimited limited) {
            return texts.text("rate-limited", "limit", limited.limit());
        }
        return ((SubmitOutcome.Invalid) outcome).message() + "\n" + next(turn);
    }

    private String created(SubmitOutcome.Created created) {
        return texts.text("created", "ticket", created.residentTicket(), "unit", created.unitName(), "deadline",
                created.deadline());
    }

    /**
     * The same draft is the same submission, whichever message submits it and whichever instance gets
     * it: a redelivered "提交", and a "提交" sent again because the draft outlived its stored report (the
     * process died before the draft was cleared), both get the first report's ticket.
     */
    private static String submissionKey(Turn turn, ReportDraft draft) {
        return turn.appId() + ":draft:" + draft.contentKey();
    }

    private String follow(Turn turn, ReportDraft draft) {
        String ticket = draft.nearbyTicket();
        ReportService.FollowOutcome outcome = reports.follow(ticket, turn.appId(), turn.openid(),
                draft.photos(turn.appId()), draft.description());
        if (outcome == ReportService.FollowOutcome.NOT_OFFERED) {
            // The offer ran out: the draft stays, and submitting again finds the report (and offers it) anew.
            state(turn).remove("nearby");
            return texts.text("follow-expired") + "\n" + next(turn);
        }
        state(turn).clear();
        turn.conversation().close(NAME);
        return outcome == ReportService.FollowOutcome.FOLLOWED ? texts.text("followed", "ticket", ticket)
                : texts.text("follow-closed");
    }

    /** Decides what is still missing, remembers it as the step being answered, and asks for it. */
    private String next(Turn turn) {
        ReportDraft draft = draft(turn);
        Optional<ReportCategory> category = categories.find(draft.category());
        String step;
        String prompt;
        if (category.isEmpty()) {
            step = "category";
            prompt = texts.text("ask-category") + "\n" + categoryList();
        } else if (draft.photoCount() == 0 && (category.get().photoRequired() || !draft.photoSkipped())) {
            step = "photo";
            prompt = texts.text(category.get().photoRequired() ? "ask-photo-required" : "ask-photo");
        } else if (!draft.hasPlace()) {
            step = "place";
            prompt = texts.text("ask-place");
        } else if (draft.description().isBlank()) {
            step = "description";
            prompt = texts.text("ask-description");
        } else {
            step = "confirm";
            prompt = texts.text("summary", "category", category.get().name(), "place",
                    draft.address() != null ? draft.address() : texts.text("place-located"), "photos",
                    draft.photoCount(), "description", draft.description()) + "\n" + texts.text("confirm");
        }
        state(turn).put("awaiting", step).keepFor(properties.draftTtl());
        return prompt;
    }

    private String categoryList() {
        List<ReportCategory> all = categories.all();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            out.append(i + 1).append('.').append(all.get(i).name()).append(i % 2 == 0 ? "  " : "\n");
        }
        return out.toString().strip();
    }

    private Optional<ReportCategory> chooseCategory(String text) {
        return listedCategory(text).or(() -> categories.guess(text));
    }

    /** A category by its number in the list or its exact name. */
    private Optional<ReportCategory> listedCategory(String text) {
        List<ReportCategory> all = categories.all();
        if (text.matches("\\d{1,2}")) {
            int n = Integer.parseInt(text);
            return n >= 1 && n <= all.size() ? Optional.of(all.get(n - 1)) : Optional.empty();
        }
        return all.stream().filter(c -> c.name().equals(text)).findFirst();
    }

    /** Adds one piece of description, within the draft's bounds; the reply's first line when it is full. */
    private String addDescription(Turn turn, ReportDraft draft) {
        String text = turn.text().strip();
        int used = draft.description().length();
        if (draft.textParts() >= properties.draftMaxParts() || used >= properties.draftMaxChars()) {
            return texts.text("description-full", "parts", properties.draftMaxParts(), "chars",
                    properties.draftMaxChars());
        }
        state(turn).put(ReportDraft.TEXT + turn.messageKey(), clip(text, properties.draftMaxChars() - used));
        if (draft.category() == null) {
            categories.guess(turn.normalized()).ifPresent(c -> state(turn).put("category", c.code()));
        }
        return "";
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max));
    }

    private static FlowState state(Turn turn) {
        return turn.state(NAME);
    }

    private static ReportDraft draft(Turn turn) {
        return new ReportDraft(state(turn).fields());
    }

    private static String when(OffsetDateTime time) {
        return CityTime.shortForm(time);
    }
}
