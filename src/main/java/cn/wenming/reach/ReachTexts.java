package cn.wenming.reach;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What residents and staff read from reach ({@code config/messages/reach.yml}); a missing key stops the start. */
@Component
class ReachTexts {

    private final MessageCatalog catalog;

    ReachTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, "reach", "community-greeting", "community-again", "community-change",
                "community-changed", "community-kept", "scene-unknown", "poster-greeting", "staff-linked",
                "staff-link-expired", "limit-month", "limit-month-unbound", "limit-day", "too-few-followers");
    }

    String text(String key, Object... slotsAndValues) {
        return catalog.text(key, slotsAndValues);
    }
}
