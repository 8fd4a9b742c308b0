package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the console's versions lay over the topic files, and how the answerer picks them up. */
class KnowledgeOverlayTest {

    private static final String FILE = """
            topic: 测试
            entries:
              - id: kitchen
                question: 厨余垃圾是什么
                phrasings: [厨余垃圾是啥, 说说厨余垃圾, 厨余垃圾介绍]
                answer: %s
                tags: [测试]
                source: test
              - id: battery
                question: 废电池属于什么垃圾
                phrasings: [废电池怎么扔, 电池算什么垃圾, 旧电池扔哪里]
                answer: 废电池属于有害垃圾。
                tags: [测试]
                source: test
            """;

    private static void write(Path dir, String kitchenAnswer) throws IOException {
        Files.writeString(dir.resolve("test.yml"), FILE.formatted(kitchenAnswer));
    }

    private static KnowledgeEntry file(Path dir, String id) {
        return KnowledgeLoader.readEntries(dir).stream().map(KnowledgeLoader.SourcedEntry::entry)
                .filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static EntryRevision revision(long row, KnowledgeEntry e, boolean enabled, String basedOn) {
        return new EntryRevision(row, e.id(), (int) row, e.topic(), e.question(), e.phrasings(), e.answer(), e.tags(),
                e.source(), enabled, null, "editor", OffsetDateTime.now(), basedOn);
    }

    private static KnowledgeEntry withAnswer(KnowledgeEntry e, String answer) {
        return new KnowledgeEntry(e.id(), e.topic(), e.question(), e.phrasings(), answer, e.tags(), e.source());
    }

    private static Map<String, KnowledgeEntry> load(Path dir, List<EntryRevision> overlay) {
        Map<String, KnowledgeEntry> byId = new java.util.LinkedHashMap<>();
        KnowledgeLoader.load(dir, Map.of(), overlay).entries().forEach(e -> byId.put(e.id(), e));
        return byId;
    }

    @Test
    void theLatestConsoleVersionWinsUntilTheFileMovesOn(@TempDir Path dir) throws IOException {
        write(dir, "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeEntry kitchen = file(dir, "kitchen");
        EntryRevision edited = revision(1, withAnswer(kitchen, "控制台的答案。"), true, EntryRevision.contentHash(kitchen));
        assertThat(load(dir, List.of(edited)).get("kitchen").answer()).isEqualTo("控制台的答案。");
        assertThat(KnowledgeLoader.load(dir, Map.of(), List.of(edited)).version())
                .isNotEqualTo(KnowledgeLoader.contentVersion(dir)).hasSize(12);
        assertThat(KnowledgeLoader.load(dir, Map.of(), List.of()).version()).isEqualTo(KnowledgeLoader.contentVersion(dir));

        // Exported and committed: the file says what the console says; still the same answer.
        write(dir, "控制台的答案。");
        assertThat(edited.supersededBy(file(dir, "kitchen"))).isFalse();
        assertThat(load(dir, List.of(edited)).get("kitchen").answer()).isEqualTo("控制台的答案。");

        // Edited again in git afterwards: the file is the later word.
        write(dir, "文件里的新答案。");
        assertThat(edited.supersededBy(file(dir, "kitchen"))).isTrue();
        assertThat(load(dir, List.of(edited)).get("kitchen").answer()).isEqualTo("文件里的新答案。");
    }

    @Test
    void disabledAndNewEntries(@TempDir Path dir) throws IOException {
        write(dir, "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeEntry battery = file(dir, "battery");
        EntryRevision disabled = revision(1, battery, false, EntryRevision.contentHash(battery));
        KnowledgeEntry added = new KnowledgeEntry("bulky", "测试", "大件垃圾怎么扔", List.of("旧沙发怎么扔", "大件家具扔哪",
                "床垫怎么处理"), "大件垃圾请预约上门回收。", List.of("测试"), "test");
        EntryRevision created = revision(2, added, true, null);
        Map<String, KnowledgeEntry> merged = load(dir, List.of(disabled, created));
        assertThat(merged).containsOnlyKeys("kitchen", "bulky");
        assertThat(merged.get("bulky").answer()).isEqualTo("大件垃圾请预约上门回收。");
    }

    @Test
    void theAnswererPicksUpConsoleChangesWhenTheFingerprintChanges(@TempDir Path dir) throws IOException {
        write(dir, "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeEntry kitchen = file(dir, "kitchen");
        List<EntryRevision> rows = new ArrayList<>();
        KnowledgeOverlay overlay = new KnowledgeOverlay() {
            @Override
            public String fingerprint() {
                return rows.size() + ":" + rows.stream().mapToLong(EntryRevision::rowId).max().orElse(0);
            }

            @Override
            public List<EntryRevision> latest() {
                return List.copyOf(rows);
            }
        };
        KnowledgeBase knowledge = new KnowledgeBase(TestKnowledgeProperties.of(dir, false), overlay);
        String before = knowledge.version();
        knowledge.reloadIfOverlayChanged();
        assertThat(knowledge.version()).isEqualTo(before);

        rows.add(revision(1, withAnswer(kitchen, "控制台的答案。"), true, EntryRevision.contentHash(kitchen)));
        knowledge.reloadIfOverlayChanged();
        assertThat(knowledge.version()).isNotEqualTo(before);
        assertThat(knowledge.answer("厨余垃圾是什么").entry().answer()).isEqualTo("控制台的答案。");
        KnowledgeExplanation why = knowledge.explain("厨余垃圾是什么");
        assertThat(why.route()).isEqualTo(KnowledgeExplanation.Route.LEXICAL_CONFIDENT);
        assertThat(why.candidates().get(0).entryId()).isEqualTo("kitchen");
        assertThat(why.candidates().get(0).coverage()).isEqualTo(1.0);

        // A version that would break the set (a phrasing of another entry) is refused; the old index serves.
        KnowledgeEntry battery = file(dir, "battery");
        rows.add(revision(2, new KnowledgeEntry("battery", "测试", battery.question(),
                List.of("厨余垃圾是啥", "电池算什么垃圾", "旧电池扔哪里"), battery.answer(), battery.tags(), battery.source()),
                true, EntryRevision.contentHash(battery)));
        String served = knowledge.version();
        knowledge.reloadIfOverlayChanged();
        assertThat(knowledge.version()).isEqualTo(served);
        assertThat(knowledge.lastReloadError()).contains("also belongs to kitchen");
    }

    @Test
    void anOverlayThatNoLongerFitsTheFilesDoesNotStopTheStart(@TempDir Path dir) throws IOException {
        write(dir, "厨余垃圾是易腐烂的生物质废弃物。");
        KnowledgeEntry battery = file(dir, "battery");
        EntryRevision clash = revision(1, new KnowledgeEntry("battery", "测试", battery.question(),
                List.of("厨余垃圾是啥", "电池算什么垃圾", "旧电池扔哪里"), battery.answer(), battery.tags(), battery.source()),
                true, EntryRevision.contentHash(battery));
        KnowledgeOverlay overlay = new KnowledgeOverlay() {
            @Override
            public String fingerprint() {
                return "1:1";
            }

            @Override
            public List<EntryRevision> latest() {
                return List.of(clash);
            }
        };
        KnowledgeBase knowledge = new KnowledgeBase(TestKnowledgeProperties.of(dir, false), overlay);
        assertThat(knowledge.version()).isEqualTo(KnowledgeLoader.contentVersion(dir));
        assertThat(knowledge.lastReloadError()).startsWith("console changes not applied");
        assertThat(knowledge.answer("废电池属于什么垃圾").answered()).isTrue();
    }
}
