package cn.wenming.inspection;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.core.QrCodes;
import cn.wenming.report.GridMap;
import java.util.Optional;
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

/** The point library in the console (admins edit it), its printable QR sheet, and where a scan lands. */
@Controller
class PointController {

    private final PointLibrary library;
    private final Checklists checklists;
    private final PointLinks links;
    private final GridMap grid;

    PointController(PointLibrary library, Checklists checklists, PointLinks links, GridMap grid) {
        this.library = library;
        this.checklists = checklists;
        this.links = links;
        this.grid = grid;
    }

    /** The inspector's way in from a scan: the checklist of a round waiting for this point. */
    static String inspectorEntry(Point point) {
        return "/console/inspection/points/" + point.code() + "/open";
    }

    @GetMapping("/console/inspection/points")
    String points(@RequestParam(required = false) String code, Model model) {
        model.addAttribute("points", library.all());
        model.addAttribute("types", checklists.all());
        model.addAttribute("typeNames", checklists.names());
        model.addAttribute("units", grid.units());
        Point selected = library.find(code).orElse(null);
        model.addAttribute("selected", selected);
        model.addAttribute("selectedType", selected == null ? null : checklists.find(selected.typeCode()).orElse(null));
        model.addAttribute("admin", Staff.current().map(s -> s.is(StaffRole.ADMIN)).orElse(false));
        return "inspection/points";
    }

    @PostMapping("/console/inspection/points")
    String save(@RequestParam String code, @RequestParam String type, @RequestParam String name,
            @RequestParam String latitude, @RequestParam String longitude,
            @RequestParam(defaultValue = "") String community, @RequestParam(defaultValue = "") String street,
            @RequestParam String unit, @RequestParam(defaultValue = "") String person,
            @RequestParam(defaultValue = "false") boolean active, RedirectAttributes redirect) {
        String cleanCode = code.strip().toUpperCase(java.util.Locale.ROOT);
        Optional<Point> before = library.find(cleanCode);
        Point point;
        try {
            point = new Point(cleanCode, type, name.strip(), Double.parseDouble(latitude.strip()),
                    Double.parseDouble(longitude.strip()), before.map(Point::outline).orElse(null), blank(community),
                    blank(street), unit, blank(person), active);
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("error", "请填写有效的经纬度。");
            return "redirect:/console/inspection/points" + (before.isPresent() ? "?code=" + cleanCode : "");
        }
        Optional<String> problem = library.problem(point);
        if (problem.isPresent()) {
            redirect.addFlashAttribute("error", problem.get());
            return "redirect:/console/inspection/points" + (before.isPresent() ? "?code=" + cleanCode : "");
        }
        library.save(point, Staff.current().orElseThrow().signature());
        redirect.addFlashAttribute("saved", point.name());
        return "redirect:/console/inspection/points?code=" + cleanCode;
    }

    /** One card per active point, laid out to print on A4. */
    @GetMapping("/console/inspection/qr-sheet")
    String sheet(@RequestParam(required = false) String street, Model model) {
        model.addAttribute("points", library.active().stream()
                .filter(p -> street == null || street.isBlank() || street.equals(p.street())).toList());
        model.addAttribute("typeNames", checklists.names());
        return "inspection/qr-sheet";
    }

    @GetMapping("/console/inspection/points/{code}/qr.png")
    ResponseEntity<byte[]> qr(@PathVariable String code) {
        Point point = library.find(code).orElseThrow(InspectionConsoleController::notFound);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noCache())
                .body(QrCodes.png(links.qrContent(point), 360));
    }

    /**
     * Where a point's plain-link code lands: a signed-in inspector (or dispatcher) gets the checklist;
     * anyone else is a resident and gets 随手拍 with the point's place filled in.
     */
    @GetMapping("/h5/point/{code}")
    String landing(@PathVariable String code, @RequestParam(required = false) String account) {
        Point point = library.find(code).filter(Point::active)
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND,
                        "这个点位二维码已停用。"));
        boolean inspector = Staff.current().map(s -> s.is(StaffRole.INSPECTOR) || s.is(StaffRole.DISPATCHER)
                || s.is(StaffRole.ADMIN)).orElse(false);
        return "redirect:" + (inspector ? inspectorEntry(point) : links.reportForm(point, account));
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
