package cn.wenming.bench;

import cn.wenming.knowledge.KnowledgeBase;
import cn.wenming.knowledge.TestKnowledgeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yaml.snakeyaml.Yaml;

/**
 * In-process latency of answering one question (normalisation, intent-free knowledge search, the
 * embedding re-ranking where Lucene is unsure, and the answer decision: the work behind
 * {@code /api/ask}, with its answer cache and question-vector cache off, so every call embeds what
 * Lucene is unsure of) on the real knowledge base grown to 200, 2 000 and 20 000 entries with
 * synthetic entries built from the real vocabulary.
 * Run: {@code ./mvnw -Pbench test-compile exec:exec}; figures go to docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AskLatencyBenchmark {

    /** The real base padded with synthetic entries up to this many (the real base alone if it is larger). */
    @Param({"200", "2000", "20000"})
    public String entries;

    /** Embedding re-ranking on (the default) or off (Lucene signals only). */
    @Param({"true"})
    public boolean semantic;

    private KnowledgeBase knowledge;
    private List<String> questions;
    private int next;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("wenming-bench");
        writeSynthetic(dir, Integer.parseInt(entries));
        // No answer cache: the question list repeats, and the benchmark must measure the search.
        knowledge = new KnowledgeBase(TestKnowledgeProperties.of(dir, semantic, 0));
        questions = Files.readAllLines(Path.of("src/test/resources/bench/questions.txt"), StandardCharsets.UTF_8);
    }

    @Benchmark
    public Object answer() {
        next = (next + 1) % questions.size();
        return knowledge.answer(questions.get(next));
    }

    /** Real files plus synthetic topic files up to {@code total} entries, each with 6 phrasings. */
    @SuppressWarnings("unchecked")
    private static void writeSynthetic(Path dir, int total) throws IOException {
        List<Map<String, Object>> real = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("knowledge"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
                Map<String, Object> doc = new Yaml().load(Files.readString(file));
                real.addAll((List<Map<String, Object>>) doc.get("entries"));
            }
        }
        String alphabet = real.stream().map(e -> Objects.toString(e.get("answer")))
                .reduce("", String::concat).replaceAll("[^\\u4e00-\\u9fff]", "");
        Random random = new Random(42);
        StringBuilder yaml = new StringBuilder();
        for (int i = real.size(); i < total; i++) {
            // Topic-sized files (SnakeYAML refuses documents over 3 MB).
            if ((i - real.size()) % 500 == 0) {
                flush(dir, yaml, i);
                yaml.append("topic: 合成\nentries:\n");
            }
            Map<String, Object> base = real.get(random.nextInt(real.size()));
            String word = "" + alphabet.charAt(random.nextInt(alphabet.length()))
                    + alphabet.charAt(random.nextInt(alphabet.length())) + alphabet.charAt(random.nextInt(alphabet.length()));
            yaml.append("  - id: syn-").append(i).append('\n')
                    .append("    question: \"").append(word).append(base.get("question")).append(i).append("\"\n")
                    .append("    phrasings:\n");
            for (Object phrasing : (List<Object>) base.get("phrasings")) {
                yaml.append("      - \"").append(phrasing).append(word).append(i).append("\"\n");
            }
            yaml.append("    answer: \"").append(word).append("：").append(base.get("answer")).append("\"\n")
                    .append("    tags: [合成]\n    source: synthetic\n");
        }
        flush(dir, yaml, total);
    }

    private static void flush(Path dir, StringBuilder yaml, int upTo) throws IOException {
        if (!yaml.isEmpty()) {
            Files.writeString(dir.resolve("zz-synthetic-" + upTo + ".yml"), yaml.toString());
            yaml.setLength(0);
        }
    }
}
