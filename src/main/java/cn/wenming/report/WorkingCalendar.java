package cn.wenming.report;

import cn.wenming.core.CityTime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Which days are working days for 随手拍 deadlines: Monday to Friday, except the public holidays, plus
 * the weekend make-up days (调休上班) — both from the State Council's yearly notice, one file per year
 * (config/holidays-YYYY.yml). A year without a file counts weekends only.
 *
 * <p>A deadline of N working days ends at the end of the Nth working day after the day of 签收: the day
 * of 签收 itself never counts, as in 民法典 art. 201 (期间开始的当日不计入) and art. 203 (最后一日的截止
 * 时间为二十四时). Days are those of the city ({@link CityTime#ZONE}), not UTC.
 */
@Component
public class WorkingCalendar {

    private static final Logger log = LoggerFactory.getLogger(WorkingCalendar.class);
    private static final ZoneId ZONE = CityTime.ZONE;

    private final Set<LocalDate> holidays = new HashSet<>();
    private final Set<LocalDate> workdays = new HashSet<>();
    private final Set<Integer> years = new TreeSet<>();
    /** Years whose file says {@code provisional: true}: used, but not trusted to be complete. */
    private final Set<Integer> provisional = new TreeSet<>();

    WorkingCalendar(@Value("${wenming.report.holidays-dir:config}") String dir) throws IOException {
        Path directory = Path.of(dir);
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("wenming.report.holidays-dir " + directory.toAbsolutePath()
                    + " is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "holidays-*.yml")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            load(file);
        }
        // Next year's notice comes out in November; say so while it is still missing, not on 1 January.
        int thisYear = LocalDate.now(ZONE).getYear();
        for (int year = thisYear; year <= thisYear + 1; year++) {
            if (!years.contains(year)) {
                log.warn("No {}/holidays-{}.yml: working-day deadlines in {} count weekends only, no public "
                        + "holidays or 调休", directory, year, year);
            } else if (provisional.contains(year)) {
                log.warn("{}/holidays-{}.yml is provisional: working-day deadlines in {} may be wrong until it "
                        + "holds the State Council's notice", directory, year, year);
            }
        }
    }

    /** Monday to Friday unless a public holiday; Saturday and Sunday only if a make-up working day. */
    public boolean isWorkingDay(LocalDate day) {
        if (holidays.contains(day)) {
            return false;
        }
        if (workdays.contains(day)) {
            return true;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * When a unit that signed for a report at {@code start} must have handled it. Hours are elapsed
     * hours, nights and holidays included. Working days end at the last microsecond of the Nth working
     * day after the start day (city time): the last instant PostgreSQL's timestamptz can hold, so a
     * stored deadline does not round up to the next midnight.
     */
    public Instant deadline(Instant start, ReportCategory.Deadline deadline) {
        if ((deadline.hours() == null) == (deadline.workingDays() == null)) {
            throw new IllegalArgumentException("A deadline needs either hours or working days: " + deadline);
        }
        if (deadline.hours() != null) {
            return start.plus(Duration.ofHours(positive(deadline.hours(), deadline)));
        }
        LocalDate day = LocalDate.ofInstant(start, ZONE);
        for (int left = positive(deadline.workingDays(), deadline); left > 0; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        return day.plusDays(1).atStartOfDay(ZONE).toInstant().minus(1, ChronoUnit.MICROS);
    }

    /**
     * Working days after the city date of {@code from} up to and including that of {@code to}; negative
     * when {@code to} is earlier. So {@code workingDaysBetween(start, deadline(start, N working days))}
     * is N, and {@code workingDaysBetween(deadline, now)} is how many working days a report is overdue
     * (0 on the deadline day itself).
     */
    public int workingDaysBetween(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, ZONE);
        LocalDate last = LocalDate.ofInstant(to, ZONE);
        if (last.isBefore(first)) {
            return -workingDaysBetween(to, from);
        }
        int count = 0;
        for (LocalDate day = first.plusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    /** Whether the year's official schedule is loaded (a file that is not marked provisional). */
    public boolean coversYear(int year) {
        return years.contains(year) && !provisional.contains(year);
    }

    private void load(Path file) throws IOException {
        Map<?, ?> root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new DatesAsText()).load(reader);
        }
        if (root == null || !(root.get("year") instanceof Integer year)) {
            throw invalid(file, "needs 'year: YYYY'");
        }
        if (!years.add(year)) {
            throw invalid(file, "repeats year " + year + ", which another holidays-*.yml already gave");
        }
        if (Boolean.TRUE.equals(root.get("provisional"))) {
            provisional.add(year);
        }
        Set<LocalDate> off = dates(file, root, "holidays", year);
        Set<LocalDate> on = dates(file, root, "workdays", year);
        for (LocalDate day : on) {
            if (off.contains(day)) {
                throw invalid(file, day + " is both a holiday and a workday");
            }
            // A weekday in 'workdays' would change nothing: most likely a typo for another date.
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                throw invalid(file, "workday " + day + " is a " + day.getDayOfWeek() + ", not a weekend day");
            }
        }
        holidays.addAll(off);
        workdays.addAll(on);
    }

    private static Set<LocalDate> dates(Path file, Map<?, ?> root, String key, int year) {
        Object raw = root.get(key);
        if (raw == null) {
            return Set.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw invalid(file, "'" + key + "' must be a list of {date: YYYY-MM-DD, name: ...}");
        }
        Set<LocalDate> days = new HashSet<>();
        for (Object item : list) {
            Object text = item instanceof Map<?, ?> map ? map.get("date") : null;
            LocalDate day;
            try {
                day = LocalDate.parse(String.valueOf(text));
            } catch (DateTimeParseException e) {
                throw invalid(file, "'" + key + "' has an entry without a valid date (YYYY-MM-DD): " + item);
            }
            if (day.getYear() != year) {
                throw invalid(file, key + " date " + day + " is not in the file's year " + year);
            }
            days.add(day);
        }
        return days;
    }

    private static int positive(int value, ReportCategory.Deadline deadline) {
        if (value <= 0) {
            throw new IllegalArgumentException("A deadline must be positive: " + deadline);
        }
        return value;
    }

    private static IllegalStateException invalid(Path file, String problem) {
        return new IllegalStateException(file + " " + problem);
    }

    /**
     * Safe YAML that leaves dates as text: SnakeYAML would otherwise turn 2026-02-30 into a
     * java.util.Date of 2 March without complaint; LocalDate.parse refuses it.
     */
    private static final class DatesAsText extends SafeConstructor {

        DatesAsText() {
            super(new LoaderOptions());
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }
}
