package cn.wenming.volunteer;

import cn.wenming.core.CertificateCanvas;
import cn.wenming.core.CityTime;
import cn.wenming.core.QrCodes;
import cn.wenming.resident.SignedInResident;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The volunteer's H5 pages: register, find and sign up for activities, cancel, see the record and the
 * certificates; scan the leader's code to check in and out; the leader's page with the rotating code.
 */
@Controller
class VolunteerPageController {

    private static final String HOME = "/h5/volunteer";

    private final Volunteers volunteers;
    private final Activities activities;
    private final SignUps signUps;
    private final CheckIns checkIns;
    private final CheckInCodes codes;
    private final VolunteerCertificates certificates;
    private final VolunteerProperties properties;
    private final VolunteerTexts texts;
    private final String publicBaseUrl;

    VolunteerPageController(Volunteers volunteers, Activities activities, SignUps signUps, CheckIns checkIns,
            CheckInCodes codes, VolunteerCertificates certificates, VolunteerProperties properties,
            VolunteerTexts texts, @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.volunteers = volunteers;
        this.activities = activities;
        this.signUps = signUps;
        this.checkIns = checkIns;
        this.codes = codes;
        this.certificates = certificates;
        this.properties = properties;
        this.texts = texts;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A slot as a page line. */
    record SlotLine(long id, String title, String kind, String place, String time, String seats, boolean full,
            String requirements, String organizer) {

        static SlotLine of(Activities.Slot s) {
            return new SlotLine(s.id(), s.title(), s.kind(), s.place(), when(s), s.full()
                    ? "已满，可候补（" + s.waiting() + "人候补）" : "余" + (s.capacity() - s.confirmed()) + "个名额",
                    s.full(), s.requirements(), s.organizer());
        }
    }

    /** One of my sign-ups as a page line. */
    record MyLine(long id, SlotLine slot, String status, boolean cancellable, String checkedIn, String checkedOut,
            String hours) {
    }

    /** The volunteer's page; with the phone's location ({@code latitude}, {@code longitude}) the nearest activities first. */
    @GetMapping(HOME)
    String home(@RequestParam(required = false) String account, @RequestParam(required = false) Double latitude,
            @RequestParam(required = false) Double longitude, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, account);
        }
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("communities", volunteers.communities());
        Optional<Volunteers.Volunteer> me = volunteers.of(who.get().appId(), who.get().openid());
        model.addAttribute("me", me.orElse(null));
        Instant now = Instant.now();
        List<Activities.Slot> upcoming = activities.upcoming(now);
        String community = me.map(Volunteers.Volunteer::communityCode).orElse(null);
        java.util.Set<Long> taken = me.map(v -> signUps.of(v.id()).stream()
                .filter(s -> s.status() != SignUps.Status.CANCELLED).map(s -> s.slot().id())
                .collect(java.util.stream.Collectors.toSet())).orElse(java.util.Set.of());
        boolean located = latitude != null && longitude != null && Math.abs(latitude) <= 90
                && Math.abs(longitude) <= 180;
        model.addAttribute("near", located);
        // Slots not signed up for yet: within reach of the phone nearest first, or else the volunteer's own
        // community first, then the rest of the city.
        List<Activities.Slot> offered = located ? activities.near(latitude, longitude, properties.nearby(), now)
                : activities.bookable(now).stream().sorted(java.util.Comparator.comparing((Activities.Slot s) ->
                        !java.util.Objects.equals(community, s.communityCode()))).toList();
        model.addAttribute("slots", offered.stream().filter(s -> !taken.contains(s.id())).limit(30)
                .map(SlotLine::of).toList());
        if (me.isPresent()) {
            long id = me.get().id();
            model.addAttribute("mine", signUps.of(id).stream().filter(s -> s.status() != SignUps.Status.CANCELLED)
                    .map(s -> new MyLine(s.id(), SlotLine.of(s.slot()), s.status() == SignUps.Status.CONFIRMED ? "已确认"
                            : "候补第" + s.waitingPosition() + "位", s.checkedInAt() == null
                            && s.slot().startsAt().toInstant().isAfter(now), CityTime.shortForm(s.checkedInAt()),
                            CityTime.shortForm(s.checkedOutAt()), s.minutes() == null ? null : CheckIns.hours(s.minutes())))
                    .toList());
            model.addAttribute("totalHours", CheckIns.hours(checkIns.totalMinutes(id)));
            model.addAttribute("certificates", certificates.served(id));
            model.addAttribute("leading", upcoming.stream().filter(s -> volunteers.leads(id, s.teamId()))
                    .map(SlotLine::of).toList());
        }
        return "volunteer/home";
    }

    @PostMapping(HOME + "/register")
    String register(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String phone,
            @RequestParam(defaultValue = "") String community, @RequestParam(defaultValue = "") String skills,
            @RequestParam(defaultValue = "") String availability, HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, null);
        }
        return act(redirect, () -> {
            volunteers.register(who.get().appId(), who.get().openid(),
                    new Volunteers.Registration(name, phone, community, skills, availability));
            return "注册成功，现在可以报名志愿活动了。";
        });
    }

    @PostMapping(HOME + "/slots/{slotId}/signup")
    String signUp(@PathVariable long slotId, HttpServletRequest request, RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, null);
        }
        return act(redirect, () -> {
            long volunteer = registered(who.get());
            return outcome(signUps.signUp(slotId, volunteer, Instant.now()));
        });
    }

    @PostMapping(HOME + "/signups/{signUpId}/cancel")
    String cancel(@PathVariable long signUpId, HttpServletRequest request, RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, null);
        }
        return act(redirect, () -> {
            long volunteer = registered(who.get());
            SignUps.SignUp signUp = signUps.signUp(signUpId).orElseThrow(
                    () -> new VolunteerRefused(texts.text("not-signed-up")));
            signUps.cancel(signUpId, volunteer);
            return texts.text("cancelled", "title", signUp.slot().title(), "time", when(signUp.slot()));
        });
    }

    /** What the leader's code opens: the slot and one button, 签到 or 签退. */
    @GetMapping(HOME + "/check")
    String check(@RequestParam(defaultValue = "") String t, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME + "/check?t=" + URLEncoder.encode(t,
                    StandardCharsets.UTF_8), null);
        }
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("code", t);
        try {
            long slotId = checkIns.slotOf(t, Instant.now());
            Activities.Slot slot = activities.slot(slotId).orElseThrow(() -> new VolunteerRefused(texts.text("no-slot")));
            model.addAttribute("slot", SlotLine.of(slot));
            Optional<SignUps.SignUp> mine = volunteers.of(who.get().appId(), who.get().openid())
                    .flatMap(v -> signUps.active(slotId, v.id()));
            model.addAttribute("checkedIn", mine.map(s -> s.checkedInAt() != null).orElse(false));
            model.addAttribute("checkedOut", mine.map(s -> s.checkedOutAt() != null).orElse(false));
        } catch (VolunteerRefused refused) {
            model.addAttribute("error", refused.getMessage());
        }
        return "volunteer/check";
    }

    @PostMapping(HOME + "/check")
    String checkIn(@RequestParam(defaultValue = "") String t, @RequestParam(required = false) Double latitude,
            @RequestParam(required = false) Double longitude, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME, null);
        }
        model.addAttribute("dev", who.get().devLogin());
        try {
            // A forged or stale code is said so first, whoever scans it.
            checkIns.slotOf(t, Instant.now());
            long volunteer = registered(who.get());
            CheckIns.Outcome outcome = checkIns.scan(t, volunteer, finite(latitude), finite(longitude), Instant.now());
            model.addAttribute("done", outcome.message());
        } catch (VolunteerRefused refused) {
            model.addAttribute("error", refused.getMessage());
        }
        return "volunteer/check";
    }

    /** The team leader's page: the code, redrawn by the page before it expires. */
    @GetMapping(HOME + "/lead/{slotId}")
    String lead(@PathVariable long slotId, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(HOME + "/lead/" + slotId, null);
        }
        Activities.Slot slot = leaderSlot(who.get(), slotId).orElse(null);
        if (slot == null) {
            return "redirect:" + HOME;
        }
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("slot", SlotLine.of(slot));
        model.addAttribute("refreshSeconds", Math.max(5, properties.codePeriod().toSeconds() / 2));
        model.addAttribute("roster", signUps.roster(slotId).stream()
                .filter(r -> r.status() == SignUps.Status.CONFIRMED).toList());
        return "volunteer/lead";
    }

    @GetMapping(HOME + "/lead/{slotId}/code.png")
    ResponseEntity<byte[]> leaderCode(@PathVariable long slotId, HttpServletRequest request) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty() || leaderSlot(who.get(), slotId).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        String url = publicBaseUrl + HOME + "/check?t=" + codes.code(slotId, Instant.now());
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(QrCodes.png(url, 480));
    }

    @GetMapping(HOME + "/certificates/{teamId}.png")
    ResponseEntity<byte[]> certificate(@PathVariable long teamId, HttpServletRequest request) {
        return certificate(teamId, request, MediaType.IMAGE_PNG, CertificateCanvas::png);
    }

    @GetMapping(HOME + "/certificates/{teamId}.pdf")
    ResponseEntity<byte[]> certificatePdf(@PathVariable long teamId, HttpServletRequest request) {
        return certificate(teamId, request, MediaType.APPLICATION_PDF, CertificateCanvas::pdf);
    }

    /** The signed-in volunteer's own certificate from one organising body; 404 for anything else. */
    private ResponseEntity<byte[]> certificate(long teamId, HttpServletRequest request, MediaType type,
            java.util.function.Function<CertificateCanvas, byte[]> format) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        return who.flatMap(w -> volunteers.of(w.appId(), w.openid()))
                .flatMap(v -> certificates.certificate(v.id(), v.name(), teamId, LocalDate.now(CityTime.ZONE)))
                .map(canvas -> ResponseEntity.ok().contentType(type)
                        .cacheControl(CacheControl.noCache().cachePrivate()).body(format.apply(canvas)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    private Optional<Activities.Slot> leaderSlot(SignedInResident who, long slotId) {
        return volunteers.of(who.appId(), who.openid()).flatMap(v -> activities.slot(slotId)
                .filter(s -> volunteers.leads(v.id(), s.teamId())));
    }

    private long registered(SignedInResident who) {
        return volunteers.of(who.appId(), who.openid()).map(Volunteers.Volunteer::id)
                .orElseThrow(() -> new VolunteerRefused(texts.text("not-registered")));
    }

    String outcome(SignUps.SignUp signUp) {
        Activities.Slot slot = signUp.slot();
        return signUp.status() == SignUps.Status.CONFIRMED
                ? texts.text("confirmed", "title", slot.title(), "time", when(slot), "place", slot.place())
                : texts.text("waiting", "position", signUp.waitingPosition());
    }

    private static String act(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        return act(redirect, HOME, action);
    }

    /** Does what a form asked and goes back to {@code back}, saying what happened or why not. */
    static String act(RedirectAttributes redirect, String back, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (VolunteerRefused refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:" + back;
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    /** "12-06 09:00–11:00". */
    static String when(Activities.Slot slot) {
        return when(slot.startsAt(), slot.endsAt());
    }

    static String when(java.time.OffsetDateTime start, java.time.OffsetDateTime end) {
        return CityTime.shortForm(start) + "–" + CityTime.shortForm(end).substring(6);
    }
}
