package cn.wenming.reach;

import cn.wenming.core.QrScene;
import cn.wenming.quiz.Player;
import cn.wenming.quiz.QuizResidents;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A community's code ({@code c:<community code>}): binds the resident to the community unless they
 * chose another one (then asks first), greets them with the community's name, and is counted.
 */
@Component
class CommunityScene implements QrScene {

    private final QuizResidents residents;
    private final Communities communities;
    private final CommunityChange change;
    private final SceneCounts counts;
    private final ReachTexts texts;

    CommunityScene(QuizResidents residents, Communities communities, CommunityChange change, SceneCounts counts,
            ReachTexts texts) {
        this.residents = residents;
        this.communities = communities;
        this.change = change;
        this.counts = counts;
        this.texts = texts;
    }

    @Override
    public String prefix() {
        return "c";
    }

    @Override
    public String onScan(String appId, String openid, String value, boolean newFollower) {
        Optional<Communities.Community> scanned = communities.community(value);
        if (scanned.isEmpty()) {
            return texts.text("scene-unknown");
        }
        counts.record(appId, scene(value), openid, newFollower);
        Communities.Community community = scanned.get();
        Optional<Communities.Community> current = residents.communityOf(openid).flatMap(communities::community);
        if (current.isPresent() && current.get().equals(community)) {
            return texts.text("community-again", "community", community.name());
        }
        if (current.isPresent()) {
            return change.ask(appId, openid, current.get(), community);
        }
        residents.bindCommunity(new Player(appId, openid), community.code(), false);
        return texts.text("community-greeting", "community", community.name());
    }
}
