package cn.wenming.survey;

import cn.wenming.resident.SignedInResident;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Surveys on the H5 page ({@code /h5/survey/{id}}), on the same {@link SurveyService} as the chat: one
 * question per screen with a progress bar, every answer saved as it is given (so leaving and coming
 * back resumes at the next question), validation messages from the service, a thank-you page.
 */
@Controller
class SurveyPageController {

    private static final Logger log = LoggerFactory.getLogger(SurveyPageController.class);

    private final SurveyCatalog catalog;
    private final SurveyService surveys;
    private final SurveyTexts texts;

    SurveyPageController(SurveyCatalog catalog, SurveyService surveys, SurveyTexts texts) {
        this.texts = texts;
        this.catalog = catalog;
        this.surveys = surveys;
    }

    @GetMapping("/h5/survey")
    String list(HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        model.addAttribute("dev", who.map(SignedInResident::devLogin).orElse(false));
        model.addAttribute("surveys", catalog.open(OffsetDateTime.now()));
        return "survey/list";
    }

    @GetMapping("/h5/survey/{id}")
    String survey(@PathVariable String id, @RequestParam(required = false) String account,
            HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/survey/" + id, account);
        }
        model.addAttribute("dev", who.get().devLogin());
        try {
            return show(surveys.begin(id, respondent(who.get())), model, null, null);
        } catch (SurveyService.Refused e) {
            return refused(model, e.getMessage());
        }
    }

    @PostMapping("/h5/survey/{id}/answer")
    String answer(@PathVariable String id, @RequestParam(defaultValue = "") String question,
            @RequestParam(name = "value", required = false) List<String> values,
            @RequestParam(required = false) String skip, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/survey/" + id, null);
        }
        model.addAttribute("dev", who.get().devLogin());
        SurveyService.Respondent respondent = respondent(who.get());
        SurveyService.Progress current;
        try {
            current = surveys.begin(id, respondent);
        } catch (SurveyService.Refused e) {
            return refused(model, e.getMessage());
        }
        if (current.complete() || !current.next().code().equals(question)) {
            // A reload or a second tap of an answered question: show where the survey stands, save nothing.
            return "redirect:/h5/survey/" + id;
        }
        String value = skip != null || values == null ? ""
                : values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty())
                        .collect(Collectors.joining(","));
        try {
            surveys.answer(id, respondent, question, value);
        } catch (SurveyService.InvalidAnswer e) {
            return show(current, model, e.getMessage(), value);
        } catch (SurveyService.Refused e) {
            return refused(model, e.getMessage());
        }
        return "redirect:/h5/survey/" + id;
    }

    /** Redis or the database is down: a polite page, never a 5xx. */
    @ExceptionHandler(DataAccessException.class)
    ModelAndView unavailable(DataAccessException e) {
        log.warn("Survey page unavailable: {}", e.getMessage());
        ModelAndView page = new ModelAndView("survey/refused");
        page.addObject("message", texts.text("unavailable"));
        page.addObject("dev", false);
        return page;
    }

    private String show(SurveyService.Progress progress, Model model, String error, String value) {
        model.addAttribute("survey", progress.survey());
        if (progress.complete()) {
            model.addAttribute("thanks", texts.text("completed"));
            return "survey/thanks";
        }
        SurveyDefinition.Question q = progress.next();
        model.addAttribute("q", q);
        model.addAttribute("options", progress.nextOptions());
        model.addAttribute("position", progress.position());
        model.addAttribute("total", progress.total());
        model.addAttribute("percent", progress.total() == 0 ? 0 : (progress.position() - 1) * 100 / progress.total());
        model.addAttribute("first", progress.answers().isEmpty());
        model.addAttribute("hint", hint(q));
        model.addAttribute("error", error);
        model.addAttribute("value", value == null ? "" : value);
        model.addAttribute("chosen", value == null || value.isEmpty() ? List.of() : List.of(value.split(",")));
        return "survey/question";
    }

    private static String refused(Model model, String message) {
        model.addAttribute("message", message);
        return "survey/refused";
    }

    /** What the resident should know before answering: how many to tick, which numbers, how long. */
    static String hint(SurveyDefinition.Question q) {
        switch (q.type()) {
            case MULTIPLE -> {
                int min = q.min() == null ? 1 : q.min();
                int max = q.max() == null ? q.options().size() : q.max();
                return min == max ? "多选题：请选择" + min + "项。" : "多选题：请选择" + min + "到" + max + "项。";
            }
            case NUMBER -> {
                return q.min() != null && q.max() != null ? "请填写" + q.min() + "到" + q.max() + "之间的整数。"
                        : "请填写整数。";
            }
            case TEXT, LONGTEXT -> {
                int max = q.max() != null ? q.max() : (q.type() == SurveyDefinition.Type.TEXT ? 100 : 1000);
                return "不超过" + max + "字。";
            }
            default -> {
                return null;
            }
        }
    }

    private static SurveyService.Respondent respondent(SignedInResident who) {
        return new SurveyService.Respondent(who.appId(), who.openid(), "h5");
    }
}
