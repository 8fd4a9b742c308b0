package cn.wenming.volunteer;

import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.core.QrCodes;
import cn.wenming.core.Spreadsheets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.format.annotation.DateTimeFormat;
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
 * The organizer's console (role ORGANIZER or ADMIN): approve volunteers, form teams and name leaders,
 * publish activities with their slots, see a slot's roster and its check-in code, correct hours
 * (audited), and download the exports.
 */
@Controller
class VolunteerConsoleController {

    private static final String HOME = "/console/volunteer";
    static final List<String> KINDS = List.of("文明劝导", "清洁家园", "宣传", "交通引导", "关爱帮扶", "其他");

    private final Volunteers volunteers;
    private final Activities activities;
    private final SignUps signUps;
    private final CheckIns checkIns;
    private final CheckInCodes codes;
    private final VolunteerExports exports;
    private final String publicBaseUrl;

    VolunteerConsoleController(Volunteers volunteers, Activities activities, SignUps signUps, CheckIns checkIns,
            CheckInCodes codes, VolunteerExports exports, @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.volunteers = volunteers;
        this.activities = activities;
        this.signUps = signUps;
        this.checkIns = checkIns;
        this.codes = codes;
        this.exports = exports;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A slot as the console lists it. */
    record SlotRow(long id, String title, String kind, String time, String place, String organizer, int capacity,
            int confirmed, int waiting) {
    }

    @GetMapping(HOME)
    String home(Model model) {
        model.addAttribute("volunteers", volunteers.all());
        model.addAttribute("teams", volunteers.teams());
        model.addAttribute("communities", volunteers.communities());
        model.addAttribute("kinds", KINDS);
        model.addAttribute("slots", activities.upcoming(Instant.now().minus(java.time.Duration.ofDays(7))).stream()
                .map(VolunteerConsoleController::row).toList());
        model.addAttribute("today", LocalDate.now(CityTime.ZONE));
        return "volunteer/console";
    }

    @PostMapping(HOME + "/volunteers/{id}/approve")
    String approve(@PathVariable long id, RedirectAttributes redirect) {
        volunteers.approve(id);
        redirect.addFlashAttribute("notice", "已审核通过。");
        return "redirect:" + HOME;
    }

    @PostMapping(HOME + "/teams")
    String createTeam(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String organizer,
            @RequestParam(defaultValue = "") String community, RedirectAttributes redirect) {
        return VolunteerPageController.act(redirect, HOME, () -> {
            volunteers.createTeam(clip(name, 60), clip(organizer, 100), volunteers.communities().containsKey(community)
                    ? community : null);
            return "已保存队伍：" + name.strip();
        });
    }

    @PostMapping(HOME + "/teams/{teamId}/members")
    String addMember(@PathVariable long teamId, @RequestParam long volunteerId,
            @RequestParam(defaultValue = "false") boolean leader, RedirectAttributes redirect) {
        return VolunteerPageController.act(redirect, HOME, () -> {
            if (volunteers.teams().stream().noneMatch(t -> t.id() == teamId)
                    || volunteers.all().stream().noneMatch(v -> v.id() == volunteerId)) {
                throw new VolunteerRefused("没有这支队伍或这位志愿者。");
            }
            volunteers.addMember(teamId, volunteerId, leader);
            return leader ? "已设为队长。" : "已加入队伍。";
        });
    }

    @PostMapping(HOME + "/activities")
    String publish(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String kind,
            @RequestParam long teamId, @RequestParam(defaultValue = "") String community,
            @RequestParam(defaultValue = "") String place, @RequestParam(defaultValue = "") String pointCode,
            @RequestParam(required = false) Double latitude, @RequestParam(required = false) Double longitude,
            @RequestParam(defaultValue = "") String requirements, @RequestParam(defaultValue = "") String slots,
            RedirectAttributes redirect) {
        return VolunteerPageController.act(redirect, HOME, () -> {
            if (volunteers.teams().stream().noneMatch(t -> t.id() == teamId) || !KINDS.contains(kind)) {
                throw new VolunteerRefused("请选择队伍和活动类型。");
            }
            boolean located = latitude != null && longitude != null && Math.abs(latitude) <= 90
                    && Math.abs(longitude) <= 180;
            activities.publish(new Activities.NewActivity(clip(title, 80), kind, teamId,
                    volunteers.communities().containsKey(community) ? community : null, clip(place, 200),
                    pointCode.isBlank() ? null : clip(pointCode, 40), located ? latitude : null,
                    located ? longitude : null, requirements.isBlank() ? null : clip(requirements, 500),
                    Activities.parseSlots(slots)), Staff.current().map(Staff::username).orElse("?"));
            return "已发布：" + title.strip();
        });
    }

    @GetMapping(HOME + "/slots/{slotId}")
    String slot(@PathVariable long slotId, Model model) {
        Activities.Slot slot = activities.slot(slotId).orElse(null);
        if (slot == null) {
            return "redirect:" + HOME;
        }
        model.addAttribute("slot", row(slot));
        model.addAttribute("roster", signUps.roster(slotId));
        return "volunteer/console-slot";
    }

    /** The same rotating code as the leader's phone, for an organizer on site with a laptop or tablet. */
    @GetMapping(HOME + "/slots/{slotId}/code.png")
    ResponseEntity<byte[]> code(@PathVariable long slotId) {
        if (activities.slot(slotId).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(QrCodes.png(publicBaseUrl + "/h5/volunteer/check?t=" + codes.code(slotId, Instant.now()), 480));
    }

    @PostMapping(HOME + "/signups/{signUpId}/minutes")
    String correct(@PathVariable long signUpId, @RequestParam long slotId, @RequestParam int minutes,
            @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        return VolunteerPageController.act(redirect, HOME + "/slots/" + slotId, () -> {
            checkIns.correct(signUpId, minutes, clip(reason, 200), Staff.current().map(Staff::username).orElse("?"));
            return "已更正时长。";
        });
    }

    @GetMapping(HOME + "/exports/{kind}.xlsx")
    ResponseEntity<byte[]> export(@PathVariable String kind,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to == null ? LocalDate.now(CityTime.ZONE) : to;
        LocalDate start = from == null ? end.minusDays(30) : from;
        if (start.isAfter(end) || start.isBefore(LocalDate.of(2000, 1, 1)) || end.isAfter(LocalDate.of(2100, 1, 1))) {
            return ResponseEntity.badRequest().build();
        }
        Map<String, java.util.function.BiFunction<LocalDate, LocalDate, byte[]>> sheets = Map.of(
                "national", exports::national, "people", exports::perPerson, "activities", exports::perActivity,
                "teams", exports::teams);
        java.util.function.BiFunction<LocalDate, LocalDate, byte[]> sheet = sheets.get(kind);
        if (sheet == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return Spreadsheets.download(sheet.apply(start, end), Spreadsheets.XLSX,
                "volunteer-" + kind + "-" + start + "-" + end + ".xlsx");
    }

    private static SlotRow row(Activities.Slot s) {
        return new SlotRow(s.id(), s.title(), s.kind(), VolunteerPageController.when(s), s.place(), s.organizer(),
                s.capacity(), s.confirmed(), s.waiting());
    }

    private static String clip(String text, int max) {
        String clean = text == null ? "" : text.strip();
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
