package cn.wenming.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.TextNormalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * No knowledge or quiz file still says something {@code config/superseded-terms.yml} lists as out of
 * date (a body that no longer names the cities, "the latest batch", a retired rule): a city that adds a
 * stale phrase to the list finds every sentence to fix at build time, by file and line. Residents'
 * phrasings are exempt — they may well ask in the old words.
 */
class SupersededTermsTest {

    private static final Path TERMS = Path.of("config/superseded-terms.yml");
    private static final Pattern PHRASINGS_BLOCK = Pattern.compile("^\\s*phrasings:\\s*$");
    private static final Pattern PHRASINGS_FLOW = Pattern.compile("^\\s*phrasings:\\s*\\[.*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*)- .*$");

    record Term(String term, String why, String replacedBy) {
    }

    @Test
    void noKnowledgeOrQuizFileSaysASupersededTerm() throws IOException {
        List<Term> terms = terms(TERMS);
        List<String> found = new ArrayList<>();
        for (Path file : files(Path.of("knowledge"))) {
            found.addAll(scan(file, terms));
        }
        assertThat(found).as("superseded wording (see %s; fix each line or, if the term is wrongly listed, the list)",
                TERMS).isEmpty();
    }

    @Test
    void theListIsComplete() throws IOException {
        List<Term> terms = terms(TERMS);
        assertThat(terms).isNotEmpty().allSatisfy(t -> {
            assertThat(t.term()).as("term").isNotBlank();
            assertThat(t.why()).as(t.term() + ": why").isNotBlank();
            assertThat(t.replacedBy()).as(t.term() + ": replaced-by").isNotBlank();
            assertThat(key(t.term())).as(t.term() + ": nothing left after normalisation").isNotEmpty();
        });
    }

    @Test
    void aStaleSentenceIsReportedWithFileAndLineButAPhrasingIsNot(@TempDir Path dir) throws IOException {
        Path quiz = Files.createDirectories(dir.resolve("quiz"));
        Files.writeString(dir.resolve("a.yml"), """
                topic: 甲
                entries:
                  - id: escalator
                    question: 扶梯怎么站？
                    phrasings:
                      - 扶梯还要左行右立吗
                      - 扶梯站哪边
                    answer: >-
                      请左行右立。
                    source: 测试
                  - id: flow
                    question: 扶梯
                    phrasings: [左行右立对吗, 扶梯规矩, 扶梯礼仪]
                    answer: 站稳扶好。
                    source: 测试
                """);
        Files.writeString(quiz.resolve("q.yml"), """
                topic: 乙
                questions:
                  - id: q1
                    question: 扶梯上應該左行、右立嗎？
                """);
        List<Term> terms = List.of(new Term("左行右立", "不再提倡", "站稳扶好"));
        List<String> found = new ArrayList<>();
        for (Path file : files(dir)) {
            found.addAll(scan(file, terms));
        }
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).startsWith(dir.resolve("a.yml") + ":9: ").contains("左行右立", "站稳扶好");
        // Traditional characters and punctuation do not hide a term.
        assertThat(found.get(1)).startsWith(quiz.resolve("q.yml") + ":4: ");
    }

    /** Topic files, the item list and quiz files, in a stable order. */
    private static List<Path> files(Path knowledge) throws IOException {
        try (Stream<Path> walk = Files.walk(knowledge)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yml") || p.getFileName().toString().equals(KnowledgeLoader.GARBAGE_ITEMS))
                    .sorted().toList();
        }
    }

    /** "file:line: term (why) → replaced-by" for every line that says a term, phrasings excepted. */
    private static List<String> scan(Path file, List<Term> terms) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        int phrasingsIndent = -1;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (phrasingsIndent >= 0) {
                var item = LIST_ITEM.matcher(line);
                if (item.matches() && item.group(1).length() > phrasingsIndent || line.isBlank()) {
                    continue;
                }
                phrasingsIndent = -1;
            }
            if (PHRASINGS_BLOCK.matcher(line).matches()) {
                phrasingsIndent = line.indexOf('p');
                continue;
            }
            if (PHRASINGS_FLOW.matcher(line).matches()) {
                continue;
            }
            String text = key(line);
            for (Term term : terms) {
                if (line.contains(term.term()) || text.contains(key(term.term()))) {
                    found.add(file + ":" + (n + 1) + ": “" + term.term() + "”（" + term.why() + "）→ "
                            + term.replacedBy());
                }
            }
        }
        return found;
    }

    private static String key(String text) {
        return TextNormalizer.normalize(text).replace(" ", "");
    }

    @SuppressWarnings("unchecked")
    private static List<Term> terms(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(doc).as(file + " must be a mapping with a list of terms").isInstanceOf(Map.class);
        List<Term> terms = new ArrayList<>();
        for (Object item : (List<Object>) ((Map<String, Object>) doc).get("terms")) {
            Map<String, Object> map = (Map<String, Object>) item;
            terms.add(new Term(string(map.get("term")), string(map.get("why")), string(map.get("replaced-by"))));
        }
        return terms;
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString().strip();
    }
}
