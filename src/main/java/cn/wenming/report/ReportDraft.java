package cn.wenming.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A report being put together in the chat: the 随手拍 part of the resident's conversation record.
 * Each piece is its own field, so messages arriving at once on different instances never overwrite
 * each other, and a redelivered message writes the same field again instead of adding a second
 * photo or sentence. The number of pieces is bounded (photos, description parts).
 *
 * <ul>
 *   <li>{@code category}, {@code lat}/{@code lng}, {@code address}, {@code awaiting}, {@code nearby},
 *       {@code photoSkipped}, {@code fileAnyway}, {@code full}</li>
 *   <li>{@code photo:<sha256>} = the stored photo's token</li>
 *   <li>{@code media:<mediaId>} for a photo WeChat has not handed over yet</li>
 *   <li>{@code text:<createTime>:<msgId>} one piece of description</li>
 * </ul>
 */
record ReportDraft(Map<String, String> fields) {

    static final String TEXT = "text:";
    /** Where the conversation stands, not what the resident reported. */
    private static final Set<String> STEPS = Set.of("awaiting", "nearby", "fileAnyway", "photoSkipped", "full");

    boolean exists() {
        return !fields.isEmpty();
    }

    String category() {
        return fields.get("category");
    }

    Double latitude() {
        return number("lat");
    }

    Double longitude() {
        return number("lng");
    }

    String address() {
        return fields.get("address");
    }

    String awaiting() {
        return fields.getOrDefault("awaiting", "");
    }

    boolean hasPlace() {
        return latitude() != null || (address() != null && !address().isBlank());
    }

    boolean photoSkipped() {
        return fields.containsKey("photoSkipped");
    }

    boolean fileAnyway() {
        return fields.containsKey("fileAnyway");
    }

    String nearbyTicket() {
        return fields.get("nearby");
    }

    int photoCount() {
        return (int) fields.keySet().stream().filter(k -> k.startsWith("photo:") || k.startsWith("media:")).count();
    }

    int textParts() {
        return prefixed(TEXT).size();
    }

    /** Description pieces in the order the resident wrote them. */
    String description() {
        return String.join("；", new TreeMap<>(prefixed(TEXT)).values());
    }

    List<NewReport.Photo> photos(String appId) {
        List<NewReport.Photo> photos = new ArrayList<>();
        prefixed("photo:").values()
                .forEach(token -> photos.add(new NewReport.StoredPhoto(PhotoStore.StoredPhoto.fromToken(token))));
        prefixed("media:").keySet().forEach(mediaId -> photos.add(new NewReport.PendingMedia(appId, mediaId)));
        return photos;
    }

    /**
     * A hash of what the resident put in: the same draft gives the same key however often it is
     * submitted. Two drafts never share one, since each description piece is keyed by its message.
     */
    String contentKey() {
        StringBuilder content = new StringBuilder();
        new TreeMap<>(fields).forEach((k, v) -> {
            if (!STEPS.contains(k)) {
                content.append(k).append('=').append(v).append('\n');
            }
        });
        return PhotoStore.sha256(content.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> prefixed(String prefix) {
        Map<String, String> out = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private Double number(String key) {
        String value = fields.get(key);
        return value == null ? null : Double.valueOf(value);
    }
}
