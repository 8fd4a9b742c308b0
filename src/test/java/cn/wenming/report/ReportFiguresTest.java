package cn.wenming.report;

import cn.wenming.core.Spreadsheets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

/** The formulas, filters, periods and text rules behind the figures, without a server. */
class ReportFiguresTest {

    @Test
    void ratesAreShownAsPercentagesAndUnknownWhenNothingWasCounted() {
        assertThat(new ReportFigures.Rate(3, 4).percent()).isEqualTo("75%");
        assertThat(new ReportFigures.Rate(2, 3).percent()).isEqualTo("66.7%");
        assertThat(new ReportFigures.Rate(1, 1).percent()).isEqualTo("100%");
        assertThat(new ReportFigures.Rate(0, 0).percent()).isEqualTo("—");
        assertThat(new ReportFigures.Rate(0, 0).known()).isFalse();
        assertThat(new ReportFigures.Rate(0, 5).value()).isZero();
    }

    @Test
    void theRankingScoreWeighsOnTimeAndSatisfactionAndCopesWithoutRatings() {
        ReportFigures.UnitFigures rated = new ReportFigures.UnitFigures("甲", 5, 5, new ReportFigures.Rate(4, 5), 1, 0,
                new ReportFigures.Rate(1, 2), null);
        assertThat(rated.score()).isCloseTo(0.6 * 0.8 + 0.4 * 0.5, org.assertj.core.data.Offset.offset(1e-9));
        ReportFigures.UnitFigures unrated = new ReportFigures.UnitFigures("乙", 5, 5, new ReportFigures.Rate(3, 5), 2, 0,
                new ReportFigures.Rate(0, 0), null);
        assertThat(unrated.score()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        ReportFigures.UnitFigures total = ReportFigures.total(java.util.List.of(rated, unrated));
        assertThat(total.onTime()).isEqualTo(new ReportFigures.Rate(7, 10));
        assertThat(total.satisfaction()).isEqualTo(new ReportFigures.Rate(1, 2));
        assertThat(total.finishedLate()).isEqualTo(3);
    }

    @Test
    void durationsReadNaturally() {
        assertThat(ReportFigures.duration(Duration.ofMinutes(40))).isEqualTo("40分钟");
        assertThat(ReportFigures.duration(Duration.ofMinutes(16 * 60 + 15))).isEqualTo("16小时15分钟");
        assertThat(ReportFigures.duration(Duration.ofHours(26))).isEqualTo("1天2小时");
        assertThat(ReportFigures.duration(Duration.ofDays(3))).isEqualTo("3天");
        assertThat(ReportFigures.duration((Double) null)).isEqualTo("—");
    }

    @Test
    void aFilterReadsRequestParametersLeniently() {
        Map<String, String> params = new HashMap<>();
        params.put("state", "RESOLVED");
        params.put("category", " parking ");
        params.put("district", "");
        params.put("from", "2026-11-30");
        params.put("to", "2026-11-01");
        params.put("overdue", "true");
        params.put("hasPhoto", "maybe");
        ReportFilter filter = ReportFilter.fromParams(params);
        assertThat(filter.state()).isEqualTo(ReportState.RESOLVED);
        assertThat(filter.categoryCode()).isEqualTo("parking");
        assertThat(filter.districtName()).isNull();
        // Swapped dates are put the right way round.
        assertThat(filter.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(filter.to()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(filter.overdue()).isTrue();
        assertThat(filter.hasPhoto()).isNull();
        assertThat(ReportFilter.fromParams(Map.of("state", "NOPE", "from", "30/11/2026"))).isEqualTo(ReportFilter.ANY);
        assertThat(filter.toParams()).containsEntry("state", "RESOLVED").containsEntry("to", "2026-11-30")
                .doesNotContainKey("district");
        assertThat(ReportFilter.ANY.describe()).isEqualTo("全部");
    }

    @Test
    void aHandlerIsAlwaysHeldToTheirOwnUnit() {
        ReportFilter asked = ReportFilter.fromParams(Map.of("unit", "别的单位", "district", "明湖区"));
        Staff handler = new Staff(1, "h", "张三", StaffRole.HANDLER, "荷风社区居委会", true);
        assertThat(asked.forStaff(handler).unitName()).isEqualTo("荷风社区居委会");
        assertThat(asked.forStaff(handler).districtName()).isEqualTo("明湖区");
        assertThat(ReportFilter.ANY.forStaff(handler).unitName()).isEqualTo("荷风社区居委会");
        Staff dispatcher = new Staff(2, "d", "李四", StaffRole.DISPATCHER, null, true);
        assertThat(asked.forStaff(dispatcher).unitName()).isEqualTo("别的单位");
        Staff unitless = new Staff(3, "x", "王五", StaffRole.HANDLER, " ", true);
        assertThatThrownBy(() -> asked.forStaff(unitless)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void periodsAreMondayToSundayWeeksAndCalendarMonths() {
        Bulletin.Period week = Bulletin.Period.of("week", LocalDate.of(2026, 12, 3));
        assertThat(week.start()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(week.endExclusive()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(week.label()).isEqualTo("2026年第49周（11月30日—12月6日）");
        assertThat(week.title()).isEqualTo("整改周报");
        assertThat(week.previous().start()).isEqualTo(LocalDate.of(2026, 11, 23));
        Bulletin.Period month = Bulletin.Period.of("month", LocalDate.of(2024, 2, 29));
        assertThat(month.start()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(month.last()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(month.label()).isEqualTo("2024年2月");
        assertThat(month.title()).isEqualTo("月通报");
        assertThat(month.next().start()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(Bulletin.Period.of("anything", LocalDate.of(2026, 12, 6)).start()).isEqualTo(week.start());
    }

    @Test
    void theBoardMasksNumbersPlatesAndLongText() {
        assertThat(ReportBoard.scrub("车主电话13912345678，快来")).isEqualTo("车主电话139****5678，快来");
        assertThat(ReportBoard.scrub("湘A12345 停在盲道")).isEqualTo("湘A·**** 停在盲道");
        assertThat(ReportBoard.scrub("身份证号430102199001011234")).doesNotContain("199001011234");
        assertThat(ReportBoard.scrub("座机 0731-88886666")).isEqualTo("座机 0731-********");
        assertThat(ReportBoard.scrub("3栋201室")).isEqualTo("3栋201室");
        assertThat(ReportBoard.scrub("长".repeat(200))).hasSize(81).endsWith("…");
        assertThat(ReportBoard.scrub(null)).isEmpty();
        assertThat(ReportBoard.area("明湖区", "书院街道", "书香社区")).isEqualTo("明湖区 · 书香社区");
        assertThat(ReportBoard.area("明湖区", "书院街道", null)).isEqualTo("明湖区 · 书院街道");
        assertThat(ReportBoard.area(null, null, null)).isEqualTo("市区");
    }

    @Test
    void csvFieldsAreQuotedAndNeverRunAsFormulas() {
        assertThat(Spreadsheets.csvField("普通文字")).isEqualTo("普通文字");
        assertThat(Spreadsheets.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(Spreadsheets.csvField("他说\"好\"")).isEqualTo("\"他说\"\"好\"\"\"");
        assertThat(Spreadsheets.csvField("两\n行")).isEqualTo("\"两\n行\"");
        assertThat(Spreadsheets.csvField("=1+1")).isEqualTo("'=1+1");
        assertThat(Spreadsheets.csvField("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Spreadsheets.csvField("-2,3")).isEqualTo("\"'-2,3\"");
        assertThat(Spreadsheets.csvField(null)).isEmpty();
    }
}
