package cn.wenming.report;

import cn.wenming.core.CityTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A report as its reporter (or a follower) may see it: no openid, the phone only masked. For a
 * follower, address, point, description and phone are null and photos only those the board shows.
 *
 * @param ticketNo  the ticket as the resident holds it, check code included
 * @param area      district and community (or street), never the address
 * @param following true when the resident follows someone else's report
 */
public record ReportView(long id, String ticketNo, String categoryCode, String categoryName, ReportState state,
        String address, Double latitude, Double longitude, String description, String unitName,
        String communityName, String area, String phoneMasked, boolean anonymous, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, boolean following, List<Step> history, List<PhotoRef> photos) {

    /** One entry of the timeline. */
    public record Step(ReportState state, String actor, String note, OffsetDateTime at) {

        /** When, in the city's time, short enough for a phone line. */
        public String when() {
            return CityTime.shortForm(at);
        }
    }



    /** A photo by its unguessable id; {@code pending} until WeChat hands it over. */
    public record PhotoRef(String id, String stage, boolean pending) {
    }
}
