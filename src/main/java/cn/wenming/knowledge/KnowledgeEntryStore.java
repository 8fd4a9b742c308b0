package cn.wenming.knowledge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The console's entry revisions in {@code knowledge_entry_version}: append-only, latest per entry wins. */
@Repository
class KnowledgeEntryStore implements KnowledgeOverlay {

    private static final String COLUMNS = "id, entry_id, version, topic, question, phrasings, answer, tags, source,"
            + " enabled, note, edited_by, edited_at, based_on, checked, source_superseded";

    private final JdbcClient jdbc;

    KnowledgeEntryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String fingerprint() {
        return jdbc.sql("SELECT count(*) || ':' || coalesce(max(id), 0) FROM knowledge_entry_version")
                .query(String.class).single();
    }

    @Override
    public List<EntryRevision> latest() {
        return jdbc.sql("SELECT * FROM (SELECT DISTINCT ON (entry_id) " + COLUMNS
                + " FROM knowledge_entry_version ORDER BY entry_id, version DESC) latest ORDER BY id")
                .query((rs, n) -> revision(rs)).list();
    }

    Optional<EntryRevision> latest(String entryId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM knowledge_entry_version WHERE entry_id = :id"
                + " ORDER BY version DESC LIMIT 1").param("id", entryId).query((rs, n) -> revision(rs)).optional();
    }

    /** Every version of one entry, newest first. */
    List<EntryRevision> history(String entryId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM knowledge_entry_version WHERE entry_id = :id ORDER BY version DESC")
                .param("id", entryId).query((rs, n) -> revision(rs)).list();
    }

    Optional<EntryRevision> version(String entryId, int version) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM knowledge_entry_version WHERE entry_id = :id AND version = :v")
                .param("id", entryId).param("v", version).query((rs, n) -> revision(rs)).optional();
    }

    /**
     * Adds a version; false if that version number was taken meanwhile (someone else saved the
     * same entry first).
     */
    boolean insert(KnowledgeEntry entry, int version, boolean enabled, String note, String editedBy, String basedOn) {
        try {
            jdbc.sql("""
                    INSERT INTO knowledge_entry_version
                        (entry_id, version, topic, question, phrasings, answer, tags, source, enabled, note, edited_by,
                         based_on, checked, source_superseded)
                    VALUES (:id, :version, :topic, :question, :phrasings, :answer, :tags, :source, :enabled, :note, :by,
                         :basedOn, :checked, :superseded)""")
                    .param("id", entry.id()).param("version", version).param("topic", entry.topic())
                    .param("question", entry.question()).param("phrasings", String.join("\n", entry.phrasings()))
                    .param("answer", entry.answer()).param("tags", String.join("\n", entry.tags()))
                    .param("source", entry.source()).param("enabled", enabled).param("note", note)
                    .param("by", editedBy).param("basedOn", basedOn)
                    .param("checked", entry.checked(), java.sql.Types.DATE)
                    .param("superseded", entry.sourceSuperseded()).update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private static EntryRevision revision(ResultSet rs) throws SQLException {
        return new EntryRevision(rs.getLong("id"), rs.getString("entry_id"), rs.getInt("version"),
                rs.getString("topic"), rs.getString("question"), lines(rs.getString("phrasings")),
                rs.getString("answer"), lines(rs.getString("tags")), rs.getString("source"),
                rs.getBoolean("enabled"), rs.getString("note"), rs.getString("edited_by"),
                rs.getObject("edited_at", OffsetDateTime.class), rs.getString("based_on"),
                rs.getObject("checked", LocalDate.class), rs.getBoolean("source_superseded"));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of()
                : Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).toList();
    }
}
