package cn.wenming.volunteer;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What residents read about volunteering ({@code config/messages/volunteer.yml}); a missing key stops the start. */
@Component
class VolunteerTexts {

    private final MessageCatalog catalog;

    VolunteerTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, "volunteer", "not-registered", "name-invalid", "phone-invalid",
                "no-community", "no-slot", "slot-over", "already-signed-up", "confirmed", "waiting", "cancelled",
                "not-signed-up", "promoted", "reminder", "code-expired", "code-invalid", "not-confirmed",
                "too-early", "too-late", "too-far", "checked-in", "checked-out", "already-out", "chat-ask-location",
                "chat-none-near", "chat-list-head", "chat-community-head", "chat-list-line", "chat-list-tail", "chat-pick-number",
                "chat-register-first", "chat-reminder", "chat-cancelled", "certificate-title", "certificate-service",
                "certificate-hours", "certificate-certify", "certificate-date", "unavailable");
    }

    String text(String key, Object... slotsAndValues) {
        return catalog.text(key, slotsAndValues);
    }
}
