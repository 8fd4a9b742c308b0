package cn.wenming.survey;

import cn.wenming.core.Spreadsheets;
import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.quiz.QuizBoards;
import cn.wenming.report.GridMap;
import cn.wenming.report.ReportFigures;
import cn.wenming.report.ReportFilter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * 问卷统计 (/console/surveys, DISPATCHER and ADMIN): the surveys with their response counts; per survey
 * the four rates overall and by district, community and week (value, n, 95 % Wilson interval, small
 * samples flagged and left out of the community ranking), per-question distributions, a district or
 * community cross-tab, the 辅助指标 (随手拍 满意率, 答题参与) beside them, a printable report, and the
 * exports — raw responses (XLSX, CSV) and the rate tables (XLSX) — each written to the audit log.
 */
@Controller
class SurveyConsoleController {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");

    private final SurveyCatalog catalog;
    private final SurveyRates rates;
    private final SurveyFigures figures;
    private final GridMap grid;
    private final ReportFigures reportFigures;
    private final QuizBoards quizBoards;
    private final AuditLog audit;

    SurveyConsoleController(SurveyCatalog catalog, SurveyRates rates, SurveyFigures figures, GridMap grid,
            ReportFigures reportFigures, QuizBoards quizBoards, AuditLog audit) {
        this.catalog = catalog;
        this.rates = rates;
        this.figures = figures;
        this.grid = grid;
        this.reportFigures = reportFigures;
        this.quizBoards = quizBoards;
        this.audit = audit;
    }

    @GetMapping("/console/surveys")
    String list(Model model) {
        Map<String, SurveyFigures.Counts> counts = figures.counts();
        model.addAttribute("surveys", catalog.all());
        model.addAttribute("counts", counts);
        model.addAttribute("none", new SurveyFigures.Counts(0, 0));
        model.addAttribute("now", OffsetDateTime.now(CityTime.ZONE));
        return "survey/console-list";
    }

    @GetMapping("/console/surveys/{id}")
    String survey(@PathVariable String id, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "district") String by, Model model) {
        SurveyDefinition survey = survey(id);
        fill(survey, model);
        List<SurveyDefinition.Question> closed = survey.questions().stream().filter(x -> x.type().closed()).toList();
        SurveyDefinition.Question crossQuestion = closed.stream().filter(x -> x.code().equals(q)).findFirst()
                .orElse(closed.isEmpty() ? null : closed.get(0));
        boolean byCommunity = "community".equals(by);
        model.addAttribute("closed", closed);
        model.addAttribute("crossByCommunity", byCommunity);
        model.addAttribute("areaNames", areaNames());
        model.addAttribute("cross", crossQuestion == null ? null : figures.crossTab(survey, crossQuestion, byCommunity));
        return "survey/console-survey";
    }

    @GetMapping("/console/surveys/{id}/report")
    String report(@PathVariable String id, Model model) {
        SurveyDefinition survey = survey(id);
        fill(survey, model);
        model.addAttribute("generated", CityTime.full(OffsetDateTime.now(CityTime.ZONE)));
        audit.record("查看问卷报告", "survey", id, null, "打印版报告");
        return "survey/console-report";
    }

    @GetMapping("/console/surveys/{id}/responses.xlsx")
    ResponseEntity<byte[]> responsesXlsx(@PathVariable String id) {
        SurveyDefinition survey = survey(id);
        List<SurveyFigures.RawResponse> responses = figures.raw(id);
        List<List<String>> table = SurveySheets.rawTable(figures, survey, responses, names());
        List<String[]> notes = new ArrayList<>();
        notes.add(new String[] {"问卷", survey.title() + "（" + survey.id() + "，当前版本 " + survey.version() + "）"});
        notes.add(new String[] {"导出时间", CityTime.full(OffsetDateTime.now(CityTime.ZONE))});
        notes.add(new String[] {"导出人", Staff.current().map(Staff::signature).orElse("")});
        SurveyFigures.Counts counts = counts(responses);
        notes.add(new String[] {"答卷数", "共" + counts.total() + "份：已完成" + counts.complete() + "份，未完成"
                + counts.partial() + "份"});
        notes.add(new String[] {"说明", "每份答卷一行；每题两列：原始代码与选项文字（按答卷所答版本）。不含答题人身份。"});
        byte[] body = SurveySheets.rawXlsx(table, notes);
        record(id, "responses.xlsx", counts);
        return Spreadsheets.download(body, SurveySheets.XLSX, "问卷答卷-" + id + "-" + stamp() + ".xlsx");
    }

    @GetMapping("/console/surveys/{id}/responses.csv")
    ResponseEntity<byte[]> responsesCsv(@PathVariable String id) {
        SurveyDefinition survey = survey(id);
        List<SurveyFigures.RawResponse> responses = figures.raw(id);
        byte[] body = SurveySheets.rawCsv(SurveySheets.rawTable(figures, survey, responses, names()));
        record(id, "responses.csv", counts(responses));
        return Spreadsheets.download(body, "text/csv;charset=UTF-8", "问卷答卷-" + id + "-" + stamp() + ".csv");
    }

    @GetMapping("/console/surveys/{id}/rates.xlsx")
    ResponseEntity<byte[]> ratesXlsx(@PathVariable String id) {
        SurveyDefinition survey = survey(id);
        List<SurveyTables.RateTable> tables = tables(survey);
        List<String[]> notes = new ArrayList<>();
        notes.add(new String[] {"问卷", survey.title() + "（" + survey.id() + "）"});
        notes.add(new String[] {"导出时间", CityTime.full(OffsetDateTime.now(CityTime.ZONE))});
        notes.add(new String[] {"口径", "比率 = 认可答案数 ÷ 有效答案数（仅已完成答卷；“不清楚”等无效选项不计入分母）；"
                + "区间为95% Wilson区间；有效样本少于" + SurveyRates.MIN_SAMPLE + "的分组标为样本不足，不参与排名。"});
        byte[] body = SurveySheets.ratesXlsx(tables, notes);
        audit.record("导出问卷比率", "export", "survey-rates.xlsx", null, "问卷：" + id);
        return Spreadsheets.download(body, SurveySheets.XLSX, "问卷比率-" + id + "-" + stamp() + ".xlsx");
    }

    private void fill(SurveyDefinition survey, Model model) {
        List<SurveyTables.RateTable> tables = tables(survey);
        model.addAttribute("survey", survey);
        model.addAttribute("counts", figures.counts(survey.id()));
        model.addAttribute("rates", SurveyTables.rates(survey));
        model.addAttribute("tables", tables);
        model.addAttribute("overall", tables.get(0));
        model.addAttribute("byDistrict", tables.get(1));
        model.addAttribute("byCommunity", tables.get(2));
        model.addAttribute("byWeek", tables.get(3));
        model.addAttribute("rankings", SurveyTables.rankings(tables.get(2)));
        model.addAttribute("minSample", SurveyRates.MIN_SAMPLE);
        model.addAttribute("distributions", figures.distributions(survey));
        model.addAttribute("supporting", supporting(survey));
    }

    private List<SurveyTables.RateTable> tables(SurveyDefinition survey) {
        List<SurveyDefinition.Rate> present = SurveyTables.rates(survey);
        Function<String, String> names = names();
        return List.of(
                table("rates-overall", "总体", SurveyRates.GroupBy.ALL, survey, present, names),
                table("rates-district", "按区", SurveyRates.GroupBy.DISTRICT, survey, present, names),
                table("rates-community", "按社区", SurveyRates.GroupBy.COMMUNITY, survey, present, names),
                table("rates-week", "按周", SurveyRates.GroupBy.WEEK, survey, present, g -> g + " 起一周"));
    }

    private SurveyTables.RateTable table(String tableId, String title, SurveyRates.GroupBy groupBy,
            SurveyDefinition survey, List<SurveyDefinition.Rate> present, Function<String, String> names) {
        return SurveyTables.table(tableId, title, groupBy, present, rates.figures(survey.id(), groupBy), names);
    }

    /** Area names by code from the grid; unknown codes read as themselves. */
    private Function<String, String> names() {
        Map<String, String> names = areaNames();
        return code -> names.getOrDefault(code, code);
    }

    private Map<String, String> areaNames() {
        Map<String, String> names = new LinkedHashMap<>();
        grid.areas().forEach(a -> names.put(a.code(), a.name()));
        return names;
    }

    /** 随手拍 satisfaction of rated reports and quiz participation, over the survey's period up to today. */
    private SurveyTables.Supporting supporting(SurveyDefinition survey) {
        LocalDate today = LocalDate.now(CityTime.ZONE);
        LocalDate from = survey.starts().atZoneSameInstant(CityTime.ZONE).toLocalDate();
        LocalDate ends = survey.ends().atZoneSameInstant(CityTime.ZONE).toLocalDate();
        LocalDate to = ends.isBefore(today) ? ends : today;
        if (to.isBefore(from)) {
            to = from;
        }
        ReportFigures.Rate satisfaction = reportFigures.summary(
                new ReportFilter(null, null, null, null, null, from, to, null, null, null)).satisfaction();
        List<QuizBoards.GroupLine> lines = quizBoards.groups("community_code", from, to, Map.of());
        int participants = lines.stream().mapToInt(QuizBoards.GroupLine::participants).sum();
        List<QuizBoards.GroupLine> counted = lines.stream().filter(l -> l.headcount() != null && l.headcount() > 0)
                .toList();
        Integer headcount = counted.isEmpty() ? null
                : counted.stream().mapToInt(QuizBoards.GroupLine::headcount).sum();
        String participation = headcount == null ? "—"
                : SurveyTables.pct(counted.stream().mapToInt(QuizBoards.GroupLine::participants).sum() * 1.0 / headcount);
        return new SurveyTables.Supporting(from + " 至 " + to, satisfaction, participants, headcount, participation);
    }

    private SurveyDefinition survey(String id) {
        return catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static SurveyFigures.Counts counts(List<SurveyFigures.RawResponse> responses) {
        int complete = (int) responses.stream().filter(r -> "complete".equals(r.status())).count();
        return new SurveyFigures.Counts(complete, responses.size() - complete);
    }

    private void record(String id, String what, SurveyFigures.Counts counts) {
        audit.record("导出问卷答卷", "export", what, null, "问卷：" + id + " · " + counts.total() + "份（已完成"
                + counts.complete() + "，未完成" + counts.partial() + "）");
    }

    private static String stamp() {
        return OffsetDateTime.now(CityTime.ZONE).format(STAMP);
    }

}
