package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Working days and deadlines on the shipped holiday files (config/holidays-*.yml), and rejecting bad files. */
class WorkingCalendarTest {

    private static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    private static final WorkingCalendar CALENDAR = load("config");

    private static WorkingCalendar load(String dir) {
        try {
            return new WorkingCalendar(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An instant given in city time, e.g. "2026-10-09T18:30". */
    private static Instant city(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(CITY).toInstant();
    }

    /** The last instant (microsecond) of a city day: what a working-day deadline is. */
    private static Instant endOf(String date) {
        return LocalDate.parse(date).atTime(23, 59, 59, 999_999_000).atZone(CITY).toInstant();
    }

    private static ReportCategory.Deadline workingDays(int n) {
        return new ReportCategory.Deadline(null, n);
    }

    @ParameterizedTest(name = "{0} working: {1}")
    @CsvSource({
        "2026-01-02, false",  // Friday in 元旦
        "2026-01-03, false",  // Saturday in 元旦
        "2026-01-04, true",   // Sunday, 元旦调休
        "2026-01-05, true",   // plain Monday
        "2026-02-14, true",   // Saturday, 春节调休
        "2026-02-23, false",  // Monday, 正月初七
        "2026-02-28, true",   // Saturday, 春节调休
        "2026-03-07, false",  // plain Saturday
        "2026-03-08, false",  // plain Sunday
        "2026-10-07, false",  // Wednesday in 国庆
        "2026-10-10, true",   // Saturday, 国庆调休
        "2025-10-08, false",  // 2025 file: 国庆中秋 ran to Wednesday 8 October
        "2025-09-28, true",   // 2025 file: Sunday 调休
    })
    void aDayIsWorkingByWeekdayHolidayAndMakeUpDay(LocalDate day, boolean working) {
        assertThat(CALENDAR.isWorkingDay(day)).isEqualTo(working);
    }

    @Test
    void aDeadlineAcrossNationalDayJumpsTheHolidayAndCountsTheMakeUpSaturday() {
        // Signed Tuesday 29 Sep: 30 Sep (1), 1–7 Oct off, 8 Oct (2), 9 Oct (3), Sat 10 Oct (4), 11 Oct Sunday, 12 Oct (5)
        Instant start = city("2026-09-29T10:00");
        assertThat(CALENDAR.deadline(start, workingDays(3))).isEqualTo(endOf("2026-10-09"));
        assertThat(CALENDAR.deadline(start, workingDays(4))).isEqualTo(endOf("2026-10-10"));
        assertThat(CALENDAR.deadline(start, workingDays(5))).isEqualTo(endOf("2026-10-12"));
        // Sunday 20 Sep is a working day too: signed Saturday 19 Sep, one working day ends on that Sunday
        assertThat(CALENDAR.deadline(city("2026-09-19T09:00"), workingDays(1))).isEqualTo(endOf("2026-09-20"));
    }

    @Test
    void aDeadlineAcrossSpringFestivalCountsBothMakeUpSaturdays() {
        // Signed Friday 13 Feb: Sat 14 Feb (1), 15–23 Feb off, 24 Feb (2), 25 Feb (3)
        Instant start = city("2026-02-13T15:00");
        assertThat(CALENDAR.deadline(start, workingDays(1))).isEqualTo(endOf("2026-02-14"));
        assertThat(CALENDAR.deadline(start, workingDays(3))).isEqualTo(endOf("2026-02-25"));
        // 24–27 Feb (1–4), Sat 28 Feb (5)
        assertThat(CALENDAR.deadline(city("2026-02-23T11:00"), workingDays(5))).isEqualTo(endOf("2026-02-28"));
    }

    @Test
    void aFridayEveningStartCountsFromMonday() {
        Instant friday = city("2026-03-13T21:30");
        assertThat(CALENDAR.deadline(friday, workingDays(1))).isEqualTo(endOf("2026-03-16"));
        assertThat(CALENDAR.deadline(friday, workingDays(3))).isEqualTo(endOf("2026-03-18"));
    }

    @Test
    void theStartDayIsTheCityDayNotTheUtcDay() {
        // 02:00 Monday in the city is still Sunday in UTC; counted in UTC the deadline would be a day early
        assertThat(CALENDAR.deadline(city("2026-03-16T02:00"), workingDays(1))).isEqualTo(endOf("2026-03-17"));
        // 23:30 Friday in the city is 15:30 UTC the same day: the start day is Friday either way
        assertThat(CALENDAR.deadline(city("2026-03-13T23:30"), workingDays(1))).isEqualTo(endOf("2026-03-16"));
    }

    @Test
    void aStartOnAHolidayCountsFromTheFirstWorkingDayAfterIt() {
        // Signed Saturday 3 Oct, in 国庆: 8 Oct is the first working day
        assertThat(CALENDAR.deadline(city("2026-10-03T10:00"), workingDays(1))).isEqualTo(endOf("2026-10-08"));
        // Signed Friday 1 May, 劳动节: 6, 7, 8 May, then Saturday 9 May (调休)
        assertThat(CALENDAR.deadline(city("2026-05-01T08:00"), workingDays(3))).isEqualTo(endOf("2026-05-08"));
        assertThat(CALENDAR.deadline(city("2026-05-01T08:00"), workingDays(4))).isEqualTo(endOf("2026-05-09"));
    }

    @Test
    void theMakeUpSundayAfterNewYearCountsEvenFromTheYearBefore() {
        // Signed Wednesday 31 Dec 2025 (2025 file): 1–3 Jan 2026 off (2026 file), Sunday 4 Jan works
        assertThat(CALENDAR.deadline(city("2025-12-31T16:00"), workingDays(1))).isEqualTo(endOf("2026-01-04"));
        assertThat(CALENDAR.deadline(city("2025-12-31T16:00"), workingDays(2))).isEqualTo(endOf("2026-01-05"));
    }

    @Test
    void hoursAreElapsedHoursAcrossMidnightAndHolidays() {
        Instant late = city("2026-03-13T22:00");
        assertThat(CALENDAR.deadline(late, new ReportCategory.Deadline(4, null))).isEqualTo(city("2026-03-14T02:00"));
        assertThat(CALENDAR.deadline(late, new ReportCategory.Deadline(24, null))).isEqualTo(city("2026-03-14T22:00"));
        // the eve of 国庆: 24 hours later is in the holiday all the same
        assertThat(CALENDAR.deadline(city("2026-09-30T20:00"), new ReportCategory.Deadline(24, null)))
                .isEqualTo(city("2026-10-01T20:00"));
    }

    @Test
    void aDeadlineNeedsExactlyOnePositiveAmount() {
        Instant start = city("2026-03-13T10:00");
        assertThatThrownBy(() -> CALENDAR.deadline(start, new ReportCategory.Deadline(null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CALENDAR.deadline(start, new ReportCategory.Deadline(24, 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CALENDAR.deadline(start, workingDays(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workingDaysBetweenCountsTheDaysAfterTheStartDayUpToTheEndDay() {
        // 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct, 12 Oct
        assertThat(CALENDAR.workingDaysBetween(city("2026-09-29T10:00"), city("2026-10-12T08:00"))).isEqualTo(5);
        assertThat(CALENDAR.workingDaysBetween(city("2026-10-12T08:00"), city("2026-09-29T10:00"))).isEqualTo(-5);
        assertThat(CALENDAR.workingDaysBetween(city("2026-10-02T00:00"), city("2026-10-07T23:59"))).isZero();
        // overdue: 0 on the deadline day, 1 from the first instant of the next working day
        Instant deadline = endOf("2026-10-09");
        assertThat(CALENDAR.workingDaysBetween(deadline, deadline)).isZero();
        assertThat(CALENDAR.workingDaysBetween(deadline, deadline.plusNanos(1_000))).isEqualTo(1);
    }

    @ParameterizedTest(name = "from {0}, {1} working days")
    @CsvSource({
        "2026-09-29T10:00, 5",
        "2026-02-13T23:59, 7",
        "2026-01-03T00:00, 2",
        "2026-05-01T08:00, 10",
        "2026-12-30T09:00, 3",   // into 2027: provisional file
    })
    void theDeadlineIsTheDayWhereWorkingDaysBetweenReachesN(String start, int n) {
        Instant from = city(start);
        Instant deadline = CALENDAR.deadline(from, workingDays(n));
        assertThat(CALENDAR.workingDaysBetween(from, deadline)).isEqualTo(n);
        assertThat(CALENDAR.isWorkingDay(LocalDate.ofInstant(deadline, CITY))).isTrue();
        assertThat(CALENDAR.workingDaysBetween(from, deadline.minus(Duration.ofDays(1)))).isEqualTo(n - 1);
    }

    @Test
    void onlyYearsWithTheOfficialScheduleAreCovered() {
        assertThat(CALENDAR.coversYear(2025)).isTrue();
        assertThat(CALENDAR.coversYear(2026)).isTrue();
        assertThat(CALENDAR.coversYear(2027)).as("2027 is provisional").isFalse();
        assertThat(CALENDAR.coversYear(2028)).isFalse();
        // the provisional file still counts: Friday 1 Oct 2027 is 国庆
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2027, 10, 1))).isFalse();
        // no file: weekends only
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2028, 1, 3))).isTrue();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2028, 1, 1))).isFalse();
    }

    @Test
    void anEmptyDirectoryCountsWeekendsOnly(@TempDir Path dir) {
        WorkingCalendar weekendsOnly = load(dir.toString());
        assertThat(weekendsOnly.coversYear(2026)).isFalse();
        assertThat(weekendsOnly.isWorkingDay(LocalDate.of(2026, 10, 1))).isTrue();
        assertThat(weekendsOnly.isWorkingDay(LocalDate.of(2026, 1, 4))).isFalse();
    }

    @Test
    void aMissingDirectoryIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> new WorkingCalendar(dir.resolve("nope").toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holidays-dir");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        holidays: [{date: 2026-10-10}] | workdays: [{date: 2026-10-10}] | 2026-10-10 is both a holiday and a workday
        holidays: [{date: 2025-12-31}] | workdays: []                   | 2025-12-31 is not in the file's year 2026
        holidays: []                   | workdays: [{date: 2027-01-02}] | 2027-01-02 is not in the file's year 2026
        holidays: []                   | workdays: [{date: 2026-10-09}] | workday 2026-10-09 is a FRIDAY
        holidays: [{date: 2026-02-30}] | workdays: []                   | without a valid date
        holidays: [{name: 国庆节}]      | workdays: []                   | without a valid date
        holidays: {date: 2026-10-01}   | workdays: []                   | 'holidays' must be a list
        """)
    void aBadFileIsRefusedWithItsNameAndTheProblem(String holidays, String workdays, String problem,
            @TempDir Path dir) throws IOException {
        Path file = dir.resolve("holidays-2026.yml");
        Files.writeString(file, "year: 2026\n" + holidays + "\n" + workdays + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new WorkingCalendar(dir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(problem);
    }

    @Test
    void aFileWithoutYearOrAYearTwiceIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("holidays-2026.yml"), "holidays: [{date: 2026-10-01}]\n");
        assertThatThrownBy(() -> new WorkingCalendar(dir.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs 'year: YYYY'");

        Files.writeString(dir.resolve("holidays-2026.yml"), "year: 2026\nholidays: [{date: 2026-10-01}]\n");
        Files.writeString(dir.resolve("holidays-2027.yml"), "year: 2026\nholidays: [{date: 2026-10-02}]\n");
        assertThatThrownBy(() -> new WorkingCalendar(dir.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("repeats year 2026");
    }
}
