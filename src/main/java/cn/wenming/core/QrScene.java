package cn.wenming.core;

/**
 * A feature that answers WeChat QR codes of its own scenes. A permanent code's {@code scene_str} is
 * {@code prefix:value} (at most 64 characters, WeChat's limit); a resident who scans one — or follows
 * the account through it — reaches the feature that owns the prefix.
 */
public interface QrScene {

    /** WeChat's limit for a {@code scene_str}. */
    int MAX_SCENE = 64;

    /** The prefix this feature owns, without the colon: letters only. */
    String prefix();

    /**
     * The chat reply to a resident who scanned a code of this scene.
     *
     * @param value       the scene after {@code prefix:}, as printed (check it: a code can be forged)
     * @param newFollower true when the scan made them follow the account (the welcome is not sent then)
     */
    String onScan(String appId, String openid, String value, boolean newFollower);

    /** The full scene_str for a value of this feature. */
    default String scene(String value) {
        String scene = prefix() + ":" + value;
        if (scene.length() > MAX_SCENE) {
            throw new IllegalArgumentException("A WeChat scene holds at most " + MAX_SCENE + " characters: " + scene);
        }
        return scene;
    }
}
