package cn.wenming.report;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A report as its reporter (or a follower) may see it: no openid, the phone only masked.
 *
 * @param following true when the resident follows someone else's report
 */
public record ReportView(long id, String ticketNo, String categoryCode, String categoryName, ReportState state,
        String address, Double latitude, Double longitude, String description, String unitName,
        String communityName, String phoneMasked, boolean anonymous, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, boolean following, List<Step> history, List<PhotoRef> photos) {

    /** One entry of the timeline. */
    public record Step(ReportState state, String actor, String note, OffsetDateTime at) {

        /** When, in the city's time, short enough for a phone line. */
        public String when() {
            return cityTime(at);
        }
    }

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    static String cityTime(OffsetDateTime time) {
        return time.atZoneSameInstant(ReportService.CITY_ZONE).format(SHORT);
    }

    /** A photo by its unguessable id; {@code pending} until WeChat hands it over. */
    public record PhotoRef(String id, String stage, boolean pending) {
    }
}
