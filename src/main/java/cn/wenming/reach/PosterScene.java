package cn.wenming.reach;

import cn.wenming.core.QrScene;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** A campaign poster's code ({@code p:<poster id>}): greets and is counted; it binds no community. */
@Component
class PosterScene implements QrScene {

    /** Poster ids staff choose: letters, digits, '-' and '_' (they go into a 64-character scene). */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final SceneCounts counts;
    private final ReachTexts texts;

    PosterScene(SceneCounts counts, ReachTexts texts) {
        this.counts = counts;
        this.texts = texts;
    }

    @Override
    public String prefix() {
        return "p";
    }

    @Override
    public String onScan(String appId, String openid, String value, boolean newFollower) {
        if (!ID.matcher(value).matches()) {
            return texts.text("scene-unknown");
        }
        counts.record(appId, scene(value), openid, newFollower);
        return texts.text("poster-greeting");
    }
}
