package cn.wenming.inspection;

import cn.wenming.core.CityTime;
import cn.wenming.core.Spreadsheets;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * The three ledgers the campaign keeps (点位台账、问题台账、整改台账) as XLSX, from the same figures the
 * dashboard shows. Scores are numbers in the cells (Excel sums them); everything else text.
 */
@Component
class InspectionLedgers {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A ledger: its download name and its columns with widths in characters. */
    enum Ledger {
        POINTS("点位台账", List.of(col("点位编号", 14), col("点位名称", 18), col("类型", 10), col("街道", 10),
                col("社区", 10), col("包保单位", 20), col("责任人", 10), col("纬度", 10), col("经度", 11),
                col("测评次数", 8), col("最近测评轮次", 18), col("最近测评时间", 16), col("最近得分", 8),
                col("最近合格率%", 10), col("累计问题", 8), col("待整改", 8), col("超期整改", 8), col("历次得分", 24))),
        PROBLEMS("问题台账", List.of(col("测评轮次", 18), col("方式", 8), col("测评时间", 16), col("点位编号", 14),
                col("点位名称", 18), col("条目编号", 9), col("测评内容", 36), col("发现数量", 8), col("情况说明", 30),
                col("测评员", 14), col("工单号", 14), col("责任单位", 20), col("工单状态", 10))),
        RECTIFICATIONS("整改台账", List.of(col("工单号", 14), col("测评轮次", 18), col("点位名称", 18),
                col("条目编号", 9), col("问题", 36), col("责任单位", 20), col("派单时间", 16), col("整改期限", 16),
                col("整改状态", 10), col("办结时间", 16), col("是否按期", 8), col("整改情况", 36), col("整改前照片", 9),
                col("整改后照片", 9)));

        private final String title;
        private final List<Column> columns;

        Ledger(String title, List<Column> columns) {
            this.title = title;
            this.columns = columns;
        }

        String title() {
            return title;
        }

        List<String> headers() {
            return columns.stream().map(Column::name).toList();
        }
    }

    private record Column(String name, int width) {
    }

    private static Column col(String name, int width) {
        return new Column(name, width);
    }

    private final InspectionFigures figures;

    InspectionLedgers(InspectionFigures figures) {
        this.figures = figures;
    }

    byte[] xlsx(Ledger ledger) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet sheet = workbook.createSheet(ledger.title());
            CellStyle header = Spreadsheets.headerStyle(workbook);
            Row head = sheet.createRow(0);
            for (int c = 0; c < ledger.columns.size(); c++) {
                Spreadsheets.text(head, c, ledger.columns.get(c).name(), header);
                sheet.setColumnWidth(c, ledger.columns.get(c).width() * 256);
            }
            sheet.createFreezePane(0, 1);
            List<List<Object>> rows = switch (ledger) {
                case POINTS -> points();
                case PROBLEMS -> problems();
                case RECTIFICATIONS -> rectifications();
            };
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    if (value instanceof Number number) {
                        row.createCell(c).setCellValue(number.doubleValue());
                    } else {
                        Spreadsheets.text(row, c, value == null ? "" : value.toString(), null);
                    }
                }
            }
            return Spreadsheets.bytes(workbook);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<List<Object>> points() {
        return figures.latest().stream().map(l -> List.<Object>of(l.point().code(), l.point().name(), l.typeName(),
                text(l.point().street()), text(l.point().community()), l.point().unit(), text(l.point().person()),
                l.point().latitude(), l.point().longitude(), l.visits(), l.round() == null ? "未测评" : l.round().title(),
                l.visit() == null ? "" : time(l.visit().visitedAt()), number(l.score()), number(l.passRate()),
                l.problems(), l.open(), l.overdue(),
                l.scores().stream().map(s -> s == null ? "-" : s.toPlainString()).collect(Collectors.joining(" → "))))
                .toList();
    }

    private List<List<Object>> problems() {
        return figures.problems().stream().map(p -> List.<Object>of(p.round().title(), p.round().kind().label(),
                time(p.round().startedAt()), p.point().code(), p.point().name(), p.mark().itemCode(),
                p.mark().itemText(), p.mark().counted() == null ? "" : p.mark().counted(), text(p.mark().note()),
                text(p.inspector()), p.mark().reportTicket(),
                p.status() == null ? "" : p.status().unit(), p.status() == null ? "工单缺失" : p.status().stateLabel()))
                .toList();
    }

    private List<List<Object>> rectifications() {
        return figures.problems().stream().map(p -> {
            var s = p.status();
            return List.<Object>of(p.mark().reportTicket(), p.round().title(), p.point().name(), p.mark().itemCode(),
                    p.mark().itemText(), s == null ? "" : s.unit(), s == null ? "" : time(s.dispatchedAt()),
                    s == null || s.dueAt() == null ? "签收后起算" : time(s.dueAt()), p.rectification(),
                    s == null ? "" : time(s.resolvedAt()),
                    s == null || s.finishedLate() == null ? "" : s.finishedLate() ? "否" : "是",
                    s == null ? "" : text(s.lastNote()), s == null ? 0 : s.beforePhotos().size(),
                    s == null ? 0 : s.afterPhotos().size());
        }).toList();
    }

    private static Object number(BigDecimal value) {
        return value == null ? "" : value;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String time(OffsetDateTime at) {
        return at == null ? "" : TIME.format(at.atZoneSameInstant(CityTime.ZONE));
    }
}
