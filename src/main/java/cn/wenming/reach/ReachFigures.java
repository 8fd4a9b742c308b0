package cn.wenming.reach;

import cn.wenming.quiz.QuizProperties;
import cn.wenming.quiz.QuizResidents;
import cn.wenming.core.OpenIdHasher;
import cn.wenming.report.ReportFigures;
import cn.wenming.survey.SurveyFigures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reach by community: residents bound to it against its configured head-count
 * ({@code wenming.quiz.headcounts}), who followed or scanned through its code, and what the residents a
 * code brought went on to do (reports, quiz rounds, identified survey responses).
 */
@Component
class ReachFigures {

    /** Of the residents a code brought (their first follow or scan was through it): who reported, played, answered. */
    record Brought(int residents, int reporters, int players, int respondents) {

        static final Brought NONE = new Brought(0, 0, 0, 0);
    }

    record Row(Communities.Community community, int headcount, int bound, int follows, int scans, Brought brought) {

        /** Bound residents per 100 of the head-count, or null without a head-count. */
        public Double reachPercent() {
            return headcount <= 0 ? null : Math.round(1000.0 * bound / headcount) / 10.0;
        }
    }

    record PosterRow(String posterId, int follows, int scans, Brought brought) {
    }

    private final Communities communities;
    private final QuizResidents residents;
    private final QuizProperties quiz;
    private final SceneCounts counts;
    private final CommunityScene communityScene;
    private final ReportFigures reports;
    private final SurveyFigures surveys;
    private final OpenIdHasher hasher;

    ReachFigures(Communities communities, QuizResidents residents, QuizProperties quiz, SceneCounts counts,
            CommunityScene communityScene, ReportFigures reports, SurveyFigures surveys, OpenIdHasher hasher) {
        this.reports = reports;
        this.surveys = surveys;
        this.hasher = hasher;
        this.communities = communities;
        this.residents = residents;
        this.quiz = quiz;
        this.counts = counts;
        this.communityScene = communityScene;
    }

    List<Row> byCommunity(String appId) {
        Map<String, Integer> bound = residents.boundByCommunity();
        Map<String, SceneCounts.Count> scenes = counts.byScene(appId);
        Map<String, Brought> brought = brought(appId);
        return communities.all().stream().map(c -> {
            String scene = communityScene.scene(c.code());
            SceneCounts.Count count = scenes.getOrDefault(scene, SceneCounts.Count.NONE);
            return new Row(c, quiz.headcounts().getOrDefault(c.code(), 0), bound.getOrDefault(c.code(), 0),
                    count.follows(), count.scans(), brought.getOrDefault(scene, Brought.NONE));
        }).toList();
    }

    List<PosterRow> byPoster(String appId) {
        Map<String, Brought> brought = brought(appId);
        return counts.byScene(appId).entrySet().stream().filter(e -> e.getKey().startsWith("p:")).sorted(
                Map.Entry.comparingByKey()).map(e -> new PosterRow(e.getKey().substring(2), e.getValue().follows(),
                e.getValue().scans(), brought.getOrDefault(e.getKey(), Brought.NONE))).toList();
    }

    /** Per scene, what the residents it brought went on to do (matched by keyed openid hash only). */
    private Map<String, Brought> brought(String appId) {
        Set<String> reporters = reports.reporterHashes();
        Set<String> players = residents.playerHashes();
        Set<String> respondents = surveys.respondentHashes(hasher);
        Map<String, Brought> out = new HashMap<>();
        counts.broughtByScene(appId).forEach((scene, hashes) -> out.put(scene, new Brought(hashes.size(),
                (int) hashes.stream().filter(reporters::contains).count(),
                (int) hashes.stream().filter(players::contains).count(),
                (int) hashes.stream().filter(respondents::contains).count())));
        return out;
    }
}
