package cn.wenming.knowledge;

import java.time.LocalDate;
import java.util.List;

/**
 * One 应知应会 item: the standard question, the ways residents ask it, and the short answer.
 *
 * @param source           what the answer rests on (a law, a notice, a page); the loader refuses an entry without
 * @param checked          when an editor last verified the answer against its source; null: never recorded
 * @param sourceSuperseded an editor marked the source as replaced (a newer law, notice or batch): the entry
 *                         needs rewriting even if it was checked recently
 */
public record KnowledgeEntry(
        String id,
        String topic,
        String question,
        List<String> phrasings,
        String answer,
        List<String> tags,
        String source,
        LocalDate checked,
        boolean sourceSuperseded) {

    /** An entry without freshness marks (never checked, source not marked superseded). */
    public KnowledgeEntry(String id, String topic, String question, List<String> phrasings, String answer,
            List<String> tags, String source) {
        this(id, topic, question, phrasings, answer, tags, source, null, false);
    }

    /** The same entry with other freshness marks. */
    public KnowledgeEntry withFreshness(LocalDate checked, boolean sourceSuperseded) {
        return new KnowledgeEntry(id, topic, question, phrasings, answer, tags, source, checked, sourceSuperseded);
    }

    /** Not checked since {@code today} minus one year (or never), or its source is marked superseded. */
    public boolean needsReview(LocalDate today) {
        return sourceSuperseded || uncheckedForAYear(today);
    }

    /** Never checked, or last checked more than a year before {@code today}. */
    public boolean uncheckedForAYear(LocalDate today) {
        return checked == null || checked.isBefore(today.minusYears(1));
    }
}
