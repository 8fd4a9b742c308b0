package cn.wenming.report;

import java.util.List;

/**
 * A report as a resident (or an Open311 client) hands it over, before validation.
 *
 * @param channel       wechat, h5 or open311
 * @param appId         the official account it came through (null for Open311)
 * @param openid        the reporter (null for Open311)
 * @param submissionKey identifies this submission across retries (a redelivered "提交"), or null
 * @param followNearby  false once the resident chose to file it although a similar report is open nearby
 */
public record NewReport(String channel, String appId, String openid, String categoryCode, Double latitude,
        Double longitude, String address, String description, String phone, boolean anonymous,
        List<Photo> photos, String submissionKey, boolean followNearby) {

    /** A photo already stored, or one WeChat still holds under a media id. */
    public sealed interface Photo {
    }

    public record StoredPhoto(PhotoStore.StoredPhoto photo) implements Photo {
    }

    public record PendingMedia(String appId, String mediaId) implements Photo {
    }

    public NewReport {
        // Every channel may leave the description out; the stored report then has an empty one.
        description = description == null ? "" : description.strip();
        photos = photos == null ? List.of() : List.copyOf(photos);
    }

    /** The same report under another submission key. */
    public NewReport withSubmissionKey(String key) {
        return new NewReport(channel, appId, openid, categoryCode, latitude, longitude, address, description, phone,
                anonymous, photos, key, followNearby);
    }

    public boolean hasPoint() {
        return latitude != null && longitude != null;
    }
}
