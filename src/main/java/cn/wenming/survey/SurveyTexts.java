package cn.wenming.survey;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The surveys' wording for residents ({@code config/messages/survey.yml}), loaded once and shared by
 * the chat, the H5 pages and the answering rules. A missing key stops the service at start-up.
 */
@Component
class SurveyTexts {

    private final MessageCatalog catalog;

    SurveyTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, SurveyFlow.NAME, "unavailable", "completed", "no-such-survey",
                "not-open", "bound-only", "quota-full", "not-begun", "no-such-question", "answer-required",
                "answer-option", "answer-options", "answer-count", "answer-integer", "answer-range", "answer-at-least",
                "answer-at-most", "answer-length");
    }

    /** The text under {@code key}, its {@code {slots}} filled from the name/value pairs. */
    String text(String key, Object... slotsAndValues) {
        return catalog.text(key, slotsAndValues);
    }
}
