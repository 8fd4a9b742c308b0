package cn.wenming.survey;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.ResidentContribution;
import cn.wenming.core.ResidentUnsubscribed;
import cn.wenming.quiz.QuizResidents;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Answering a survey, the same on H5 and in the chat: one response per resident per survey (the
 * database's unique key, so a double submit or two instances cannot make two), every answer saved as
 * it is given so a resident can come back and go on, show-if conditions, quotas per community,
 * eligibility, and anonymous mode, which stores only a keyed one-way hash instead of the openid.
 */
@Service
public class SurveyService {

    /** Who answers, and where. */
    public record Respondent(String appId, String openid, String channel) {
    }

    /** Where a response stands: the answers so far (codes by question) and the next question to show. */
    public record Progress(long responseId, SurveyDefinition survey, Map<String, String> answers,
            SurveyDefinition.Question next, List<SurveyDefinition.Option> nextOptions, int position, int total,
            boolean complete) {
    }

    /** The resident may not answer (closed, full, not eligible); the message says why, in Chinese. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The answer cannot be taken; the message says what to do. */
    public static class InvalidAnswer extends RuntimeException {
        InvalidAnswer(String message) {
            super(message, null, false, false);
        }
    }

    private final JdbcClient jdbc;
    private final SurveyCatalog catalog;
    private final OpenIdHasher hasher;
    private final QuizResidents residents;
    private final SurveyTexts texts;
    private final Clock clock = Clock.systemUTC();
    private final ApplicationEventPublisher events;

    SurveyService(JdbcClient jdbc, SurveyCatalog catalog, OpenIdHasher hasher, QuizResidents residents,
            SurveyTexts texts, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.hasher = hasher;
        this.residents = residents;
        this.texts = texts;
    }

    /** Starts a response, or resumes the resident's earlier one. */
    public Progress begin(String surveyId, Respondent who) {
        SurveyDefinition survey = catalog.find(surveyId).orElseThrow(() -> new Refused(texts.text("no-such-survey")));
        String key = key(survey, who);
        Optional<Long> existing = responseId(surveyId, key);
        if (existing.isPresent()) {
            return progress(survey, existing.get(), key);
        }
        if (!survey.openAt(OffsetDateTime.now(clock))) {
            throw new Refused(texts.text("not-open"));
        }
        Optional<String> community = residents.communityOf(who.openid());
        if (survey.eligibility() == SurveyDefinition.Eligibility.BOUND_COMMUNITY && community.isEmpty()) {
            throw new Refused(texts.text("bound-only"));
        }
        if (community.isPresent() && jdbc.sql("SELECT count(*) FROM survey_response WHERE survey_id = :s"
                + " AND community_code = :c AND status = 'complete'").param("s", surveyId).param("c", community.get())
                .query(Integer.class).single() >= survey.quotaPerCommunity()) {
            throw new Refused(texts.text("quota-full"));
        }
        try {
            jdbc.sql("""
                    INSERT INTO survey_response (survey_id, version, respondent_key, openid, app_id, channel,
                        community_code, district_code, status)
                    VALUES (:s, :v, :k, :o, :a, :ch, :c, :d, 'partial')""")
                    .param("s", surveyId).param("v", survey.version()).param("k", key)
                    .param("o", survey.anonymous() ? null : who.openid()).param("a", who.appId())
                    .param("ch", who.channel()).param("c", community.orElse(null))
                    .param("d", community.map(c -> c.split("-")[0]).orElse(null)).update();
        } catch (DuplicateKeyException e) {
            // Started at the same moment elsewhere (double tap, another instance): that one is ours.
        }
        return progress(survey, responseId(surveyId, key).orElseThrow(), key);
    }

    /** Saves one answer ({@code value}: option codes "1,3", a number, or text) and moves on. */
    public Progress answer(String surveyId, Respondent who, String questionCode, String value) {
        SurveyDefinition survey = catalog.find(surveyId).orElseThrow(() -> new Refused(texts.text("no-such-survey")));
        String key = key(survey, who);
        long responseId = responseId(surveyId, key).orElseThrow(() -> new Refused(texts.text("not-begun")));
        Progress before = progress(survey, responseId, key);
        if (before.complete()) {
            return before;
        }
        SurveyDefinition.Question question = survey.question(questionCode)
                .orElseThrow(() -> new InvalidAnswer(texts.text("no-such-question")));
        String clean = validate(question, value == null ? "" : value.strip());
        jdbc.sql("""
                INSERT INTO survey_answer (response_id, question_code, value) VALUES (:r, :q, :v)
                ON CONFLICT (response_id, question_code) DO UPDATE SET value = :v, answered_at = now()""")
                .param("r", responseId).param("q", questionCode).param("v", clean).update();
        jdbc.sql("UPDATE survey_response SET updated_at = now() WHERE id = :r").param("r", responseId).update();
        Progress after = progress(survey, responseId, key);
        if (after.complete()) {
            int completed = jdbc.sql("UPDATE survey_response SET status = 'complete', completed_at = now() WHERE id = :r"
                    + " AND status = 'partial'").param("r", responseId).update();
            if (completed == 1) {
                // 文明积分; keyed by survey and hashed resident, so an anonymous response stays unlinked.
                events.publishEvent(ResidentContribution.once(ResidentContribution.Source.SURVEY,
                        surveyId + ":" + hasher.hash(who.openid()), who.appId(), who.openid(), clock.instant()));
            }
        }
        return after;
    }

    private Progress progress(SurveyDefinition survey, long responseId, String key) {
        Map<String, String> answers = new LinkedHashMap<>();
        jdbc.sql("SELECT question_code, value FROM survey_answer WHERE response_id = :r").param("r", responseId)
                .query((rs, n) -> answers.put(rs.getString(1), rs.getString(2))).list();
        List<SurveyDefinition.Question> visible = survey.questions().stream().filter(q -> q.visible(answers)).toList();
        SurveyDefinition.Question next = visible.stream().filter(q -> !answers.containsKey(q.code())).findFirst()
                .orElse(null);
        int position = next == null ? visible.size() : visible.indexOf(next) + 1;
        boolean complete = next == null || "complete".equals(jdbc.sql("SELECT status FROM survey_response WHERE id = :r")
                .param("r", responseId).query(String.class).single());
        return new Progress(responseId, survey, answers, complete ? null : next,
                next == null || complete ? List.of() : shown(next, key), position, visible.size(), complete);
    }

    /** Options in the order this respondent sees them: shuffled per respondent where the question says so. */
    static List<SurveyDefinition.Option> shown(SurveyDefinition.Question question, String key) {
        List<SurveyDefinition.Option> options = new ArrayList<>(question.options());
        if (question.randomize()) {
            Collections.shuffle(options, new Random((key + ":" + question.code()).hashCode()));
        }
        return options;
    }

    private String validate(SurveyDefinition.Question q, String value) {
        if (value.isEmpty()) {
            if (q.required()) {
                throw new InvalidAnswer(texts.text("answer-required"));
            }
            return "";
        }
        switch (q.type()) {
            case SINGLE, SCALE -> {
                if (q.option(value).isEmpty()) {
                    throw new InvalidAnswer(texts.text("answer-option"));
                }
                return value;
            }
            case MULTIPLE -> {
                Set<String> codes = new LinkedHashSet<>(List.of(value.split("\\s*,\\s*")));
                if (codes.stream().anyMatch(c -> q.option(c).isEmpty())) {
                    throw new InvalidAnswer(texts.text("answer-options"));
                }
                if (q.min() != null && codes.size() < q.min() || q.max() != null && codes.size() > q.max()) {
                    throw new InvalidAnswer(texts.text("answer-count", "min", q.min() == null ? 1 : q.min(), "max",
                            q.max() == null ? q.options().size() : q.max()));
                }
                return String.join(",", codes);
            }
            case NUMBER -> {
                long number;
                try {
                    number = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new InvalidAnswer(texts.text("answer-integer"));
                }
                if (q.min() != null && number < q.min() || q.max() != null && number > q.max()) {
                    // A limit on one side only must not read "1到null".
                    String key = q.min() == null ? "answer-at-most" : q.max() == null ? "answer-at-least" : "answer-range";
                    throw new InvalidAnswer(texts.text(key, "min", q.min(), "max", q.max()));
                }
                return String.valueOf(number);
            }
            default -> {
                int max = q.max() != null ? q.max() : (q.type() == SurveyDefinition.Type.TEXT ? 100 : 1000);
                if (value.length() > max) {
                    throw new InvalidAnswer(texts.text("answer-length", "max", max));
                }
                return value;
            }
        }
    }

    private Optional<Long> responseId(String surveyId, String key) {
        return jdbc.sql("SELECT id FROM survey_response WHERE survey_id = :s AND respondent_key = :k")
                .param("s", surveyId).param("k", key).query(Long.class).optional();
    }

    /** Anonymous surveys keep only a keyed hash of survey + openid: it dedupes and resumes, and reveals no one. */
    private String key(SurveyDefinition survey, Respondent who) {
        return survey.anonymous() ? "anon:" + hasher.hash("survey:" + survey.id() + ":" + who.openid()) : who.openid();
    }

    /**
     * The resident unsubscribed: their identified answers stay in the figures, detached from them
     * (anonymous ones never held the openid).
     */
    @EventListener
    public void forget(ResidentUnsubscribed event) {
        jdbc.sql("UPDATE survey_response SET openid = NULL, respondent_key = 'unsubscribed:' || id WHERE openid = :o")
                .param("o", event.openid()).update();
    }
}
