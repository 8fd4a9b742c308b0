package cn.wenming.knowledge;

import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.core.TextNormalizer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The editors' work list: questions the knowledge base declined, answered with a "您是不是想问" list
 * or answered without confidence ({@link QuestionLog}), grouped so that one decision covers every
 * way the same thing was asked. A group is handled by turning it into a new entry or a new phrasing
 * of an entry, or dismissed; dismissed questions stay out however often they come back.
 */
@Service
class QuestionQueue {

    /** Distinct open questions read per page view, most asked first. */
    static final int READ_LIMIT = 2000;
    /** Share of character bigrams two questions need in common to be one group (Dice coefficient). */
    static final double SAME_WORDING = 0.7;
    /** …or this much when the knowledge base thought of the same entry for both. */
    static final double SAME_WORDING_SAME_ENTRY = 0.5;
    /** …or a sentence-vector cosine this high (the answerer's "same question in other words"). */
    static final double SAME_MEANING = 0.92;
    /** Questions embedded for grouping per page view (about 6 ms each, then cached). */
    private static final int EMBEDDED = 300;
    private static final int KEY_CHARS = 300;

    private final JdbcClient jdbc;
    private final KnowledgeBase knowledge;
    private final AuditLog audit;
    private final Cache<String, float[]> vectors = Caffeine.newBuilder().maximumSize(20_000).build();

    QuestionQueue(JdbcClient jdbc, KnowledgeBase knowledge, AuditLog audit) {
        this.jdbc = jdbc;
        this.knowledge = knowledge;
        this.audit = audit;
    }

    /** One exact question text as logged. */
    record Member(String question, long count, OffsetDateTime lastAsked, String bestEntryId, String outcome) {
    }

    /**
     * Questions asking the same thing.
     *
     * @param sample      the most asked wording
     * @param bestEntryId the entry the knowledge base most often thought closest, if any
     */
    record Group(String key, String sample, List<Member> members, long count, OffsetDateTime lastAsked,
            String bestEntryId, String bestEntryQuestion, String outcome) {

        public String lastAskedText() {
            return CityTime.full(lastAsked);
        }

        public String outcomeLabel() {
            return switch (outcome) {
                case "decline" -> "未能回答";
                case "suggest" -> "给出选项";
                case "answer" -> "低置信回答";
                default -> outcome;
            };
        }

        /** Up to ten other wordings, one per line: the phrasings a new entry starts with. */
        public String otherWordings() {
            return String.join("\n", members.stream().skip(1).limit(10).map(Member::question).toList());
        }
    }

    List<Group> groups() {
        List<Member> open = jdbc.sql("""
                SELECT question, count(*) AS n, max(asked_at) AS last,
                       mode() WITHIN GROUP (ORDER BY best_entry_id) AS best,
                       mode() WITHIN GROUP (ORDER BY outcome) AS outcome
                FROM knowledge_question_log WHERE handled IS NULL
                GROUP BY question ORDER BY n DESC, last DESC LIMIT :limit""")
                .param("limit", READ_LIMIT)
                .query((rs, n) -> new Member(rs.getString("question"), rs.getLong("n"),
                        rs.getObject("last", OffsetDateTime.class), rs.getString("best"), rs.getString("outcome")))
                .list();
        Set<String> dismissed = new HashSet<>(jdbc.sql("SELECT question_key FROM knowledge_question_dismissal")
                .query(String.class).list());
        List<Member> kept = new ArrayList<>();
        List<String> comeBack = new ArrayList<>();
        for (Member member : open) {
            if (dismissed.contains(key(member.question()))) {
                comeBack.add(member.question());
            } else {
                kept.add(member);
            }
        }
        if (!comeBack.isEmpty()) {
            // Asked again after it was dismissed: keep the log tidy so it never fills the read limit.
            mark(comeBack, "dismissed");
        }
        return group(kept);
    }

    private List<Group> group(List<Member> members) {
        KnowledgeAnalysis analysis = knowledge.analysis();
        record Pending(String key, Set<String> bigrams, float[] vector, List<Member> members) {
        }
        List<Pending> groups = new ArrayList<>();
        Map<String, Pending> byKey = new HashMap<>();
        int embedded = 0;
        for (Member member : members) {
            String key = key(member.question());
            Pending exact = byKey.get(key);
            if (exact != null) {
                exact.members().add(member);
                continue;
            }
            String canonical = analysis.canonical(TextNormalizer.normalize(member.question()));
            Set<String> bigrams = analysis.bigramTerms(canonical);
            float[] vector = null;
            if (embedded < EMBEDDED && !key.isEmpty()) {
                vector = vectors.get(key, k -> {
                    float[] v = knowledge.sentenceVector(canonical);
                    return v == null ? new float[0] : v;
                });
                vector = vector.length == 0 ? null : vector;
                embedded++;
            }
            Pending home = null;
            for (Pending group : groups) {
                Member first = group.members().get(0);
                double dice = dice(bigrams, group.bigrams());
                boolean sameEntry = member.bestEntryId() != null && member.bestEntryId().equals(first.bestEntryId());
                boolean similar = dice >= SAME_WORDING || sameEntry && dice >= SAME_WORDING_SAME_ENTRY
                        || vector != null && group.vector() != null
                        && SentenceEmbeddings.cosine(vector, group.vector()) >= SAME_MEANING;
                if (similar) {
                    home = group;
                    break;
                }
            }
            if (home == null) {
                home = new Pending(key, bigrams, vector, new ArrayList<>());
                groups.add(home);
            }
            home.members().add(member);
            byKey.put(key, home);
        }
        List<Group> out = new ArrayList<>();
        for (Pending pending : groups) {
            List<Member> list = pending.members();
            long count = list.stream().mapToLong(Member::count).sum();
            OffsetDateTime last = list.stream().map(Member::lastAsked).max(Comparator.naturalOrder()).orElse(null);
            Map<String, Long> best = new LinkedHashMap<>();
            list.stream().filter(m -> m.bestEntryId() != null).forEach(m -> best.merge(m.bestEntryId(), m.count(), Long::sum));
            String bestId = best.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            KnowledgeEntry bestEntry = bestId == null ? null : knowledge.entry(bestId);
            out.add(new Group(pending.key(), list.get(0).question(), List.copyOf(list), count, last,
                    bestEntry == null ? null : bestId, bestEntry == null ? null : bestEntry.question(),
                    list.get(0).outcome()));
        }
        out.sort(Comparator.comparingLong(Group::count).reversed()
                .thenComparing(Group::lastAsked, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    private static double dice(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        long common = a.stream().filter(b::contains).count();
        return 2.0 * common / (a.size() + b.size());
    }

    /** A question's normalised text without spaces: the same key for 垃圾分几类？ and 垃圾 分几类. */
    static String key(String question) {
        return KnowledgeCuration.limit(TextNormalizer.normalize(question).replace(" ", ""), KEY_CHARS);
    }

    /**
     * Marks the open log rows of these exact questions as handled ({@code phrasing}, {@code entry} or
     * {@code dismissed}); returns how many askings that covered.
     */
    int mark(Collection<String> questions, String how) {
        if (questions == null || questions.isEmpty()) {
            return 0;
        }
        return jdbc.sql("UPDATE knowledge_question_log SET handled = :how, handled_at = now()"
                + " WHERE handled IS NULL AND question IN (:questions)")
                .param("how", how).param("questions", List.copyOf(new LinkedHashSet<>(questions))).update();
    }

    /** Dismisses a group: its questions leave the queue and stay out when asked again. */
    int dismiss(List<String> questions) {
        if (questions == null || questions.isEmpty()) {
            return 0;
        }
        String who = Staff.current().map(Staff::username).orElse("system");
        Set<String> keys = new LinkedHashSet<>();
        for (String question : questions) {
            String key = key(question);
            if (!key.isEmpty() && keys.add(key)) {
                jdbc.sql("""
                        INSERT INTO knowledge_question_dismissal (question_key, sample, dismissed_by)
                        VALUES (:key, :sample, :who) ON CONFLICT (question_key) DO NOTHING""")
                        .param("key", key).param("sample", question).param("who", who).update();
            }
        }
        int askings = mark(questions, "dismissed");
        audit.record("忽略待处理问题", "knowledge-question", KnowledgeCuration.limit(questions.get(0), 100), null,
                "忽略 " + questions.size() + " 种问法，共 " + askings + " 次提问：" + String.join(" / ", questions));
        return askings;
    }

    /** Open groups, for the badge on the knowledge pages. */
    long openQuestions() {
        return jdbc.sql("SELECT count(DISTINCT question) FROM knowledge_question_log WHERE handled IS NULL")
                .query(Long.class).single();
    }
}
