package cn.wenming.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;

/**
 * 整改周报 / 月通报: per responsible unit over one week (Monday to Sunday) or one calendar month, the
 * figures of {@link ReportFigures#byUnit(LocalDate, LocalDate, String)} and their total.
 *
 * @param scope 全市 or the one unit it covers
 * @param generated when it was made, city time
 */
public record Bulletin(Period period, String scope, String generated, List<ReportFigures.UnitFigures> units,
        ReportFigures.UnitFigures total) {

    static final String[] HEADERS = {"序号", "责任单位", "收到", "办结", "按期办结", "按期办结率", "超期办结", "超期未办结",
        "满意率", "平均办理时长"};

    static final List<String> NOTES = List.of(
            "说明：收到 = 期间内上报的件数；办结 = 期间内办结的件数；按期办结率 = 按期办结 ÷ 办结（已判定是否超期的）；",
            "超期办结 = 期间内办结但超过办理期限的件数；超期未办结 = 期末（本期未结束的按当前时间）已过办理期限仍未办结的件数；",
            "满意率 =（满意 + 基本满意）÷ 期间内的评价数；平均办理时长 = 签收至办结。");

    public String title() {
        return "随手拍" + period.title();
    }

    /** One week (Monday to Sunday) or one month, as [start, endExclusive). */
    public record Period(String kind, LocalDate start, LocalDate endExclusive) {

        /** The week or month containing {@code date}; anything but "month" is a week. */
        public static Period of(String kind, LocalDate date) {
            if ("month".equals(kind)) {
                LocalDate first = date.withDayOfMonth(1);
                return new Period("month", first, first.plusMonths(1));
            }
            LocalDate monday = date.with(DayOfWeek.MONDAY);
            return new Period("week", monday, monday.plusWeeks(1));
        }

        public boolean isMonth() {
            return "month".equals(kind);
        }

        public String title() {
            return isMonth() ? "月通报" : "整改周报";
        }

        public LocalDate last() {
            return endExclusive.minusDays(1);
        }

        /** "2026年11月" or "2026年第48周（11月23日—11月29日）". */
        public String label() {
            if (isMonth()) {
                return start.getYear() + "年" + start.getMonthValue() + "月";
            }
            return start.get(IsoFields.WEEK_BASED_YEAR) + "年第" + start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + "周（"
                    + start.getMonthValue() + "月" + start.getDayOfMonth() + "日—" + last().getMonthValue() + "月"
                    + last().getDayOfMonth() + "日）";
        }

        public Period previous() {
            return of(kind, start.minusDays(1));
        }

        public Period next() {
            return of(kind, endExclusive);
        }
    }
}
