package cn.wenming.survey;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.TextNormalizer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Surveys in the chat: "问卷" lists the open surveys; short ones (at most five closed questions) are
 * answered right here with numbers, longer ones open on H5. Every answer is saved as given, so
 * "退出" or silence loses nothing: the survey resumes where it stopped.
 */
@Service
public class SurveyChat {

    private static final Duration STATE = Duration.ofMinutes(30);
    private static final String KEY = "wenming:survey:chat:";

    private final SurveyCatalog catalog;
    private final SurveyService surveys;
    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;
    private final String publicBaseUrl;

    SurveyChat(SurveyCatalog catalog, SurveyService surveys, StringRedisTemplate redis, OpenIdHasher hasher,
            @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.catalog = catalog;
        this.surveys = surveys;
        this.redis = redis;
        this.hasher = hasher;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** "问卷", the menu: the open surveys. */
    public String start(String appId, String openid) {
        List<SurveyDefinition> open = catalog.open(OffsetDateTime.now());
        if (open.isEmpty()) {
            return "现在没有进行中的问卷，感谢关注。";
        }
        StringBuilder out = new StringBuilder("正在进行的问卷：");
        List<String> choosable = new ArrayList<>();
        for (SurveyDefinition survey : open) {
            if (survey.fitsChat()) {
                choosable.add(survey.id());
                out.append('\n').append(choosable.size()).append(". 《").append(survey.title()).append("》")
                        .append(survey.questions().size()).append("题，回复").append(choosable.size()).append("在这里作答");
            } else {
                out.append("\n· 《").append(survey.title()).append("》请点：").append(publicBaseUrl)
                        .append("/h5/survey/").append(survey.id()).append("?account=").append(appId);
            }
        }
        try {
            if (!choosable.isEmpty()) {
                redis.opsForValue().set(key(appId, openid), "choose:" + String.join(",", choosable), STATE);
            }
        } catch (DataAccessException e) {
            return "问卷暂不可用，请稍后再试。";
        }
        return out.toString();
    }

    /** A reply while choosing or answering a survey; empty otherwise. */
    public Optional<String> onText(String appId, String openid, String text) {
        String state;
        try {
            state = redis.opsForValue().get(key(appId, openid));
        } catch (DataAccessException e) {
            return Optional.empty();
        }
        if (state == null) {
            return Optional.empty();
        }
        String t = TextNormalizer.normalize(text).replace(" ", "");
        if (t.equals("退出")) {
            redis.delete(key(appId, openid));
            return Optional.of("已退出问卷，已答的题会保留，回复“问卷”可继续。");
        }
        SurveyService.Respondent who = new SurveyService.Respondent(appId, openid, "wechat");
        try {
            if (state.startsWith("choose:")) {
                String[] ids = state.substring(7).split(",");
                if (!t.matches("\\d") || Integer.parseInt(t) < 1 || Integer.parseInt(t) > ids.length) {
                    redis.delete(key(appId, openid));
                    return Optional.empty();
                }
                String id = ids[Integer.parseInt(t) - 1];
                SurveyService.Progress progress = surveys.begin(id, who);
                return Optional.of(reply(appId, openid, progress, progress.survey().intro() + "\n\n"));
            }
            String surveyId = state.substring("answer:".length());
            SurveyService.Progress current = surveys.begin(surveyId, who);
            if (current.complete()) {
                redis.delete(key(appId, openid));
                return Optional.of("您已完成这份问卷，感谢参与！");
            }
            String value = codes(current, t);
            return Optional.of(reply(appId, openid, surveys.answer(surveyId, who, current.next().code(), value), ""));
        } catch (SurveyService.Refused e) {
            redis.delete(key(appId, openid));
            return Optional.of(e.getMessage());
        } catch (SurveyService.InvalidAnswer e) {
            SurveyService.Progress current = surveys.begin(state.substring("answer:".length()), who);
            return Optional.of(e.getMessage() + "\n\n" + question(current));
        }
    }

    private String reply(String appId, String openid, SurveyService.Progress progress, String lead) {
        if (progress.complete()) {
            redis.delete(key(appId, openid));
            return lead + "问卷已完成，感谢您的参与！您的意见将帮助我们把城市建设得更好。";
        }
        redis.opsForValue().set(key(appId, openid), "answer:" + progress.survey().id(), STATE);
        return lead + question(progress);
    }

    private static String question(SurveyService.Progress p) {
        StringBuilder out = new StringBuilder("第").append(p.position()).append('/').append(p.total()).append("题\n")
                .append(p.next().text());
        for (int i = 0; i < p.nextOptions().size(); i++) {
            out.append('\n').append(i + 1).append(". ").append(p.nextOptions().get(i).label());
        }
        return out.append(p.next().type() == SurveyDefinition.Type.MULTIPLE ? "\n回复数字，多选如 13。" : "\n回复数字。")
                .toString();
    }

    /** "13" → the codes of the first and third options as shown. */
    private static String codes(SurveyService.Progress p, String reply) {
        List<String> codes = new ArrayList<>();
        for (char c : reply.toCharArray()) {
            int shown = c - '1';
            if (shown < 0 || shown >= p.nextOptions().size()) {
                throw new SurveyService.InvalidAnswer("请回复选项前的数字。");
            }
            codes.add(p.nextOptions().get(shown).code());
        }
        return String.join(",", codes);
    }

    private String key(String appId, String openid) {
        return KEY + appId + ":" + hasher.hash(openid);
    }
}
