package cn.wenming.survey;

import cn.wenming.core.Spreadsheets;
import cn.wenming.core.CityTime;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The survey exports: raw responses (one row per response, per question a column of codes and one of
 * labels) as XLSX and as CSV (UTF-8 with a BOM, CRLF, formula-looking text defused), and the rate tables
 * as XLSX. Who answered is never in them: no openid, no respondent key.
 */
final class SurveySheets {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private SurveySheets() {
    }

    /** The header and the values of each response, shared by the XLSX and the CSV. */
    static List<List<String>> rawTable(SurveyFigures figures, SurveyDefinition latest,
            List<SurveyFigures.RawResponse> responses, Function<String, String> names) {
        List<SurveyDefinition.Question> questions = figures.columns(latest, responses);
        Map<Integer, SurveyDefinition> versions = figures.versions(latest, responses);
        List<List<String>> out = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("答卷编号", "问卷版本", "渠道", "状态", "区代码", "区", "社区代码",
                "社区", "开始时间", "完成时间"));
        for (SurveyDefinition.Question q : questions) {
            header.add(q.code() + " 代码");
            header.add(q.code() + " " + q.text());
        }
        out.add(header);
        for (SurveyFigures.RawResponse r : responses) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(r.id()), String.valueOf(r.version()),
                    r.channel(), "complete".equals(r.status()) ? "已完成" : "未完成", nz(r.districtCode()),
                    r.districtCode() == null ? "" : names.apply(r.districtCode()), nz(r.communityCode()),
                    r.communityCode() == null ? "" : names.apply(r.communityCode()), time(r.startedAt()),
                    time(r.completedAt())));
            SurveyDefinition version = versions.get(r.version());
            for (SurveyDefinition.Question q : questions) {
                String value = r.answers().get(q.code());
                row.add(nz(value));
                row.add(figures.label(version, q.code(), value));
            }
            out.add(row);
        }
        return out;
    }

    static byte[] rawXlsx(List<List<String>> table, List<String[]> notes) {
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            CellStyle header = Spreadsheets.headerStyle(workbook);
            Sheet sheet = workbook.createSheet("答卷");
            for (int r = 0; r < table.size(); r++) {
                Row row = sheet.createRow(r);
                List<String> values = table.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Spreadsheets.text(row, c, values.get(c), r == 0 ? header : null);
                }
            }
            sheet.createFreezePane(0, 1);
            notes(workbook, header, notes);
            return Spreadsheets.bytes(workbook);
        } finally {
            workbook.dispose();
        }
    }

    static byte[] rawCsv(List<List<String>> table) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(Spreadsheets.csvField(row.get(i)));
            }
            out.append("\r\n");
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[Spreadsheets.UTF8_BOM.length + text.length];
        System.arraycopy(Spreadsheets.UTF8_BOM, 0, all, 0, Spreadsheets.UTF8_BOM.length);
        System.arraycopy(text, 0, all, Spreadsheets.UTF8_BOM.length, text.length);
        return all;
    }

    /** One sheet per grouping: a row per group and rate with value, n, interval and the small-sample flag. */
    static byte[] ratesXlsx(List<SurveyTables.RateTable> tables, List<String[]> notes) {
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            CellStyle header = Spreadsheets.headerStyle(workbook);
            CellStyle percent = workbook.createCellStyle();
            percent.setDataFormat(workbook.createDataFormat().getFormat("0.0%"));
            String[] headers = {"指标", "分组代码", "分组", "认可数", "有效样本n", "比率", "95%下限", "95%上限", "样本不足（不排名）"};
            for (SurveyTables.RateTable table : tables) {
                Sheet sheet = workbook.createSheet(table.title());
                Row head = sheet.createRow(0);
                for (int c = 0; c < headers.length; c++) {
                    Spreadsheets.text(head, c, headers[c], header);
                    sheet.setColumnWidth(c, (c == 2 ? 20 : 11) * 256);
                }
                int r = 1;
                for (SurveyTables.RateRow group : table.rows()) {
                    for (int i = 0; i < table.rates().size(); i++) {
                        SurveyTables.Cell cell = group.cells().get(i);
                        if (cell == null) {
                            continue;
                        }
                        SurveyRates.Figure f = cell.figure();
                        Row row = sheet.createRow(r++);
                        Spreadsheets.text(row, 0, f.rate().label(), null);
                        Spreadsheets.text(row, 1, group.code(), null);
                        Spreadsheets.text(row, 2, group.name(), null);
                        row.createCell(3).setCellValue(f.favourable());
                        row.createCell(4).setCellValue(f.valid());
                        number(row, 5, f.value(), percent);
                        number(row, 6, f.low(), percent);
                        number(row, 7, f.high(), percent);
                        Spreadsheets.text(row, 8, f.smallSample() ? "是" : "否", null);
                    }
                }
                sheet.createFreezePane(0, 1);
            }
            notes(workbook, header, notes);
            return Spreadsheets.bytes(workbook);
        } finally {
            workbook.dispose();
        }
    }

    private static void notes(Workbook workbook, CellStyle header, List<String[]> notes) {
        Sheet about = workbook.createSheet("说明");
        about.setColumnWidth(0, 14 * 256);
        about.setColumnWidth(1, 70 * 256);
        for (int i = 0; i < notes.size(); i++) {
            Row row = about.createRow(i);
            Spreadsheets.text(row, 0, notes.get(i)[0], header);
            Spreadsheets.text(row, 1, notes.get(i)[1], null);
        }
    }

    private static void number(Row row, int column, double value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }



    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static String time(OffsetDateTime time) {
        return time == null ? "" : CityTime.full(time);
    }

}
