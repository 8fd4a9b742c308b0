package cn.wenming.report;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The report workbench's list: filters (state, category, area, unit, dates, overdue, photo, words)
 * and paging. A unit's handler sees only its own reports whatever the URL asks for.
 */
@Controller
class ReportListController {

    private static final int PAGE_SIZE = 20;

    private final ReportSearch search;
    private final ReportCategories categories;
    private final GridMap grid;

    ReportListController(ReportSearch search, ReportCategories categories, GridMap grid) {
        this.search = search;
        this.categories = categories;
        this.grid = grid;
    }

    @GetMapping("/console/reports")
    String list(@RequestParam Map<String, String> params, @RequestParam(defaultValue = "1") int page, Model model) {
        Staff staff = Staff.current().orElseThrow();
        ReportFilter filter = ReportFilter.fromParams(params).forStaff(staff);
        ReportFilter scope = ReportFilter.ANY.forStaff(staff);
        model.addAttribute("filter", filter);
        model.addAttribute("handler", staff.is(StaffRole.HANDLER));
        model.addAttribute("districts", search.distinct("district_name", scope));
        model.addAttribute("communities", search.distinct("community_name", scope));
        model.addAttribute("result", search.find(filter, page, PAGE_SIZE));
        model.addAttribute("states", ReportState.values());
        model.addAttribute("categories", categories.all());
        model.addAttribute("units", grid.units());
        model.addAttribute("query", query(filter.toParams()));
        return "report/console-list";
    }

    /** The filter as a URL query ("state=…&unit=…&"), for paging links and the export buttons. */
    private static String query(Map<String, String> params) {
        UriComponentsBuilder builder = UriComponentsBuilder.newInstance();
        params.forEach(builder::queryParam);
        String query = builder.encode().build().getQuery();
        return query == null ? "" : query + "&";
    }
}
