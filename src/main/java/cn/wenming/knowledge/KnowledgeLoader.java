package cn.wenming.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import cn.wenming.core.CityTime;
import cn.wenming.core.TextNormalizer;

/**
 * Reads every {@code *.yml} file of the knowledge folder (one topic per file) and the item list
 * {@code garbage-items.tsv}, and refuses to serve a set with problems a resident would notice:
 * duplicate ids, empty or overlong answers, too few phrasings, one phrasing claimed by two entries,
 * a city wording the configuration does not give, an answer without a {@code source}, a
 * {@code checked} date that is not a date or lies in the future, or an item listed twice or in no
 * valid category.
 */
final class KnowledgeLoader {

    static final int MAX_ANSWER_CHARS = 300;
    static final int MIN_PHRASINGS = 3;
    static final String GARBAGE_ITEMS = "garbage-items.tsv";
    private static final Pattern CITY_WORDING = Pattern.compile("\\{\\{city:([^}]+)}}");

    private KnowledgeLoader() {
    }

    /**
     * @param cityWording the city's own wording for items cities word differently, filling
     *                    {@code {{city:KEY}}} placeholders in answers
     */
    static KnowledgeSet load(Path dir, Map<String, String> cityWording) {
        return load(dir, cityWording, List.of());
    }

    /**
     * The folder with the console's edits laid over it: the latest revision of an entry replaces the
     * file entry with the same id (in place), a disabled one removes it, and revisions of ids no file
     * has are added; a revision the file has moved on from ({@link EntryRevision#supersededBy}) is
     * left out. The merged set is validated as a whole, exactly like the folder alone.
     *
     * @param overlay the latest revision of each entry edited in the console
     */
    static KnowledgeSet load(Path dir, Map<String, String> cityWording, List<EntryRevision> overlay) {
        Map<Path, String> files = readAll(dir);
        List<KnowledgeEntry> entries = new ArrayList<>();
        List<GarbageItem> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        files.forEach((file, text) -> {
            if (file.getFileName().toString().equals(GARBAGE_ITEMS)) {
                parseItems(text, items, problems);
            } else if (file.getFileName().toString().endsWith(".yml")) {
                parse(file, text, entries, problems);
            }
        });
        if (entries.isEmpty() && problems.isEmpty()) {
            throw new KnowledgeValidationException(List.of("no *.yml knowledge files in " + dir.toAbsolutePath()));
        }
        List<KnowledgeEntry> merged = overlay(entries, overlay);
        List<KnowledgeEntry> worded = merged.stream().map(e -> withCityWording(e, cityWording, problems)).toList();
        validate(worded, problems);
        validateItems(items, problems);
        if (!problems.isEmpty()) {
            throw new KnowledgeValidationException(problems);
        }
        return new KnowledgeSet(worded, List.copyOf(items), version(files, overlay));
    }

    /** File entries with the console's latest revisions applied (see {@link #load(Path, Map, List)}). */
    static List<KnowledgeEntry> overlay(List<KnowledgeEntry> fileEntries, List<EntryRevision> overlay) {
        Map<String, EntryRevision> latest = new LinkedHashMap<>();
        overlay.forEach(revision -> latest.put(revision.entryId(), revision));
        List<KnowledgeEntry> merged = new ArrayList<>();
        Set<String> inFiles = new HashSet<>();
        for (KnowledgeEntry entry : fileEntries) {
            inFiles.add(entry.id());
            EntryRevision revision = latest.get(entry.id());
            if (revision == null || revision.supersededBy(entry)) {
                merged.add(entry);
            } else if (revision.enabled()) {
                merged.add(withFileDate(revision.entry(), entry));
            }
        }
        latest.values().stream().filter(r -> r.enabled() && !inFiles.contains(r.entryId()))
                .forEach(r -> merged.add(r.entry()));
        return merged;
    }

    /**
     * A console version saved before versions recorded a checked date keeps the file entry's date: the
     * edit (often just a phrasing) did not re-verify the facts, nor did it make them older.
     */
    static KnowledgeEntry withFileDate(KnowledgeEntry fromConsole, KnowledgeEntry fromFile) {
        return fromConsole.checked() != null || fromFile == null ? fromConsole
                : fromConsole.withFreshness(fromFile.checked(), fromConsole.sourceSuperseded());
    }

    /**
     * What is wrong with a set of entries (raw, as written: city wording is checked, not applied), in
     * the loader's words; empty when it would load. The console checks an edit with this before saving.
     */
    static List<String> problems(List<KnowledgeEntry> entries, Map<String, String> cityWording) {
        List<String> problems = new ArrayList<>();
        List<KnowledgeEntry> worded = entries.stream().map(e -> withCityWording(e, cityWording, problems)).toList();
        validate(worded, problems);
        return problems;
    }

    /** A topic-file entry as written (before city wording), with the file it is in. */
    record SourcedEntry(String file, KnowledgeEntry entry) {
    }

    /** Every entry of the topic files as written, for the console and the exporter; unreadable YAML is an error. */
    static List<SourcedEntry> readEntries(Path dir) {
        List<SourcedEntry> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        readAll(dir).forEach((file, text) -> {
            if (file.getFileName().toString().endsWith(".yml")) {
                List<KnowledgeEntry> entries = new ArrayList<>();
                parse(file, text, entries, problems);
                entries.forEach(e -> out.add(new SourcedEntry(file.getFileName().toString(), e)));
            }
        });
        if (!problems.isEmpty()) {
            throw new KnowledgeValidationException(problems);
        }
        return out;
    }

    /** The topic of each topic file, by file name. */
    static Map<String, String> topics(Path dir) {
        Map<String, String> topics = new LinkedHashMap<>();
        readAll(dir).forEach((file, text) -> {
            if (file.getFileName().toString().endsWith(".yml")) {
                topics.put(file.getFileName().toString(), topicOf(text));
            }
        });
        return topics;
    }

    static String topicOf(String yaml) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return doc instanceof Map<?, ?> root ? string(root.get("topic")) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Parses one topic file's text (the exporter checks what it wrote with this). */
    static List<KnowledgeEntry> parse(String fileName, String text) {
        List<KnowledgeEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        parse(Path.of(fileName), text, entries, problems);
        if (!problems.isEmpty()) {
            throw new KnowledgeValidationException(problems);
        }
        return entries;
    }

    private static KnowledgeEntry withCityWording(KnowledgeEntry e, Map<String, String> cityWording,
            List<String> problems) {
        Matcher placeholder = CITY_WORDING.matcher(e.answer());
        StringBuilder answer = new StringBuilder();
        while (placeholder.find()) {
            String wording = cityWording == null ? null : cityWording.get(placeholder.group(1));
            if (wording == null || wording.isBlank()) {
                problems.add(e.topic() + "/" + e.id() + ": answer uses {{city:" + placeholder.group(1)
                        + "}} but wenming.knowledge.city-wording." + placeholder.group(1) + " is not configured");
                wording = "";
            }
            placeholder.appendReplacement(answer, Matcher.quoteReplacement(wording.strip()));
        }
        placeholder.appendTail(answer);
        return new KnowledgeEntry(e.id(), e.topic(), e.question(), e.phrasings(), answer.toString(), e.tags(),
                e.source(), e.checked(), e.sourceSuperseded());
    }

    private static void parseItems(String text, List<GarbageItem> items, List<String> problems) {
        List<String> lines = text.lines().toList();
        String header = lines.isEmpty() ? "" : lines.get(0).strip();
        // The fifth column, the row's source, is optional: rows that need a citation of their own have one.
        int columns = header.equals("item\tcategory\taliases\ttip\tsource") ? 5
                : header.equals("item\tcategory\taliases\ttip") ? 4 : 0;
        if (columns == 0) {
            problems.add(GARBAGE_ITEMS + ": first line must be the header item<TAB>category<TAB>aliases<TAB>tip"
                    + " (optionally <TAB>source)");
            return;
        }
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] cells = lines.get(n).split("\t", -1);
            if (cells.length != columns) {
                problems.add(GARBAGE_ITEMS + " line " + (n + 1) + ": expected " + columns + " tab-separated columns");
                continue;
            }
            List<String> aliases = Arrays.stream(cells[2].split("\\|")).map(String::strip)
                    .filter(a -> !a.isEmpty()).toList();
            items.add(new GarbageItem(cells[0].strip(), cells[1].strip(), aliases, cells[3].strip(),
                    columns == 5 ? cells[4].strip() : ""));
        }
    }

    private static void validateItems(List<GarbageItem> items, List<String> problems) {
        Map<String, String> names = new HashMap<>();
        for (GarbageItem item : items) {
            if (item.name().isEmpty() || !GarbageItem.CATEGORIES.contains(item.category())) {
                problems.add(GARBAGE_ITEMS + ": '" + item.name() + "' needs a name and one of " + GarbageItem.CATEGORIES);
            }
            List<String> all = new ArrayList<>(item.aliases());
            all.add(item.name());
            for (String name : all) {
                String owner = names.putIfAbsent(TextNormalizer.normalize(name), item.name());
                if (owner != null) {
                    problems.add(GARBAGE_ITEMS + ": '" + name + "' is listed under both " + owner + " and " + item.name());
                }
            }
        }
    }

    /** Content hash of the folder, cheap enough to poll for changes. */
    static String contentVersion(Path dir) {
        return version(readAll(dir));
    }

    private static String version(Map<Path, String> files) {
        return version(files, List.of());
    }

    /** Without console revisions, exactly the folder's content version. */
    private static String version(Map<Path, String> files, List<EntryRevision> overlay) {
        MessageDigest digest = sha256();
        files.forEach((file, text) -> {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        });
        // Revision rows are never changed once written: their ids name their content.
        overlay.forEach(r -> digest.update(("\nrevision " + r.rowId()).getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest(), 0, 6);
    }

    private static Map<Path, String> readAll(Path dir) {
        Map<Path, String> texts = new LinkedHashMap<>();
        knowledgeFiles(dir).forEach(file -> texts.put(file, read(file)));
        return texts;
    }

    @SuppressWarnings("unchecked")
    private static void parse(Path file, String text, List<KnowledgeEntry> entries, List<String> problems) {
        String name = file.getFileName().toString();
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            problems.add(name + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return;
        }
        if (!(doc instanceof Map<?, ?> root) || !(root.get("entries") instanceof List<?> list)) {
            problems.add(name + ": expected a 'topic' and a list of 'entries'");
            return;
        }
        String topic = string(root.get("topic"));
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                problems.add(name + ": an entry is not a mapping");
                continue;
            }
            Map<String, Object> e = (Map<String, Object>) map;
            String where = topic + "/" + (string(e.get("id")).isEmpty() ? "(no id)" : string(e.get("id")));
            LocalDate checked = date(e.get("checked"), where, problems);
            Object superseded = e.getOrDefault("source_superseded", false);
            if (!(superseded instanceof Boolean)) {
                problems.add(where + ": source_superseded must be true or false");
            }
            entries.add(new KnowledgeEntry(
                    string(e.get("id")), topic, string(e.get("question")), strings(e.get("phrasings")),
                    string(e.get("answer")), strings(e.get("tags")), string(e.get("source")), checked,
                    Boolean.TRUE.equals(superseded)));
        }
    }

    /** {@code checked: 2026-12-04}: YAML reads an unquoted date as a timestamp (midnight UTC). */
    private static LocalDate date(Object value, String where, List<String> problems) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        try {
            return LocalDate.parse(value.toString().strip());
        } catch (DateTimeParseException ex) {
            problems.add(where + ": checked must be a date written YYYY-MM-DD, not '" + value + "'");
            return null;
        }
    }

    private static void validate(List<KnowledgeEntry> entries, List<String> problems) {
        Map<String, String> idOwners = new HashMap<>();
        Map<String, String> phrasingOwners = new HashMap<>();
        LocalDate today = LocalDate.now(CityTime.ZONE);
        for (KnowledgeEntry e : entries) {
            String where = e.topic() + "/" + (e.id().isEmpty() ? "(no id)" : e.id());
            if (e.id().isEmpty()) {
                problems.add(where + ": missing id");
            } else if (idOwners.putIfAbsent(e.id(), e.topic()) != null) {
                problems.add(where + ": duplicate id (also in topic " + idOwners.get(e.id()) + ")");
            }
            if (e.question().isEmpty()) {
                problems.add(where + ": missing standard question");
            }
            if (e.answer().isEmpty()) {
                problems.add(where + ": empty answer");
            } else if (e.answer().codePointCount(0, e.answer().length()) > MAX_ANSWER_CHARS) {
                problems.add(where + ": answer longer than " + MAX_ANSWER_CHARS + " characters");
            }
            if (e.source() == null || e.source().isBlank()) {
                problems.add(where + ": missing source (what the answer rests on: a law, a notice, a page)");
            }
            if (e.checked() != null && e.checked().isAfter(today)) {
                problems.add(where + ": checked date " + e.checked() + " is in the future");
            }
            if (e.phrasings().size() < MIN_PHRASINGS) {
                problems.add(where + ": needs at least " + MIN_PHRASINGS + " phrasings, has " + e.phrasings().size());
            }
            List<String> asked = new ArrayList<>(e.phrasings());
            asked.add(e.question());
            for (String phrasing : asked) {
                String key = TextNormalizer.normalize(phrasing);
                String owner = phrasingOwners.putIfAbsent(key, e.id());
                if (owner != null && !owner.equals(e.id())) {
                    problems.add(where + ": phrasing '" + phrasing + "' also belongs to " + owner);
                }
            }
        }
    }

    private static List<Path> knowledgeFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgeValidationException(List.of("knowledge folder not found: " + dir.toAbsolutePath()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")
                    || p.getFileName().toString().equals(GARBAGE_ITEMS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString().strip();
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(KnowledgeLoader::string).filter(s -> !s.isEmpty()).toList();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
