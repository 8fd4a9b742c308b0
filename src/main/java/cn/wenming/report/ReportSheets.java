package cn.wenming.report;

import cn.wenming.core.Spreadsheets;
import cn.wenming.core.CityTime;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes the staff exports: the report list as XLSX and CSV, and the per-unit bulletin as XLSX. Only
 * what {@link ReportSearch.Row} carries goes out — never an openid; the phone masked, and left out
 * altogether for a unit when the resident asked to stay anonymous to it.
 */
final class ReportSheets {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** One column of the report list: header, width in characters, and the value of a row. */
    private record Column(String header, int width, Function<ReportSearch.Row, Object> value) {
    }

    private ReportSheets() {
    }

    /** The report list's columns; {@code hideAnonymousPhone} for a unit's own export. */
    private static List<Column> columns(boolean hideAnonymousPhone) {
        return List.of(
                new Column("编号", 16, ReportSearch.Row::ticketNo),
                new Column("类别", 18, ReportSearch.Row::categoryName),
                new Column("状态", 8, r -> r.state().label()),
                new Column("区", 8, ReportSearch.Row::districtName),
                new Column("街道", 10, ReportSearch.Row::streetName),
                new Column("社区", 10, ReportSearch.Row::communityName),
                new Column("责任单位", 20, ReportSearch.Row::unitName),
                new Column("地址", 24, ReportSearch.Row::address),
                new Column("描述", 40, ReportSearch.Row::description),
                new Column("联系电话", 14, r -> r.phoneMasked() == null ? null
                        : hideAnonymousPhone && r.anonymous() ? "（匿名）" : r.phoneMasked()),
                new Column("上报时间", 17, ReportSearch.Row::createdAt),
                new Column("办理期限", 17, ReportSearch.Row::dueAt),
                new Column("办结时间", 17, ReportSearch.Row::resolvedAt),
                new Column("超期未办结", 10, r -> r.overdue() ? "是" : "否"),
                new Column("按期办结", 10, r -> r.finishedLate() == null ? null : r.finishedLate() ? "否" : "是"),
                new Column("有照片", 8, r -> r.hasPhoto() ? "是" : "否"),
                new Column("评价", 10, r -> r.ratingLabel().isEmpty() ? null : r.ratingLabel()));
    }

    /** The report list as a workbook: sheet 随手拍 (header + rows), sheet 说明 (filter, time, limit). */
    static byte[] reportsXlsx(List<ReportSearch.Row> rows, boolean hideAnonymousPhone, List<String[]> notes) {
        List<Column> columns = columns(hideAnonymousPhone);
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            workbook.setCompressTempFiles(true);
            CellStyle header = Spreadsheets.headerStyle(workbook);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            Sheet sheet = workbook.createSheet("随手拍");
            Row head = sheet.createRow(0);
            for (int c = 0; c < columns.size(); c++) {
                Spreadsheets.text(head, c, columns.get(c).header(), header);
                sheet.setColumnWidth(c, columns.get(c).width() * 256);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (ReportSearch.Row report : rows) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < columns.size(); c++) {
                    Object value = columns.get(c).value().apply(report);
                    if (value instanceof OffsetDateTime time) {
                        Cell cell = row.createCell(c);
                        cell.setCellValue(local(time));
                        cell.setCellStyle(date);
                    } else if (value != null) {
                        row.createCell(c).setCellValue(value.toString());
                    }
                }
            }
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r - 1), 0, columns.size() - 1));
            Sheet about = workbook.createSheet("说明");
            about.setColumnWidth(0, 14 * 256);
            about.setColumnWidth(1, 60 * 256);
            for (int i = 0; i < notes.size(); i++) {
                Row row = about.createRow(i);
                Spreadsheets.text(row, 0, notes.get(i)[0], header);
                Spreadsheets.text(row, 1, notes.get(i)[1], null);
            }
            return Spreadsheets.bytes(workbook);
        } finally {
            workbook.dispose();
        }
    }

    /** The report list as CSV for Excel on Chinese Windows: UTF-8 with a BOM, CRLF, RFC 4180 quoting. */
    static byte[] reportsCsv(List<ReportSearch.Row> rows, boolean hideAnonymousPhone) {
        List<Column> columns = columns(hideAnonymousPhone);
        StringBuilder out = new StringBuilder();
        line(out, columns.stream().map(c -> (Object) c.header()).toList());
        for (ReportSearch.Row report : rows) {
            line(out, columns.stream().map(c -> {
                Object value = c.value().apply(report);
                return value instanceof OffsetDateTime time ? CityTime.full(time) : value;
            }).toList());
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[Spreadsheets.UTF8_BOM.length + text.length];
        System.arraycopy(Spreadsheets.UTF8_BOM, 0, all, 0, Spreadsheets.UTF8_BOM.length);
        System.arraycopy(text, 0, all, Spreadsheets.UTF8_BOM.length, text.length);
        return all;
    }

    /** The bulletin: title, period, one row per unit, the total, and how each figure is counted. */
    static byte[] bulletinXlsx(Bulletin bulletin) {
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            CellStyle header = Spreadsheets.headerStyle(workbook);
            CellStyle percent = workbook.createCellStyle();
            percent.setDataFormat(workbook.createDataFormat().getFormat("0.0%"));
            CellStyle title = workbook.createCellStyle();
            Font big = workbook.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 16);
            title.setFont(big);
            title.setAlignment(HorizontalAlignment.CENTER);
            Sheet sheet = workbook.createSheet(bulletin.period().title());
            String[] headers = Bulletin.HEADERS;
            int[] widths = {6, 26, 8, 8, 10, 12, 10, 12, 10, 16};
            for (int c = 0; c < widths.length; c++) {
                sheet.setColumnWidth(c, widths[c] * 256);
            }
            Spreadsheets.text(sheet.createRow(0), 0, bulletin.title(), title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, headers.length - 1));
            Spreadsheets.text(sheet.createRow(1), 0, "统计期间：" + bulletin.period().label() + "　范围：" + bulletin.scope()
                    + "　生成时间：" + bulletin.generated(), null);
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, headers.length - 1));
            Row head = sheet.createRow(2);
            for (int c = 0; c < headers.length; c++) {
                Spreadsheets.text(head, c, headers[c], header);
            }
            int r = 3;
            int n = 1;
            for (ReportFigures.UnitFigures unit : bulletin.units()) {
                unitRow(sheet.createRow(r++), String.valueOf(n++), unit, percent, null);
            }
            unitRow(sheet.createRow(r++), "", bulletin.total(), percent, header);
            r++;
            for (String note : Bulletin.NOTES) {
                Spreadsheets.text(sheet.createRow(r), 0, note, null);
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, headers.length - 1));
                r++;
            }
            return Spreadsheets.bytes(workbook);
        } finally {
            workbook.dispose();
        }
    }

    private static void unitRow(Row row, String number, ReportFigures.UnitFigures u, CellStyle percent, CellStyle bold) {
        Spreadsheets.text(row, 0, number, bold);
        Spreadsheets.text(row, 1, u.unit(), bold);
        row.createCell(2).setCellValue(u.received());
        row.createCell(3).setCellValue(u.resolved());
        row.createCell(4).setCellValue(u.onTime().part());
        rate(row, 5, u.onTime(), percent);
        row.createCell(6).setCellValue(u.finishedLate());
        row.createCell(7).setCellValue(u.overdueOpen());
        rate(row, 8, u.satisfaction(), percent);
        Spreadsheets.text(row, 9, u.avgHandling(), null);
    }

    private static void rate(Row row, int column, ReportFigures.Rate rate, CellStyle percent) {
        Cell cell = row.createCell(column);
        if (rate.known()) {
            cell.setCellValue(rate.value());
            cell.setCellStyle(percent);
        } else {
            cell.setCellValue("—");
        }
    }



    private static LocalDateTime local(OffsetDateTime time) {
        return time.atZoneSameInstant(CityTime.ZONE).toLocalDateTime();
    }


    private static void line(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(Spreadsheets.csvField(values.get(i)));
        }
        out.append("\r\n");
    }
}
