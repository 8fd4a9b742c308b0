package cn.wenming.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.hankcs.hanlp.HanLP;

/**
 * Writes the console's changes back into the topic files of a knowledge folder, so editors' work
 * can be reviewed and committed like any other edit. Only what the console changed is touched: an
 * edited entry's block is rewritten in place, a disabled entry's block is removed, a new entry is
 * appended to the file of its topic (a new file for a new topic); every other line stays byte for
 * byte. A console version the file has moved on from is left alone. Each file written is parsed back and compared before it replaces the old one.
 */
final class KnowledgeExporter {

    private static final Pattern ENTRY_START = Pattern.compile("^  - id: .*$");
    /** Plain scalars the loader reads back unchanged; anything else is double-quoted. */
    private static final Pattern PLAIN = Pattern.compile("[\\p{IsHan}\\p{L}\\p{N}（《“][^\\n\\r\\t:#\"'\\\\\\[\\]{},&*!|>%@`]*");
    private static final Pattern SPECIAL = Pattern.compile(
            "(?i)(y|n|yes|no|on|off|true|false|null|~|[-+]?(\\.?[0-9][0-9_.:eExXoObB+-]*)|\\.inf|\\.nan)");

    private KnowledgeExporter() {
    }

    /** What an export did. */
    record Result(List<String> changedFiles, int written, int removed, int unchanged) {
    }

    /**
     * @param dir    the knowledge folder to update (normally {@code knowledge/})
     * @param latest the latest console revision of each entry
     */
    static Result export(Path dir, List<EntryRevision> latest) {
        Map<String, TopicFile> files = new LinkedHashMap<>();
        for (Path path : ymlFiles(dir)) {
            files.put(path.getFileName().toString(), TopicFile.read(path));
        }
        int written = 0;
        int removed = 0;
        int unchanged = 0;
        for (EntryRevision revision : latest) {
            TopicFile holder = files.values().stream().filter(f -> f.has(revision.entryId())).findFirst().orElse(null);
            // A version saved before versions carried a checked date keeps the file's date.
            KnowledgeEntry entry = KnowledgeLoader.withFileDate(revision.entry(),
                    holder == null ? null : holder.entry(revision.entryId()));
            if (holder != null && revision.supersededBy(holder.entry(entry.id()))) {
                // The file was edited after this console version: the file is the later word.
                unchanged++;
                continue;
            }
            if (holder != null && revision.enabled() && holder.topic.equals(entry.topic())
                    && entry.equals(holder.entry(entry.id()))) {
                unchanged++;
                continue;
            }
            if (!revision.enabled()) {
                if (holder == null) {
                    unchanged++;
                } else {
                    holder.remove(entry.id());
                    removed++;
                }
                continue;
            }
            if (holder != null && holder.topic.equals(entry.topic())) {
                holder.replace(entry);
            } else {
                if (holder != null) {
                    holder.remove(entry.id());
                }
                TopicFile target = files.values().stream().filter(f -> f.topic.equals(entry.topic())).findFirst()
                        .orElse(null);
                if (target == null) {
                    target = TopicFile.create(dir.resolve(newFileName(entry.topic(), files.keySet())), entry.topic());
                    files.put(target.path.getFileName().toString(), target);
                }
                target.append(entry);
            }
            written++;
        }
        List<String> changed = new ArrayList<>();
        for (TopicFile file : files.values()) {
            if (file.changed()) {
                file.write();
                changed.add(file.path.getFileName().toString());
            }
        }
        return new Result(changed, written, removed, unchanged);
    }

    /** A topic file as a header and one text block per entry, so untouched entries keep their bytes. */
    private static final class TopicFile {

        private final Path path;
        private final String original;
        private final String topic;
        private final String header;
        /** Entry id → its block, in file order; a block ends with its trailing blank lines. */
        private final LinkedHashMap<String, String> blocks = new LinkedHashMap<>();
        private final Map<String, KnowledgeEntry> entries = new LinkedHashMap<>();
        private boolean dirty;

        private TopicFile(Path path, String original, String topic, String header) {
            this.path = path;
            this.original = original;
            this.topic = topic;
            this.header = header;
        }

        static TopicFile read(Path path) {
            String text = readString(path);
            String topic = KnowledgeLoader.topicOf(text);
            List<String> lines = text.lines().toList();
            StringBuilder header = new StringBuilder();
            int i = 0;
            while (i < lines.size() && !ENTRY_START.matcher(lines.get(i)).matches()) {
                header.append(lines.get(i++)).append('\n');
            }
            TopicFile file = new TopicFile(path, text, topic, header.toString());
            while (i < lines.size()) {
                StringBuilder block = new StringBuilder(lines.get(i++)).append('\n');
                while (i < lines.size() && !ENTRY_START.matcher(lines.get(i)).matches()) {
                    block.append(lines.get(i++)).append('\n');
                }
                List<KnowledgeEntry> parsed = KnowledgeLoader.parse(path.getFileName().toString(),
                        "topic: " + quote(topic) + "\nentries:\n" + block);
                if (parsed.size() != 1 || file.blocks.containsKey(parsed.get(0).id())) {
                    throw new IllegalStateException(path + ": cannot tell where entry " + block.toString().lines()
                            .findFirst().orElse("") + " ends; export by hand");
                }
                file.blocks.put(parsed.get(0).id(), block.toString());
                file.entries.put(parsed.get(0).id(), parsed.get(0));
            }
            return file;
        }

        static TopicFile create(Path path, String topic) {
            return new TopicFile(path, "", topic, "topic: " + quote(topic) + "\nentries:\n");
        }

        boolean has(String id) {
            return blocks.containsKey(id);
        }

        KnowledgeEntry entry(String id) {
            return entries.get(id);
        }

        void replace(KnowledgeEntry entry) {
            String old = blocks.get(entry.id());
            String trailing = old.substring(old.stripTrailing().length());
            blocks.put(entry.id(), emit(entry) + trailing.substring(Math.min(1, trailing.length())));
            entries.put(entry.id(), entry);
            dirty = true;
        }

        void remove(String id) {
            blocks.remove(id);
            entries.remove(id);
            dirty = true;
        }

        void append(KnowledgeEntry entry) {
            String lastId = null;
            for (String id : blocks.keySet()) {
                lastId = id;
            }
            if (lastId != null && !blocks.get(lastId).endsWith("\n\n")) {
                blocks.put(lastId, blocks.get(lastId) + "\n");
            }
            blocks.put(entry.id(), emit(entry));
            entries.put(entry.id(), entry);
            dirty = true;
        }

        String text() {
            StringBuilder out = new StringBuilder(header);
            blocks.values().forEach(out::append);
            String text = out.toString().stripTrailing();
            return text + "\n";
        }

        boolean changed() {
            return dirty && !text().equals(original);
        }

        /** Writes through a temporary file, after checking that the text reads back as intended. */
        void write() {
            if (entries.isEmpty()) {
                // Every entry of the topic was disabled: a topic file without entries would not load.
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
            String text = text();
            List<KnowledgeEntry> back = KnowledgeLoader.parse(path.getFileName().toString(), text);
            List<KnowledgeEntry> expected = new ArrayList<>(entries.values());
            boolean same = back.size() == expected.size();
            for (int i = 0; same && i < back.size(); i++) {
                same = back.get(i).equals(expected.get(i));
            }
            if (!same || !KnowledgeLoader.topicOf(text).equals(topic)) {
                throw new IllegalStateException(path + ": the exported text does not read back as written; nothing written");
            }
            try {
                Path temp = Files.createTempFile(path.toAbsolutePath().getParent(), ".export", ".yml.tmp");
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One entry in the house style of the topic files. */
    static String emit(KnowledgeEntry e) {
        StringBuilder out = new StringBuilder();
        out.append("  - id: ").append(quote(e.id())).append('\n');
        out.append("    question: ").append(quote(e.question())).append('\n');
        out.append("    phrasings:\n");
        e.phrasings().forEach(p -> out.append("      - ").append(quote(p)).append('\n'));
        if (e.answer().contains("\n")) {
            out.append("    answer: |-\n");
            e.answer().lines().forEach(line -> out.append(line.isEmpty() ? "" : "      " + line).append('\n'));
        } else {
            out.append("    answer: >-\n      ").append(e.answer()).append('\n');
        }
        out.append("    tags: [").append(String.join(", ", e.tags().stream().map(KnowledgeExporter::quote).toList()))
                .append("]\n");
        out.append("    source: ").append(doubleQuoted(e.source())).append('\n');
        if (e.sourceSuperseded()) {
            out.append("    source_superseded: true\n");
        }
        if (e.checked() != null) {
            out.append("    checked: ").append(e.checked()).append('\n');
        }
        return out.toString();
    }

    /** Plain when YAML reads it back as the same string, else double-quoted. */
    static String quote(String value) {
        if (PLAIN.matcher(value).matches() && !SPECIAL.matcher(value).matches() && !value.endsWith(" ")) {
            return value;
        }
        return doubleQuoted(value);
    }

    static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(cp)) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** "文明交通" → wenmingjiaotong.yml (console-topic-2.yml if taken or not expressible). */
    static String newFileName(String topic, java.util.Collection<String> taken) {
        String slug = HanLP.convertToPinyinString(topic, "", false).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String base = slug.isEmpty() ? "console-topic" : slug;
        String name = base + ".yml";
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n + ".yml";
        }
        return name;
    }

    private static List<Path> ymlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgeValidationException(List.of("knowledge folder not found: " + dir.toAbsolutePath()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
