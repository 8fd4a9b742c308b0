package cn.wenming.report;

import cn.wenming.core.MessageCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * 随手拍's wording for residents ({@code config/messages/report.yml}), loaded once and shared by the
 * chat flow, the intake rules and the workflow's notices. A missing key stops the service at start-up.
 */
@Component
class ReportTexts {

    private final MessageCatalog catalog;

    ReportTexts(@Value("${wenming.messages-dir:config/messages}") Path dir) {
        this.catalog = MessageCatalog.load(dir, ReportFlow.NAME,
                "notice-submitted", "notice-accepted", "notice-rejected", "notice-duplicate", "notice-dispatched",
                "notice-resolved", "rated", "rated-reopened", "rated-escalated", "rate-not-found", "rate-not-due",
                "invalid-category", "invalid-location", "invalid-point", "invalid-address", "invalid-description",
                "invalid-photos", "invalid-photo-required", "invalid-phone", "rate-limited", "photo-too-large",
                "form-photo-too-large", "form-photos-not-kept", "brief-submitted", "brief-accepted", "brief-rejected",
                "brief-duplicate", "brief-dispatched", "brief-resolved");
    }

    /** The text under {@code key}, its {@code {slots}} filled from the name/value pairs. */
    String text(String key, Object... slotsAndValues) {
        return catalog.text(key, slotsAndValues);
    }
}
