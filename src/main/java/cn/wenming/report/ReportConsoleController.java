package cn.wenming.report;

import cn.wenming.core.InputLimits;
import cn.wenming.console.Staff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The report workbench's detail page: everything about one report, its photos and a map, its
 * timeline, and the actions this staff member may take now. A unit's handler never learns that
 * another unit's report exists: those answer 404, also by URL.
 */
@Controller
class ReportConsoleController {

    static final int MAX_NOTE = 800;
    static final int MAX_UNIT = 100;

    private final ReportRepository reports;
    private final ReportWorkflow workflow;
    private final ReportCategories categories;
    private final ReportService service;
    private final PhotoStore photos;
    private final GridMap grid;

    ReportConsoleController(ReportRepository reports, ReportWorkflow workflow, ReportCategories categories,
            ReportService service, PhotoStore photos, GridMap grid) {
        this.reports = reports;
        this.workflow = workflow;
        this.categories = categories;
        this.service = service;
        this.photos = photos;
        this.grid = grid;
    }

    /** A point within its community's outline, scaled into a 300×200 picture (no map tiles needed). */
    record MapPlot(String outline, Double x, Double y) {
    }

    @GetMapping("/console/reports/{ticket:WM\\d+}")
    String detail(@PathVariable String ticket, Model model) {
        Staff staff = Staff.current().orElseThrow();
        ReportRepository.Row row = visible(staff, ticket);
        List<Long> ids = List.of(row.id());
        model.addAttribute("report", row);
        model.addAttribute("category", categories.find(row.categoryCode()).orElse(null));
        model.addAttribute("history", reports.history(ids).getOrDefault(row.id(), List.of()));
        model.addAttribute("photos", reports.photos(ids).getOrDefault(row.id(), List.of()));
        model.addAttribute("actions", workflow.available(staff, row.state(), row.unitName(), row.needsDecision()));
        model.addAttribute("units", grid.units());
        model.addAttribute("map", plot(row));
        return "report/console-detail";
    }

    @PostMapping("/console/reports/{ticket:WM\\d+}/action")
    String act(@PathVariable String ticket, @RequestParam ReportAction action, @RequestParam int version,
            @RequestParam(defaultValue = "") String note, @RequestParam(defaultValue = "") String unit,
            @RequestParam(defaultValue = "") String duplicateOf,
            @RequestParam(name = "photos", required = false) List<MultipartFile> uploads, RedirectAttributes redirect) {
        Staff staff = Staff.current().orElseThrow();
        visible(staff, ticket);
        // The history keeps a step's note with its prefix ("办结：", "派遣至…：") in 1 000 characters.
        InputLimits.maxLength(note.strip(), MAX_NOTE, "处理意见");
        InputLimits.maxLength(unit.strip(), MAX_UNIT, "单位名称");
        try {
            List<PhotoStore.StoredPhoto> stored = new ArrayList<>();
            for (MultipartFile upload : uploads == null ? List.<MultipartFile>of() : uploads) {
                if (!upload.isEmpty()) {
                    stored.add(photos.store(upload.getBytes()));
                }
            }
            workflow.apply(ticket, new ReportWorkflow.Command(action, version, note, unit, duplicateOf, stored), staff);
            redirect.addFlashAttribute("notice", "已" + action.label() + "。");
        } catch (WorkflowException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        } catch (PhotoStore.UnsupportedPhotoException | IOException e) {
            redirect.addFlashAttribute("error", "照片无法读取，请上传JPG、PNG或WebP图片。");
        }
        return "redirect:/console/reports/" + ticket;
    }

    /** What routing and deadlines run on (config/report-categories.yml, config/grids): for admins to check. */
    @GetMapping("/console/admin/units")
    String units(Model model) {
        model.addAttribute("categories", categories.all());
        model.addAttribute("areas", grid.areas());
        model.addAttribute("cityQueue", grid.cityQueue());
        return "report/console-units";
    }

    @GetMapping("/console/reports/photos/{id}")
    ResponseEntity<byte[]> photo(@PathVariable String id) throws IOException {
        Optional<ReportService.PhotoFile> file = service.photoForStaff(Staff.current().orElseThrow(), id);
        if (file.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.get().contentType()))
                .cacheControl(CacheControl.noStore().cachePrivate()).body(photos.read(file.get().sha256()));
    }

    private ReportRepository.Row visible(Staff staff, String ticket) {
        return reports.byTicket(Tickets.staffTicket(ticket)).filter(r -> ReportWorkflow.maySee(staff, r.unitName()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private MapPlot plot(ReportRepository.Row row) {
        Optional<List<double[]>> outline = grid.outline(row.communityCode());
        if (outline.isEmpty() || row.latitude() == null) {
            return null;
        }
        List<double[]> points = new ArrayList<>(outline.get());
        double minX = Math.min(points.stream().mapToDouble(p -> p[0]).min().orElseThrow(), row.longitude());
        double maxX = Math.max(points.stream().mapToDouble(p -> p[0]).max().orElseThrow(), row.longitude());
        double minY = Math.min(points.stream().mapToDouble(p -> p[1]).min().orElseThrow(), row.latitude());
        double maxY = Math.max(points.stream().mapToDouble(p -> p[1]).max().orElseThrow(), row.latitude());
        double scale = Math.min(280 / Math.max(maxX - minX, 1e-9), 180 / Math.max(maxY - minY, 1e-9));
        StringBuilder svg = new StringBuilder();
        for (double[] p : points) {
            svg.append(String.format("%.1f,%.1f ", 10 + (p[0] - minX) * scale, 190 - (p[1] - minY) * scale));
        }
        return new MapPlot(svg.toString().strip(), 10 + (row.longitude() - minX) * scale,
                190 - (row.latitude() - minY) * scale);
    }
}
