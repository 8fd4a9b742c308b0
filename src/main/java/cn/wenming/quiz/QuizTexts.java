package cn.wenming.quiz;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The quiz's wording for residents ({@code config/messages/quiz.yml}), shared by the chat and the H5 pages. */
@Component
class QuizTexts {

    private final MessageCatalog catalog;

    QuizTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, "quiz");
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
