package cn.wenming.core;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Checks at the edge for values that would otherwise fail deep inside (a varchar column, date
 * arithmetic past year 999 999 999, PostgreSQL refusing {@code \0}). Each throws {@link InvalidInput}
 * with a message that says what to change.
 */
public final class InputLimits {

    /** Dates a filter or a page may name: nothing here happened before 2000, and nothing is planned after 2099. */
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2099;

    private InputLimits() {
    }

    /** {@code value} (null allowed) when it has at most {@code max} characters, else an {@link InvalidInput} naming the field. */
    public static String maxLength(String value, int max, String field) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new InvalidInput(field + "不能超过" + max + "个字，请删减后重试。");
        }
        return value;
    }

    /** Whether the text holds a NUL character, which PostgreSQL text cannot store. */
    public static boolean hasNul(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    public static InvalidInput dateOutOfRange() {
        return new InvalidInput("日期超出范围：只能查询" + MIN_YEAR + "年至" + MAX_YEAR + "年之间的日期。");
    }

    public static boolean inRange(int year) {
        return year >= MIN_YEAR && year <= MAX_YEAR;
    }

    /** A yyyy-MM-dd day; empty when unreadable; {@link InvalidInput} when readable but outside the years above. */
    public static Optional<LocalDate> day(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (!inRange(day.getYear())) {
            throw dateOutOfRange();
        }
        return Optional.of(day);
    }

    /** A yyyy-MM month; empty when unreadable; {@link InvalidInput} when outside the years above. */
    public static Optional<YearMonth> month(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        YearMonth month;
        try {
            month = YearMonth.parse(text.strip());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (!inRange(month.getYear())) {
            throw dateOutOfRange();
        }
        return Optional.of(month);
    }

    /** Whether a parsed date-time lies in the years above (in its own offset; a day either side does no harm). */
    public static boolean inRange(OffsetDateTime at) {
        return at != null && inRange(at.getYear());
    }
}
