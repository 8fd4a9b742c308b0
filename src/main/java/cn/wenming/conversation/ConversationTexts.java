package cn.wenming.conversation;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The assistant's own wording ({@code config/messages/conversation.yml}): welcome, help, busy … */
@Component
public class ConversationTexts {

    private final MessageCatalog catalog;

    ConversationTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, "conversation", "welcome", "help", "greeting",
                "voice-not-recognised", "busy", "decline", "nothing-more", "suggestions-lead", "related-lead",
                "pick-number", "report-hint", "nothing-open", "flows-unavailable",
                "location-unreadable");
    }

    public String welcome() {
        return catalog.text("welcome");
    }

    public String help() {
        return catalog.text("help");
    }

    public String busy() {
        return catalog.text("busy");
    }

    public String voiceNotRecognised() {
        return catalog.text("voice-not-recognised");
    }

    String text(String key) {
        return catalog.text(key);
    }
}
