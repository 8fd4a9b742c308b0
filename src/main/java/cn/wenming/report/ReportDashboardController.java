package cn.wenming.report;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.core.CityTime;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * 数据看板 (/console/dashboard): the figures of the reports the filter selects — a HANDLER's always
 * restricted to their own unit — the 30-day trend and the reports overdue right now.
 */
@Controller
class ReportDashboardController {

    static final int TREND_DAYS = 30;
    private static final int OVERDUE_LIST = 50;

    private final ReportFigures figures;
    private final ReportSearch search;
    private final ReportCategories categories;

    ReportDashboardController(ReportFigures figures, ReportSearch search, ReportCategories categories) {
        this.figures = figures;
        this.search = search;
        this.categories = categories;
    }

    @GetMapping("/console/dashboard")
    String dashboard(@RequestParam Map<String, String> params, Model model) {
        Staff staff = Staff.current().orElseThrow();
        ReportFilter filter = ReportFilter.fromParams(params).forStaff(staff);
        LocalDate today = LocalDate.now(CityTime.ZONE);
        ReportFigures.Summary summary = figures.summary(filter);
        List<ReportFigures.Count> byCategory = figures.byCategory(filter);
        List<ReportFigures.Count> byDistrict = figures.byDistrict(filter);
        List<ReportFigures.Count> byUnit = figures.byUnit(filter);
        model.addAttribute("staff", staff);
        model.addAttribute("handler", staff.is(StaffRole.HANDLER));
        model.addAttribute("filter", filter);
        model.addAttribute("summary", summary);
        model.addAttribute("byState", figures.byState(filter));
        model.addAttribute("byCategory", byCategory);
        model.addAttribute("byDistrict", byDistrict);
        model.addAttribute("byUnit", byUnit);
        model.addAttribute("maxCategory", max(byCategory));
        model.addAttribute("maxDistrict", max(byDistrict));
        model.addAttribute("maxUnit", max(byUnit));
        model.addAttribute("trend", figures.trend(filter, today, TREND_DAYS));
        model.addAttribute("overdue", search.all(filter.withOverdue(Boolean.TRUE), ReportSearch.Order.DUE,
                OVERDUE_LIST));
        model.addAttribute("today", CityTime.full(OffsetDateTime.now(CityTime.ZONE)));
        // The form's choices: a handler's only concern their own unit.
        ReportFilter scope = ReportFilter.ANY.forStaff(staff);
        model.addAttribute("states", Arrays.asList(ReportState.values()));
        model.addAttribute("categories", categories.all());
        model.addAttribute("districts", search.distinct("district_name", scope));
        model.addAttribute("communities", search.distinct("community_name", scope));
        model.addAttribute("units", search.distinct("unit_name", scope));
        model.addAttribute("xlsxUrl", withFilter("/console/exports/reports.xlsx", filter));
        model.addAttribute("csvUrl", withFilter("/console/exports/reports.csv", filter));
        return "report/dashboard";
    }

    /** {@code path?state=…&unit=…}: the same filter for another page or an export. */
    static String withFilter(String path, ReportFilter filter) {
        StringJoiner query = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        filter.toParams().forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return query.toString();
    }

    private static long max(List<ReportFigures.Count> counts) {
        return counts.stream().mapToLong(ReportFigures.Count::count).max().orElse(1);
    }
}
