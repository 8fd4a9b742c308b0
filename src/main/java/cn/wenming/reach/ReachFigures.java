package cn.wenming.reach;

import cn.wenming.quiz.QuizProperties;
import cn.wenming.quiz.QuizResidents;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reach by community: residents bound to it against its configured head-count
 * ({@code wenming.quiz.headcounts}), and who followed or scanned through its code.
 */
@Component
class ReachFigures {

    record Row(Communities.Community community, int headcount, int bound, int follows, int scans) {

        /** Bound residents per 100 of the head-count, or null without a head-count. */
        public Double reachPercent() {
            return headcount <= 0 ? null : Math.round(1000.0 * bound / headcount) / 10.0;
        }
    }

    record PosterRow(String posterId, int follows, int scans) {
    }

    private final Communities communities;
    private final QuizResidents residents;
    private final QuizProperties quiz;
    private final SceneCounts counts;
    private final CommunityScene communityScene;

    ReachFigures(Communities communities, QuizResidents residents, QuizProperties quiz, SceneCounts counts,
            CommunityScene communityScene) {
        this.communities = communities;
        this.residents = residents;
        this.quiz = quiz;
        this.counts = counts;
        this.communityScene = communityScene;
    }

    List<Row> byCommunity(String appId) {
        Map<String, Integer> bound = residents.boundByCommunity();
        Map<String, SceneCounts.Count> scenes = counts.byScene(appId);
        return communities.all().stream().map(c -> {
            SceneCounts.Count count = scenes.getOrDefault(communityScene.scene(c.code()), SceneCounts.Count.NONE);
            return new Row(c, quiz.headcounts().getOrDefault(c.code(), 0), bound.getOrDefault(c.code(), 0),
                    count.follows(), count.scans());
        }).toList();
    }

    List<PosterRow> byPoster(String appId) {
        return counts.byScene(appId).entrySet().stream().filter(e -> e.getKey().startsWith("p:")).sorted(
                Map.Entry.comparingByKey()).map(e -> new PosterRow(e.getKey().substring(2), e.getValue().follows(),
                e.getValue().scans())).toList();
    }
}
