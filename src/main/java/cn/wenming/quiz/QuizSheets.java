package cn.wenming.quiz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The question bank as an XLSX sheet, one question a row, and back: the export's columns are the
 * import's layout (the figures after 启用 are for reading only and ignored on import).
 */
final class QuizSheets {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final List<String> HEADERS = List.of("编号", "题型", "主题", "题目", "选项（每行一个）", "答案", "知识条目",
            "解析", "难度", "启用", "作答次数", "正确率");
    private static final int[] WIDTHS = {16, 6, 14, 40, 30, 6, 24, 40, 6, 6, 10, 8};
    static final int MAX_ROWS = 5000;

    /** The sheet could not be read as a question sheet. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private QuizSheets() {
    }

    static byte[] write(List<QuizCatalog.Row> rows) {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle wrap = workbook.createCellStyle();
            wrap.setWrapText(true);
            Sheet sheet = workbook.createSheet("题库");
            Row head = sheet.createRow(0);
            for (int c = 0; c < HEADERS.size(); c++) {
                Cell cell = head.createCell(c);
                cell.setCellValue(HEADERS.get(c));
                cell.setCellStyle(header);
                sheet.setColumnWidth(c, WIDTHS[c] * 256);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (QuizCatalog.Row row : rows) {
                QuizQuestion q = row.question();
                Row line = sheet.createRow(r++);
                text(line, 0, q.id(), null);
                text(line, 1, q.type().label(), null);
                text(line, 2, q.topic(), null);
                text(line, 3, q.question(), wrap);
                text(line, 4, String.join("\n", q.options()), wrap);
                text(line, 5, QuizCatalog.answerText(q), null);
                text(line, 6, q.entryId(), null);
                text(line, 7, q.explanation(), wrap);
                line.createCell(8).setCellValue(q.difficulty());
                text(line, 9, q.enabled() ? "是" : "否", null);
                line.createCell(10).setCellValue(row.served());
                text(line, 11, row.correctRate() == null ? "" : Math.round(row.correctRate() * 100) + "%", null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of the first sheet by their number in the sheet (the header is row 1); blank rows skipped. */
    static Map<Integer, QuizCatalog.Draft> read(InputStream in) throws Unreadable {
        Map<Integer, QuizCatalog.Draft> drafts = new LinkedHashMap<>();
        try (Workbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            DataFormatter format = new DataFormatter();
            Row head = sheet.getRow(0);
            for (int c = 0; c < 10; c++) {
                String title = head == null ? "" : format.formatCellValue(head.getCell(c)).strip();
                if (!title.equals(HEADERS.get(c))) {
                    throw new Unreadable("表头与导出的格式不一致：第" + (c + 1) + "列应为“" + HEADERS.get(c) + "”");
                }
            }
            if (sheet.getLastRowNum() > MAX_ROWS) {
                throw new Unreadable("一次最多导入" + MAX_ROWS + "题");
            }
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                String[] v = new String[10];
                boolean blank = true;
                for (int c = 0; c < 10; c++) {
                    v[c] = format.formatCellValue(row.getCell(c)).strip();
                    blank &= v[c].isEmpty();
                }
                if (!blank) {
                    drafts.put(r + 1, new QuizCatalog.Draft(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                            !v[9].equals("否")));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("无法读取文件，请上传由“导出 XLSX”得到的 .xlsx 表格");
        }
        return drafts;
    }

    private static void text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value == null ? "" : value);
        if (style != null) {
            cell.setCellStyle(style);
        }
    }
}
