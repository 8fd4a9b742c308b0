package cn.wenming.report;

import cn.wenming.core.InvalidInput;
import cn.wenming.resident.SignedInResident;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The H5 pages opened from the menu inside WeChat: the 随手拍 form, "我的举报" with every step's
 * timeline, and photos served only to the resident who may see them.
 */
@Controller
class ReportH5Controller {

    /** Photos already checked and stored, kept while the resident decides about a nearby report. */
    private static final String HELD_PHOTOS = "wenming.report.heldPhotos";
    private static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;
    private static final int MY_REPORTS = 30;
    /** The form's token is a UUID (36 characters); the submission key ("h5:appid:token") must fit 200. */
    private static final int MAX_FORM_TOKEN = 100;

    private final ReportService reports;
    private final ReportCategories categories;
    private final PhotoStore photos;
    private final ReportProperties properties;
    private final ReportWorkflow workflow;
    private final ReportTexts texts;

    private final ProgressSubscriptions subscriptions;
    private final String publicBaseUrl;

    ReportH5Controller(ReportService reports, ReportCategories categories, PhotoStore photos,
            ReportProperties properties, ReportWorkflow workflow, ReportTexts texts,
            ProgressSubscriptions subscriptions, @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.subscriptions = subscriptions;
        this.publicBaseUrl = publicBaseUrl;
        this.texts = texts;
        this.workflow = workflow;
        this.reports = reports;
        this.categories = categories;
        this.photos = photos;
        this.properties = properties;
    }

    /** Longest query (a point's position and name, percent-encoded) carried through signing in. */
    private static final int MAX_KEPT_QUERY = 400;

    /** What the form shows again after a problem, so the resident types nothing twice. */
    record FormInput(String category, String latitude, String longitude, String address, String description,
            String phone, boolean anonymous, String formToken) {
    }

    /**
     * The empty form, or one with the place filled in: a 测评点位's QR code leads here with the point's
     * position and name, so a resident standing there need not share a location or type an address.
     */
    @GetMapping("/h5/report")
    String form(@RequestParam(required = false) String account, @RequestParam(required = false) String latitude,
            @RequestParam(required = false) String longitude, @RequestParam(required = false) String address,
            HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            // The place a point's code filled in survives signing in; an absurd query does not.
            String query = request.getQueryString();
            boolean keep = query != null && query.length() <= MAX_KEPT_QUERY;
            return "redirect:" + SignedInResident.signInUrl("/h5/report" + (keep ? "?" + query : ""), account);
        }
        request.getSession().removeAttribute(HELD_PHOTOS);
        boolean place = parsedPoint(latitude, longitude);
        String givenAddress = address == null || address.isBlank() || address.length() > ReportService.MAX_ADDRESS
                ? null : address.strip();
        return showForm(model, who.get(), new FormInput(null, place ? latitude : null, place ? longitude : null,
                givenAddress, null, null, false, UUID.randomUUID().toString()), null, null, 0);
    }

    /** Whether both strings are a position we could store (anything else is left out of the form). */
    private static boolean parsedPoint(String latitude, String longitude) {
        try {
            return latitude != null && longitude != null
                    && ReportService.validPoint(Double.parseDouble(latitude), Double.parseDouble(longitude));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @PostMapping(path = "/h5/report", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String submit(@RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String latitude,
            @RequestParam(defaultValue = "") String longitude, @RequestParam(defaultValue = "") String address,
            @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String phone,
            @RequestParam(defaultValue = "false") boolean anonymous, @RequestParam(defaultValue = "") String formToken,
            @RequestParam(defaultValue = "false") boolean fileAnyway,
            @RequestParam(name = "photos", required = false) List<MultipartFile> uploads,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/report", null);
        }
        // The form issues a UUID; anything much longer was not made by it (and would not fit the submission key).
        if (formToken.length() > MAX_FORM_TOKEN) {
            throw new InvalidInput("页面已失效，请重新打开随手拍页面后再提交。");
        }
        HttpSession session = request.getSession();
        FormInput input = new FormInput(category, latitude, longitude, address, description, phone, anonymous,
                formToken.isBlank() ? UUID.randomUUID().toString() : formToken);
        if (address.strip().length() > ReportService.MAX_ADDRESS) {
            // Refused before any photo is read or stored; the form comes back with everything typed.
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return showForm(model, who.get(), input, texts.text("invalid-address", "max", ReportService.MAX_ADDRESS),
                    null, heldPhotos(session).size());
        }
        List<PhotoStore.StoredPhoto> held = heldPhotos(session);
        List<MultipartFile> files = uploads == null ? List.of() : uploads.stream().filter(f -> !f.isEmpty()).toList();
        if (held.size() + files.size() > properties.maxPhotos()) {
            return showForm(model, who.get(), input, texts.text("invalid-photos", "max", properties.maxPhotos()), null,
                    held.size());
        }
        // Checked and cleaned in memory first; written to disk only once the report is not refused.
        List<PhotoStore.PreparedPhoto> prepared = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            MultipartFile file = files.get(i);
            if (file.getSize() > MAX_PHOTO_BYTES) {
                return showForm(model, who.get(), input, "第" + (i + 1) + "张照片超过10MB，请换一张或压缩后再传。", null,
                        held.size());
            }
            try {
                prepared.add(photos.prepare(file.getBytes()));
            } catch (PhotoStore.PhotoTooLargeException e) {
                return showForm(model, who.get(), input, texts.text("form-photo-too-large", "number", i + 1,
                        "megapixels", properties.maxPhotoPixels() / 1_000_000), null, held.size());
            } catch (PhotoStore.UnsupportedPhotoException | IOException e) {
                return showForm(model, who.get(), input, "第" + (i + 1) + "张文件不是可用的照片，请上传JPG、PNG或WebP图片。",
                        null, held.size());
            }
        }
        Double lat = parse(latitude);
        Double lng = parse(longitude);
        if (lat == null || lng == null) {
            // No browser position: a photo's own GPS tag is the next best hint of where it was taken.
            Optional<PhotoStore.GeoPoint> gps = java.util.stream.Stream.concat(held.stream(),
                    prepared.stream().map(PhotoStore.PreparedPhoto::photo)).flatMap(p -> p.gpsHint().stream())
                    .findFirst();
            lat = gps.map(PhotoStore.GeoPoint::latitude).orElse(null);
            lng = gps.map(PhotoStore.GeoPoint::longitude).orElse(null);
        }
        List<NewReport.Photo> attached = new ArrayList<>();
        held.forEach(p -> attached.add(new NewReport.StoredPhoto(p)));
        prepared.forEach(p -> attached.add(new NewReport.StoredPhoto(p.photo())));
        NewReport report = new NewReport("h5", who.get().appId(), who.get().openid(), category, lat, lng,
                blankToNull(address), description.strip(), blankToNull(phone), anonymous, attached,
                "h5:" + who.get().appId() + ":" + input.formToken(), !fileAnyway);
        Optional<SubmitOutcome> refused = reports.refusal(report);
        if (refused.isPresent()) {
            String error = refusalMessage(refused.get());
            return showForm(model, who.get(), input, prepared.isEmpty() ? error
                    : error + texts.text("form-photos-not-kept"), null, held.size());
        }
        prepared.forEach(photos::keep);
        held.addAll(prepared.stream().map(PhotoStore.PreparedPhoto::photo).toList());
        hold(session, held);
        SubmitOutcome outcome = reports.submit(report);
        if (outcome instanceof SubmitOutcome.Created created) {
            session.removeAttribute(HELD_PHOTOS);
            return "redirect:/h5/my-reports?created=" + created.residentTicket();
        }
        if (outcome instanceof SubmitOutcome.NearbyOpen nearby) {
            return showForm(model, who.get(), input, null, nearby, held.size());
        }
        return showForm(model, who.get(), input, refusalMessage(outcome), null, held.size());
    }

    private String refusalMessage(SubmitOutcome outcome) {
        return outcome instanceof SubmitOutcome.RateLimited limited
                ? texts.text("rate-limited", "limit", limited.limit())
                : ((SubmitOutcome.Invalid) outcome).message();
    }

    /**
     * Following the report the form offered as a nearby duplicate. Only with that offer (made to this
     * resident, for this report, not expired): anything else is refused with 403, whatever the ticket.
     */
    @PostMapping("/h5/report/follow")
    String follow(@RequestParam String ticket, @RequestParam(defaultValue = "") String description,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/my-reports", null);
        }
        List<NewReport.Photo> attached = new ArrayList<>();
        heldPhotos(request.getSession()).forEach(p -> attached.add(new NewReport.StoredPhoto(p)));
        ReportService.FollowOutcome outcome = reports.follow(ticket, who.get().appId(), who.get().openid(), attached,
                description.strip());
        if (outcome == ReportService.FollowOutcome.NOT_OFFERED) {
            // The held photos stay for the form: the resident may still file their own report.
            response.setStatus(HttpStatus.FORBIDDEN.value());
            return myReportsPage(model, who.get(), null, null,
                    "无法关注该问题：只能关注提交举报时提示的附近同类问题，且须在提示后2小时内确认。您可以重新提交举报。");
        }
        request.getSession().removeAttribute(HELD_PHOTOS);
        if (outcome == ReportService.FollowOutcome.CLOSED) {
            return myReportsPage(model, who.get(), null, null, "该问题刚刚处理完毕，无需重复反映。如仍有问题，请重新举报。");
        }
        return "redirect:/h5/my-reports?followed=" + Tickets.parse(ticket).map(t -> Tickets.full(t.base(), t.code()))
                .orElseThrow();
    }

    @PostMapping("/h5/reports/{ticket}/rating")
    String rate(@PathVariable String ticket, @RequestParam Rating rating, HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/my-reports", null);
        }
        try {
            // The ticket as the page showed it, check code included; the workflow checks it is theirs.
            Optional<String> stored = reports.checkedTicket(ticket);
            redirect.addFlashAttribute("rated", stored.isPresent() ? workflow.rate(stored.get(), who.get().openid(),
                    rating) : texts.text("rate-not-found", "ticket", ticket));
        } catch (WorkflowException e) {
            redirect.addFlashAttribute("rated", e.getMessage());
        }
        return "redirect:/h5/my-reports";
    }

    @GetMapping("/h5/my-reports")
    String myReports(@RequestParam(required = false) String account, @RequestParam(required = false) String created,
            @RequestParam(required = false) String followed, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/my-reports", account);
        }
        if (echo(created) != null) {
            // WeChat signs the JS-SDK for the page's exact address, as the phone sees it (the fragment aside).
            model.addAttribute("subscribeOffer", subscriptions.offer(who.get().appId(), publicBaseUrl
                    + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()))
                    .orElse(null));
        }
        return myReportsPage(model, who.get(), echo(created), echo(followed), null);
    }

    private String myReportsPage(Model model, SignedInResident who, String created, String followed, String refused) {
        model.addAttribute("dev", who.devLogin());
        model.addAttribute("reports", reports.reportsOf(who.openid(), MY_REPORTS));
        model.addAttribute("created", created);
        model.addAttribute("followed", followed);
        model.addAttribute("refused", refused);
        return "report/my-reports";
    }

    /** A ticket number from the query, shown back only when it has the shape of one (check code included). */
    private static String echo(String ticket) {
        return Tickets.parse(ticket).filter(Tickets.Presented::hasCode).map(t -> Tickets.full(t.base(), t.code()))
                .orElse(null);
    }

    @GetMapping("/h5/photos/{id}")
    ResponseEntity<byte[]> photo(@PathVariable String id, HttpServletRequest request) throws IOException {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        Optional<ReportService.PhotoFile> file = who.flatMap(w -> reports.photoFor(w.openid(), id));
        if (file.isEmpty()) {
            // The same answer for "not yours" and "no such photo": ids reveal nothing.
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.get().contentType()))
                .cacheControl(CacheControl.noStore().cachePrivate())
                .body(photos.read(file.get().sha256()));
    }

    private String showForm(Model model, SignedInResident who, FormInput input, String error,
            SubmitOutcome.NearbyOpen nearby, int heldPhotos) {
        model.addAttribute("dev", who.devLogin());
        model.addAttribute("categories", categories.all());
        model.addAttribute("input", input);
        model.addAttribute("error", error);
        model.addAttribute("nearby", nearby);
        model.addAttribute("heldPhotos", heldPhotos);
        model.addAttribute("maxPhotos", properties.maxPhotos());
        return "report/form";
    }

    @SuppressWarnings("unchecked")
    private static List<PhotoStore.StoredPhoto> heldPhotos(HttpSession session) {
        Object held = session.getAttribute(HELD_PHOTOS);
        List<PhotoStore.StoredPhoto> out = new ArrayList<>();
        if (held instanceof List<?> tokens) {
            ((List<String>) tokens).forEach(t -> out.add(PhotoStore.StoredPhoto.fromToken(t)));
        }
        return out;
    }

    private static void hold(HttpSession session, List<PhotoStore.StoredPhoto> held) {
        session.setAttribute(HELD_PHOTOS, new ArrayList<>(held.stream().map(PhotoStore.StoredPhoto::token).toList()));
    }

    private static Double parse(String number) {
        try {
            return number.isBlank() ? null : Double.valueOf(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
