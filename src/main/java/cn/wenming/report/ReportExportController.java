package cn.wenming.report;

import cn.wenming.core.Spreadsheets;
import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.core.CityTime;
import cn.wenming.core.InputLimits;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff exports under /console/exports (DISPATCHER, HANDLER, ADMIN): the report list as XLSX and CSV
 * with the list's filter, and the per-unit 整改周报 / 月通报 as XLSX and as a printable page. A HANDLER's
 * exports only ever hold their own unit. Every export is written to the audit log: who, what, which filter.
 */
@Controller
class ReportExportController {

    /** More than this is not a list anyone reads: the export says it was cut. */
    static final int MAX_ROWS = 50_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");

    private final ReportSearch search;
    private final ReportFigures figures;
    private final AuditLog audit;

    ReportExportController(ReportSearch search, ReportFigures figures, AuditLog audit) {
        this.search = search;
        this.figures = figures;
        this.audit = audit;
    }

    @GetMapping("/console/exports/reports.xlsx")
    ResponseEntity<byte[]> reportsXlsx(@RequestParam Map<String, String> params) {
        Staff staff = Staff.current().orElseThrow();
        ReportFilter filter = ReportFilter.fromParams(params).forStaff(staff);
        long total = search.count(filter);
        List<ReportSearch.Row> rows = search.all(filter, MAX_ROWS);
        List<String[]> notes = new ArrayList<>();
        notes.add(new String[] {"导出时间", CityTime.full(OffsetDateTime.now(CityTime.ZONE))});
        notes.add(new String[] {"导出人", staff.signature()});
        notes.add(new String[] {"筛选条件", filter.describe()});
        notes.add(new String[] {"条数", rows.size() == total ? String.valueOf(total)
                : "共" + total + "条，超过上限，仅导出最新的" + rows.size() + "条"});
        notes.add(new String[] {"说明", "联系电话已打码；居民选择对处理单位匿名的，责任单位导出不含电话。"});
        byte[] body = ReportSheets.reportsXlsx(rows, hidesAnonymousPhones(staff), notes);
        record("导出随手拍列表", "reports.xlsx", filter, rows.size(), total);
        return Spreadsheets.download(body, ReportSheets.XLSX, "随手拍-" + stamp() + ".xlsx");
    }

    @GetMapping("/console/exports/reports.csv")
    ResponseEntity<byte[]> reportsCsv(@RequestParam Map<String, String> params) {
        Staff staff = Staff.current().orElseThrow();
        ReportFilter filter = ReportFilter.fromParams(params).forStaff(staff);
        long total = search.count(filter);
        List<ReportSearch.Row> rows = search.all(filter, MAX_ROWS);
        byte[] body = ReportSheets.reportsCsv(rows, hidesAnonymousPhones(staff));
        record("导出随手拍列表", "reports.csv", filter, rows.size(), total);
        return Spreadsheets.download(body, "text/csv;charset=UTF-8", "随手拍-" + stamp() + ".csv");
    }

    @GetMapping("/console/exports/bulletin.xlsx")
    ResponseEntity<byte[]> bulletinXlsx(@RequestParam(defaultValue = "week") String period,
            @RequestParam(required = false) String date) {
        Staff staff = Staff.current().orElseThrow();
        Bulletin bulletin = bulletin(staff, period, date);
        byte[] body = ReportSheets.bulletinXlsx(bulletin);
        auditBulletin(bulletin, "bulletin.xlsx");
        Bulletin.Period p = bulletin.period();
        return Spreadsheets.download(body, ReportSheets.XLSX, bulletin.title() + "-" + p.start() + "至" + p.last() + ".xlsx");
    }

    @GetMapping("/console/exports/bulletin")
    String bulletinPage(@RequestParam(defaultValue = "week") String period,
            @RequestParam(required = false) String date, Model model) {
        Staff staff = Staff.current().orElseThrow();
        Bulletin bulletin = bulletin(staff, period, date);
        auditBulletin(bulletin, "bulletin");
        Bulletin.Period p = bulletin.period();
        model.addAttribute("bulletin", bulletin);
        model.addAttribute("headers", Bulletin.HEADERS);
        model.addAttribute("notes", Bulletin.NOTES);
        model.addAttribute("xlsxUrl", "/console/exports/bulletin.xlsx?period=" + p.kind() + "&date=" + p.start());
        model.addAttribute("previousUrl", "/console/exports/bulletin?period=" + p.kind() + "&date=" + p.previous().start());
        model.addAttribute("nextUrl", p.next().start().isAfter(LocalDate.now(CityTime.ZONE)) ? null
                : "/console/exports/bulletin?period=" + p.kind() + "&date=" + p.next().start());
        model.addAttribute("date", p.start().toString());
        return "report/bulletin";
    }

    /** The period containing {@code date}; without one, the last complete week or month. */
    private Bulletin bulletin(Staff staff, String period, String date) {
        Bulletin.Period p = Bulletin.Period.of(period, LocalDate.now(CityTime.ZONE)).previous();
        if (date != null && !date.isBlank()) {
            // An unreadable date gives the default period (the page shows which one it covers); an absurd year a 400.
            Optional<LocalDate> day = InputLimits.day(date);
            if (day.isPresent()) {
                p = Bulletin.Period.of(period, day.get());
            }
        }
        String unit = ReportFilter.ANY.forStaff(staff).unitName();
        List<ReportFigures.UnitFigures> units = figures.byUnit(p.start(), p.endExclusive(), unit);
        return new Bulletin(p, unit == null ? "全市" : unit, CityTime.full(OffsetDateTime.now(CityTime.ZONE)), units,
                ReportFigures.total(units));
    }

    private void auditBulletin(Bulletin bulletin, String what) {
        audit.record("导出" + bulletin.period().title(), "export", what, null, bulletin.period().start() + "至"
                + bulletin.period().last() + " · 范围：" + bulletin.scope() + " · " + bulletin.units().size() + "个单位");
    }

    private void record(String action, String what, ReportFilter filter, int rows, long total) {
        audit.record(action, "export", what, null, "筛选：" + filter.describe() + " · " + rows + "条"
                + (rows < total ? "（共" + total + "条，超过上限）" : ""));
    }

    /** A unit does not see the phone of a resident who chose to stay anonymous to it. */
    private static boolean hidesAnonymousPhones(Staff staff) {
        return staff.is(StaffRole.HANDLER);
    }

    private static String stamp() {
        return OffsetDateTime.now(CityTime.ZONE).format(STAMP);
    }

}
