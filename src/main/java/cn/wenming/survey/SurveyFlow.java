package cn.wenming.survey;

import cn.wenming.ask.Intent;
import cn.wenming.conversation.ChatFlow;
import cn.wenming.conversation.FlowState;
import cn.wenming.conversation.Turn;
import cn.wenming.core.CommandTable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Surveys in the chat: "问卷" lists the open surveys; short ones (at most five closed questions) are
 * answered right here with numbers, longer ones open on H5. Every answer is saved as given, so
 * "退出" or silence loses nothing: the survey resumes where it stopped. Which survey is being
 * chosen or answered is the "survey" part of the conversation record.
 */
@Component
class SurveyFlow implements ChatFlow {

    static final String NAME = "survey";
    private static final String STEP = "step";
    private static final Duration KEEP = Duration.ofMinutes(30);

    private final SurveyCatalog catalog;
    private final SurveyService surveys;
    private final String publicBaseUrl;
    private final SurveyTexts texts;

    SurveyFlow(SurveyCatalog catalog, SurveyService surveys, @Value("${wenming.public-base-url}") String publicBaseUrl,
            SurveyTexts texts) {
        this.catalog = catalog;
        this.surveys = surveys;
        this.publicBaseUrl = publicBaseUrl;
        this.texts = texts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Intent> intents() {
        return List.of(Intent.SURVEY);
    }

    /** "问卷", the menu: the open surveys. */
    @Override
    public String serve(Intent intent, Turn turn) {
        List<SurveyDefinition> open = catalog.open(OffsetDateTime.now());
        if (open.isEmpty()) {
            return texts.text("none-open");
        }
        StringBuilder out = new StringBuilder(texts.text("list-lead"));
        List<String> choosable = new ArrayList<>();
        for (SurveyDefinition survey : open) {
            if (survey.fitsChat()) {
                choosable.add(survey.id());
                out.append('\n').append(texts.text("list-here", "n", choosable.size(), "title", survey.title(),
                        "count", survey.questions().size()));
            } else {
                out.append('\n').append(texts.text("list-link", "title", survey.title(), "url",
                        publicBaseUrl + "/h5/survey/" + survey.id() + "?account=" + turn.appId()));
            }
        }
        if (!choosable.isEmpty()) {
            if (!turn.conversation().available()) {
                return texts.text("unavailable");
            }
            turn.state(NAME).put(STEP, "choose:" + String.join(",", choosable)).keepFor(KEEP);
            turn.conversation().open(NAME);
        }
        return out.toString();
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        Optional<String> step = turn.state(NAME).get(STEP);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        if (turn.is("flow.cancel")) {
            end(turn);
            return Optional.of(texts.text("exited"));
        }
        SurveyService.Respondent who = new SurveyService.Respondent(turn.appId(), turn.openid(), "wechat");
        try {
            if (turn.is("flow.resume")) {
                turn.conversation().open(NAME);
                return Optional.of(step.get().startsWith("choose:") ? texts.text("pick-survey")
                        : question(surveys.begin(surveyId(step.get()), who)));
            }
            String digits = CommandTable.compact(turn.text());
            if (!open || !digits.matches("[1-9]{1,9}")) {
                return Optional.empty();
            }
            if (step.get().startsWith("choose:")) {
                String[] ids = step.get().substring("choose:".length()).split(",");
                if (digits.length() != 1 || Integer.parseInt(digits) > ids.length) {
                    return Optional.of(texts.text("pick-survey"));
                }
                SurveyService.Progress progress = surveys.begin(ids[Integer.parseInt(digits) - 1], who);
                return Optional.of(reply(turn, progress, progress.survey().intro() + "\n\n"));
            }
            SurveyService.Progress current = surveys.begin(surveyId(step.get()), who);
            if (current.complete()) {
                end(turn);
                return Optional.of(texts.text("already-done"));
            }
            try {
                String value = codes(current, digits);
                return Optional.of(reply(turn, surveys.answer(current.survey().id(), who, current.next().code(),
                        value), ""));
            } catch (SurveyService.InvalidAnswer e) {
                return Optional.of(e.getMessage() + "\n\n" + question(current));
            }
        } catch (SurveyService.Refused e) {
            end(turn);
            return Optional.of(e.getMessage());
        } catch (DataAccessException e) {
            return Optional.of(texts.text("unavailable"));
        }
    }

    @Override
    public String freeText(Turn turn) {
        String step = turn.state(NAME).get(STEP).orElse("choose:");
        if (step.startsWith("choose:")) {
            return texts.text("pick-survey");
        }
        try {
            SurveyService.Progress current = surveys.begin(surveyId(step),
                    new SurveyService.Respondent(turn.appId(), turn.openid(), "wechat"));
            return texts.text("pick-option") + "\n\n" + question(current);
        } catch (RuntimeException e) {
            end(turn);
            return texts.text("unavailable");
        }
    }

    @Override
    public Optional<String> reminder(Turn turn) {
        return turn.state(NAME).has(STEP) ? Optional.of(texts.text("reminder")) : Optional.empty();
    }

    private String reply(Turn turn, SurveyService.Progress progress, String lead) {
        if (progress.complete()) {
            end(turn);
            return lead + texts.text("completed");
        }
        FlowState state = turn.state(NAME);
        state.put(STEP, "answer:" + progress.survey().id()).keepFor(KEEP);
        return lead + question(progress);
    }

    private void end(Turn turn) {
        turn.state(NAME).clear();
        turn.conversation().close(NAME);
    }

    private String question(SurveyService.Progress p) {
        StringBuilder out = new StringBuilder(texts.text("question-head", "position", p.position(), "total",
                p.total())).append('\n').append(p.next().text());
        for (int i = 0; i < p.nextOptions().size(); i++) {
            out.append('\n').append(i + 1).append(". ").append(p.nextOptions().get(i).label());
        }
        return out.append('\n').append(texts.text(p.next().type() == SurveyDefinition.Type.MULTIPLE ? "multiple-hint"
                : "single-hint")).toString();
    }

    /** "13" → the codes of the first and third options as shown. */
    private String codes(SurveyService.Progress p, String reply) {
        List<String> codes = new ArrayList<>();
        for (char c : reply.toCharArray()) {
            int shown = c - '1';
            if (shown < 0 || shown >= p.nextOptions().size()) {
                throw new SurveyService.InvalidAnswer(texts.text("pick-option"));
            }
            codes.add(p.nextOptions().get(shown).code());
        }
        return String.join(",", codes);
    }

    private static String surveyId(String step) {
        return step.substring(step.indexOf(':') + 1);
    }
}
