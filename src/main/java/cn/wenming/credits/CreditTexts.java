package cn.wenming.credits;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What residents and merchants read about 文明积分 ({@code config/messages/credits.yml}). */
@Component
class CreditTexts {

    private final MessageCatalog catalog;

    CreditTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, "credits", "note-volunteer", "note-volunteer-correction",
                "note-report", "note-quiz", "note-survey", "note-redeem", "no-item", "sold-out", "not-enough",
                "no-code", "code-used");
    }

    String text(String key, Object... slotsAndValues) {
        return catalog.text(key, slotsAndValues);
    }
}
