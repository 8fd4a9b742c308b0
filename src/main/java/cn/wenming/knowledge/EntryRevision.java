package cn.wenming.knowledge;

import cn.wenming.core.CityTime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

/**
 * One saved version of a knowledge entry edited in the console (table {@code knowledge_entry_version}).
 * Rows are only ever added. The latest version of an entry replaces the file entry with the same id
 * (a disabled one takes it out of service) — unless the file entry has been changed since the
 * version was saved (see {@link #supersededBy}): then the file, the later deliberate edit, serves.
 *
 * @param rowId   the row's id, increasing with every change anywhere (what instances poll)
 * @param version 1, 2, … per entry; the file text counts as version 0
 * @param note    the editor's note on what changed and why
 * @param basedOn {@link #contentHash} of the file entry when this version was saved; null if no
 *                file had the entry
 * @param checked when the editor last verified the entry against its source; null for versions saved
 *                before the console recorded it (the file entry's date applies then, see
 *                {@link KnowledgeLoader#overlay})
 * @param sourceSuperseded the editor marked the entry's source as replaced by a newer one
 */
public record EntryRevision(long rowId, String entryId, int version, String topic, String question,
        List<String> phrasings, String answer, List<String> tags, String source, boolean enabled,
        String note, String editedBy, OffsetDateTime editedAt, String basedOn, LocalDate checked,
        boolean sourceSuperseded) {

    public EntryRevision {
        phrasings = List.copyOf(phrasings);
        tags = List.copyOf(tags);
    }

    /** A version without freshness marks (as saved before V7_1). */
    public EntryRevision(long rowId, String entryId, int version, String topic, String question,
            List<String> phrasings, String answer, List<String> tags, String source, boolean enabled,
            String note, String editedBy, OffsetDateTime editedAt, String basedOn) {
        this(rowId, entryId, version, topic, question, phrasings, answer, tags, source, enabled, note, editedBy,
                editedAt, basedOn, null, false);
    }

    /** The entry as this version words it. */
    public KnowledgeEntry entry() {
        return new KnowledgeEntry(entryId, topic, question, phrasings, answer, tags, source, checked,
                sourceSuperseded);
    }

    /**
     * Whether the topic files have moved on since this version was saved: the file entry is neither
     * the one the editor started from nor (for an enabled version) what the editor saved — typically
     * the console's work was exported, committed and then edited again in git. The file serves then;
     * the console shows the entry as "文件已更新" and saving it again makes a console version current.
     *
     * @param fileEntry the entry with this id in the topic files as written, or null
     */
    public boolean supersededBy(KnowledgeEntry fileEntry) {
        if (fileEntry == null) {
            return false;
        }
        String now = contentHash(fileEntry);
        return !now.equals(basedOn) && !(enabled && now.equals(contentHash(entry())));
    }

    /** The content as the history and the audit log show it. */
    public String summary() {
        return summary(entry(), enabled);
    }

    static String summary(KnowledgeEntry e, boolean enabled) {
        return "主题：" + e.topic() + "\n问题：" + e.question() + "\n问法：" + String.join(" / ", e.phrasings())
                + "\n答案：" + e.answer() + "\n标签：" + String.join("、", e.tags()) + "\n来源：" + e.source()
                + (e.sourceSuperseded() ? "（已标记为被取代）" : "")
                + "\n核对日期：" + (e.checked() == null ? "未记录" : e.checked().toString())
                + "\n状态：" + (enabled ? "启用" : "停用");
    }

    /**
     * A short hash of everything an entry says to residents (as written, before city wording). The
     * freshness marks (checked date, source superseded) are editors' bookkeeping and left out: adding
     * or updating them in the files does not make the file "newer" than a console version.
     */
    static String contentHash(KnowledgeEntry e) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(e.id(), e.topic(), e.question(), String.join("\n", e.phrasings()), e.answer(),
                    String.join("\n", e.tags()), e.source() == null ? "" : e.source())) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public String when() {
        return editedAt == null ? "" : CityTime.full(editedAt);
    }
}
