package cn.wenming.quiz;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The quiz's wording for residents ({@code config/messages/quiz.yml}), loaded once and shared by the chat,
 * the H5 pages, the engine, bindings and certificates. A missing key stops the service at start-up.
 */
@Component
class QuizTexts {

    private final MessageCatalog catalog;

    QuizTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, "quiz", "unavailable", "board-anonymous", "not-playing",
                "answer-judge", "answer-letter", "answer-letters", "answer-one-letter", "no-attempts", "name-invalid",
                "name-set", "community-not-found", "community-change", "community-change-reply", "community-bound",
                "unit-not-found", "unit-bound", "certificate-title", "certificate-campaign", "certificate-score",
                "certificate-motto", "certificate-date");
    }

    String text(String key, Object... slotsAndValues) {
        return catalog.text(key, slotsAndValues);
    }

    String unavailable() {
        return catalog.text("unavailable");
    }

    /** 75 000 ms → "1分15秒". */
    String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        return seconds >= 60 ? catalog.text("minutes-seconds", "minutes", seconds / 60, "seconds", seconds % 60)
                : catalog.text("seconds", "seconds", seconds);
    }
}
