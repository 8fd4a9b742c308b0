package cn.wenming.ask;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.knowledge.KnowledgeBase;
import cn.wenming.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The answer-quality guard and report. Knowledge rows must be answered with one of their key facts,
 * NONE rows declined, INTENT rows routed. Prints per-class accuracy, MRR@3 and the wrong-answer rate
 * on rows that should be declined.
 * <ul>
 *   <li>The development sets (src/test/resources/eval/qa-dev.tsv and intent-dev.tsv, copies of the
 *       shared ones) fail below 95 % in any class.</li>
 *   <li>Unseen questions, written by someone who saw neither the knowledge base nor the intent
 *       examples, split in two: the validation half (validation-*.tsv) may inform design decisions
 *       (never a row-by-row fix); the held-out half (heldout-*.tsv) is only ever measured. Both
 *       have lower floors that only catch a collapse.</li>
 * </ul>
 * Report only: {@code ./mvnw -B test -Dtest=AnswerQualityTest} (add
 * {@code -Dwenming.knowledge.semantic.enabled=false} for Lucene signals only).
 */
class AnswerQualityTest extends IntegrationTest {

    /** Knowledge, decline and intent floors. */
    private record Floors(double knowledge, double decline, double intent) {
    }

    private static final Floors DEV = new Floors(0.95, 0.95, 0.95);
    /**
     * Set a little under what was measured when the sets were written (docs/answer-quality.md), so
     * that they catch a collapse without being tuned toward.
     */
    private static final Floors UNSEEN = new Floors(0.55, 0.85, 0.85);

    @Autowired
    private AskService ask;

    @Autowired
    private KnowledgeBase knowledge;

    @Value("${wenming.knowledge.semantic.enabled}")
    private boolean semantic;

    private record Row(String question, String topic, List<String> facts) {
    }

    @Test
    void devSetsMeetTheFloorInEveryClass() throws IOException {
        evaluate("dev", DEV, "qa-dev.tsv", "intent-dev.tsv");
    }

    @Test
    void validationSetsDoNotCollapse() throws IOException {
        evaluate("validation", UNSEEN, "validation-qa.tsv", "validation-intent.tsv");
    }

    @Test
    void heldOutSetsDoNotCollapse() throws IOException {
        evaluate("held-out", UNSEEN, "heldout-qa.tsv", "heldout-intent.tsv");
    }

    private void evaluate(String name, Floors floor, String... files) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String file : files) {
            Files.readAllLines(Path.of("src/test/resources/eval", file), StandardCharsets.UTF_8).stream().skip(1)
                    .filter(line -> !line.isBlank()).map(line -> line.split("\t"))
                    .map(cells -> new Row(cells[0], cells[1], Arrays.asList(cells[2].split("\\|"))))
                    .forEach(rows::add);
        }
        int knowledgeRows = 0;
        int knowledgeRight = 0;
        double reciprocalRanks = 0;
        int declineRows = 0;
        int declineRight = 0;
        int declineAnswered = 0;
        int intentRows = 0;
        int intentRight = 0;
        List<String> misses = new ArrayList<>();
        for (Row row : rows) {
            AskResult result = ask.ask(row.question());
            if (row.topic().equals("NONE")) {
                declineRows++;
                boolean declined = !result.answered() && result.intent().equals("unknown");
                declineRight += declined ? 1 : 0;
                declineAnswered += result.answered() ? 1 : 0;
                if (!declined) {
                    misses.add("decline   | " + row.question() + " -> " + describe(result));
                }
            } else if (row.topic().startsWith("INTENT:")) {
                intentRows++;
                boolean routed = result.intent().equals(row.topic().substring("INTENT:".length()));
                intentRight += routed ? 1 : 0;
                if (!routed) {
                    misses.add("intent    | " + row.question() + " -> " + describe(result));
                }
            } else {
                knowledgeRows++;
                boolean right = result.answered() && hasFact(result.answer(), row.facts());
                knowledgeRight += right ? 1 : 0;
                reciprocalRanks += reciprocalRank(result, row.facts());
                if (!right) {
                    misses.add("knowledge | " + row.question() + " [" + row.topic() + "] -> " + describe(result));
                }
            }
        }
        double knowledgeAccuracy = (double) knowledgeRight / knowledgeRows;
        double declineAccuracy = (double) declineRight / declineRows;
        double intentAccuracy = (double) intentRight / intentRows;
        String report = String.format(Locale.ROOT, """
                ==== Answer quality on the %s sets (%d rows, embeddings %s) ====
                knowledge  %3d/%3d  accuracy %5.1f %%  MRR@3 %.3f
                decline    %3d/%3d  accuracy %5.1f %%  wrong answers on declines %5.1f %%
                intent     %3d/%3d  accuracy %5.1f %%
                misses:
                  %s
                """, name, rows.size(), semantic ? "on" : "off", knowledgeRight, knowledgeRows, 100 * knowledgeAccuracy,
                reciprocalRanks / knowledgeRows, declineRight, declineRows, 100 * declineAccuracy,
                100.0 * declineAnswered / declineRows, intentRight, intentRows, 100 * intentAccuracy,
                String.join("\n  ", misses));
        System.out.println(report);
        Files.writeString(Path.of("target/answer-quality-" + name + ".txt"), report);

        assertThat(knowledgeAccuracy).as(name + " knowledge accuracy").isGreaterThanOrEqualTo(floor.knowledge());
        assertThat(declineAccuracy).as(name + " decline accuracy").isGreaterThanOrEqualTo(floor.decline());
        assertThat(intentAccuracy).as(name + " intent accuracy").isGreaterThanOrEqualTo(floor.intent());
    }

    /** 1 for a right answer, 1/k when the k-th "您是不是想问" choice holds a key fact, else 0. */
    private double reciprocalRank(AskResult result, List<String> facts) {
        if (result.answered()) {
            return hasFact(result.answer(), facts) ? 1 : 0;
        }
        List<AskResult.Suggestion> suggestions = result.suggestions();
        for (int i = 0; i < Math.min(3, suggestions.size()); i++) {
            if (hasFact(knowledge.entry(suggestions.get(i).entryId()).answer(), facts)) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static boolean hasFact(String answer, List<String> facts) {
        return answer != null && facts.stream().anyMatch(answer::contains);
    }

    private static String describe(AskResult result) {
        String intents = result.intents().stream().limit(2)
                .map(s -> String.format(Locale.ROOT, "%s %.2f", s.intent().key(), s.score()))
                .reduce((a, b) -> a + ", " + b).map(s -> "  (" + s + ")").orElse("");
        if (result.answered()) {
            return "answered " + result.entryId() + intents;
        }
        return result.intent() + (result.suggestions().isEmpty() ? ""
                : " suggest " + result.suggestions().stream().map(AskResult.Suggestion::entryId).toList()) + intents;
    }
}
