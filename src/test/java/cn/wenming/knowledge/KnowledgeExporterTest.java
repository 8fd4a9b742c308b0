package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Console changes written back into topic files: valid, minimal, idempotent, whatever editors typed. */
class KnowledgeExporterTest {

    private static final Map<String, String> CITY = TestKnowledgeProperties.of(Path.of("knowledge"), false).cityWording();

    private static Path copyOfKnowledge(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("knowledge"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName().toString()));
            }
        }
        return dir;
    }

    private static KnowledgeEntry fileEntry(String id) {
        return KnowledgeLoader.readEntries(Path.of("knowledge")).stream().map(KnowledgeLoader.SourcedEntry::entry)
                .filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static EntryRevision revision(long row, KnowledgeEntry e, boolean enabled) {
        return new EntryRevision(row, e.id(), 1, e.topic(), e.question(), e.phrasings(), e.answer(), e.tags(),
                e.source(), enabled, "test", "editor", OffsetDateTime.now(), basedOn(e.id()));
    }

    /** As the console saves it: the hash of the file entry the editor started from. */
    private static String basedOn(String id) {
        return KnowledgeLoader.readEntries(Path.of("knowledge")).stream().map(KnowledgeLoader.SourcedEntry::entry)
                .filter(e -> e.id().equals(id)).findFirst().map(EntryRevision::contentHash).orElse(null);
    }

    private static Map<String, String> texts(Path dir) throws IOException {
        Map<String, String> texts = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                texts.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return texts;
    }

    @Test
    void consoleChangesAreWrittenBackAndTheFolderLoads(@TempDir Path temp) throws IOException {
        Path dir = copyOfKnowledge(temp);
        Map<String, String> before = texts(dir);

        KnowledgeEntry standard = fileEntry("purpose-first-standard");
        KnowledgeEntry edited = new KnowledgeEntry(standard.id(), standard.topic(), standard.question(),
                standard.phrasings(), "人民群众满意是第一标准（编辑后的答案）。", standard.tags(), standard.source());
        KnowledgeEntry disabled = fileEntry("purpose-goal");
        // Everything YAML could misread: colons, quotes, hashes, brackets, a yes, numbers, a leading dash,
        // an HTML payload, a multi-line answer with a city placeholder.
        KnowledgeEntry tricky = new KnowledgeEntry("kb-tricky", standard.topic(), "问题: 带冒号 # 和 \"引号\"？",
                List.of("yes", "12345", "- 以连字符开头", "[方括号]问法", "a: b", "<script>alert(1)</script>", "It's 单引号"),
                "第一行：{{city:创建宗旨}}\n\n第二行 # 不是注释\n  缩进的第三行 \\ 反斜杠", List.of("标签, 逗号", "true"),
                "控制台 \"测试\"");
        KnowledgeEntry newTopic = new KnowledgeEntry("kb-new-topic", "城市书房", "城市书房几点开门？",
                List.of("城市书房开放时间", "城市书房什么时候开门", "城市书房营业时间"), "城市书房每天9:00至21:00开放。",
                List.of("城市书房"), "测试来源");

        KnowledgeExporter.Result result = KnowledgeExporter.export(dir, List.of(revision(1, edited, true),
                revision(2, disabled, false), revision(3, tricky, true), revision(4, newTopic, true)));

        assertThat(result.written()).isEqualTo(3);
        assertThat(result.removed()).isEqualTo(1);
        String purposeFile = "campaign-purpose.yml";
        String newFile = "chengshishufang.yml";
        assertThat(result.changedFiles()).containsExactlyInAnyOrder(purposeFile, newFile);

        KnowledgeSet loaded = KnowledgeLoader.load(dir, CITY);
        Map<String, KnowledgeEntry> byId = new HashMap<>();
        loaded.entries().forEach(e -> byId.put(e.id(), e));
        assertThat(byId.get("purpose-first-standard").answer()).isEqualTo("人民群众满意是第一标准（编辑后的答案）。");
        assertThat(byId).doesNotContainKey("purpose-goal");
        assertThat(byId.get("kb-new-topic").topic()).isEqualTo("城市书房");
        // The raw text reads back exactly as the console saved it.
        KnowledgeEntry trickyBack = KnowledgeLoader.readEntries(dir).stream().map(KnowledgeLoader.SourcedEntry::entry)
                .filter(e -> e.id().equals("kb-tricky")).findFirst().orElseThrow();
        assertThat(trickyBack).isEqualTo(tricky);
        assertThat(byId.get("kb-tricky").answer()).startsWith("第一行：创建为民、创建惠民\n\n第二行 # 不是注释");

        // Only the changed files differ, and in the purpose file only the edited and the removed entry.
        Map<String, String> after = texts(dir);
        before.forEach((name, text) -> {
            if (!name.equals(purposeFile)) {
                assertThat(after.get(name)).as(name).isEqualTo(text);
            }
        });
        List<String> beforeLines = before.get(purposeFile).lines().toList();
        List<String> afterLines = after.get(purposeFile).lines().toList();
        // The house style is kept: apart from the appended new entry, the only new line is the edited answer …
        assertThat(block(after.get(purposeFile), "kb-tricky")).isEqualTo(KnowledgeExporter.emit(tricky).stripTrailing());
        List<String> appended = KnowledgeExporter.emit(tricky).lines().toList();
        assertThat(afterLines.stream().filter(line -> !beforeLines.contains(line) && !appended.contains(line)).toList())
                .containsExactly("      人民群众满意是第一标准（编辑后的答案）。");
        // … and every line gone belonged to the edited or the disabled entry.
        String changedBlocks = block(before.get(purposeFile), "purpose-first-standard")
                + block(before.get(purposeFile), "purpose-goal");
        assertThat(beforeLines.stream().filter(line -> !afterLines.contains(line)).toList())
                .isNotEmpty().allMatch(changedBlocks::contains);

        // A second export finds nothing to do.
        KnowledgeExporter.Result again = KnowledgeExporter.export(dir, List.of(revision(1, edited, true),
                revision(2, disabled, false), revision(3, tricky, true), revision(4, newTopic, true)));
        assertThat(again.changedFiles()).isEmpty();
        assertThat(again.unchanged()).isEqualTo(4);
        assertThat(texts(dir)).isEqualTo(after);
    }

    private static String block(String text, String id) {
        int start = text.indexOf("  - id: " + id + "\n");
        int end = text.indexOf("\n  - id: ", start + 1);
        return text.substring(start, end < 0 ? text.stripTrailing().length() : end);
    }

    @Test
    void aTopicWhoseEntriesAreAllDisabledLosesItsFile(@TempDir Path temp) throws IOException {
        Path dir = copyOfKnowledge(temp);
        List<EntryRevision> revisions = new ArrayList<>();
        long row = 1;
        for (KnowledgeLoader.SourcedEntry sourced : KnowledgeLoader.readEntries(dir)) {
            if (sourced.file().equals("civil-tourism.yml")) {
                revisions.add(revision(row++, sourced.entry(), false));
            }
        }
        KnowledgeExporter.export(dir, revisions);
        assertThat(dir.resolve("civil-tourism.yml")).doesNotExist();
        assertThat(KnowledgeLoader.load(dir, CITY).entries()).noneMatch(e -> e.topic().equals(revisions.get(0).topic()));
    }

    @Test
    void quotingKeepsEveryValueAsTyped() {
        for (String value : List.of("普通问法", "yes", "No", "null", "~", "123", "1.5", "2024-01-01", "-开头", "?问",
                "a: b", "#井号", "带 #号", "\"引号\"", "'单引号'", "[x]", "{x}", "a,b", "@at", "`tick`", "%p", "!bang",
                "&amp", "*star", "|pipe", ">gt", "尾空格 ", "反斜杠\\", "制表\t符", "（括号开头）", "“弯引号”")) {
            String yaml = "topic: t\nentries:\n  - id: x\n    question: " + KnowledgeExporter.quote(value)
                    + "\n    phrasings: [" + KnowledgeExporter.quote(value) + "]\n    answer: a\n";
            KnowledgeEntry back = KnowledgeLoader.parse("t.yml", yaml).get(0);
            assertThat(back.question()).as(value).isEqualTo(value.strip());
            assertThat(back.phrasings()).as(value).containsExactly(value.strip());
        }
    }
}
