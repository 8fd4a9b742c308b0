package cn.wenming.core;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The city's clock: what residents and staff read is in Beijing time, whatever the server's zone. */
public final class CityTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private CityTime() {
    }

    /** "11-30 15:20", short enough for a phone line. */
    public static String shortForm(OffsetDateTime time) {
        return time == null ? "" : time.atZoneSameInstant(ZONE).format(SHORT);
    }

    /** "2026-11-30 15:20". */
    public static String full(OffsetDateTime time) {
        return time == null ? "" : time.atZoneSameInstant(ZONE).format(FULL);
    }
}
