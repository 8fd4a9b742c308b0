package cn.wenming.ask;

import cn.wenming.core.CommandTable;
import cn.wenming.core.TextNormalizer;
import cn.wenming.knowledge.KnowledgeBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * Decides what a message asks for from labelled example messages ({@code knowledge/intents/*.yml}),
 * not from keyword lists: a logistic-regression model over the bge-small-zh sentence vector and
 * character n-grams ({@link IntentModel}), trained on the examples at start-up. A second model over
 * the n-grams alone answers first, and where it is sure the sentence vector is never computed: the
 * embedding model is most of what a new question costs. Cheap cues decide
 * first where they are certain: an exact command from {@code config/commands.yml}, a greeting, a
 * ticket number.
 */
@Component
class IntentClassifier {

    private static final Logger log = LoggerFactory.getLogger(IntentClassifier.class);
    private static final int MAX_GREETING_CHARS = 6;
    /** WM + digits, or a bare ticket number: yyMMdd and a 4-digit counter. */
    private static final Pattern TICKET = Pattern.compile(
            "wm\\d{6,}|(?<!\\d)2\\d(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{4}(?!\\d)");
    private static final List<Intent> COMMAND_INTENTS = List.of(Intent.REPORT, Intent.STATUS, Intent.QUIZ,
            Intent.SURVEY, Intent.VOLUNTEER);

    /** How a message was understood: the intent, every intent's score, and the cue that decided, if any. */
    record Understanding(Intent intent, List<IntentScore> ranked, String cue) {

        double score(Intent intent) {
            return ranked.stream().filter(s -> s.intent() == intent).mapToDouble(IntentScore::score).findFirst()
                    .orElse(0);
        }
    }


    private final CommandTable commands;
    private final KnowledgeBase knowledge;
    private final IntentModel model;
    /** The same examples without sentence vectors: decides alone where it is sure. */
    private final IntentModel lexicalModel;
    private final double lexicalConfidence;
    /** Per feature intent: the exact words that name it, and the commands followed by an argument. */
    private final Map<Intent, Set<String>> commandWords = new EnumMap<>(Intent.class);
    private final Map<Intent, List<String>> argumentCommands = new EnumMap<>(Intent.class);

    IntentClassifier(IntentProperties properties, CommandTable commands, KnowledgeBase knowledge) {
        this.commands = commands;
        this.knowledge = knowledge;
        // Looked up once: every message is checked against them.
        for (Intent intent : COMMAND_INTENTS) {
            commandWords.put(intent, commands.names("intent." + intent.key()).stream()
                    .flatMap(name -> commands.words(name).stream()).collect(Collectors.toUnmodifiableSet()));
            argumentCommands.put(intent, commands.names("args." + intent.key() + "."));
        }
        long started = System.nanoTime();
        Examples examples = Examples.read(properties.examplesDir());
        this.model = examples.train(knowledge.sentenceVectors(examples.texts()));
        this.lexicalModel = examples.train(null);
        this.lexicalConfidence = properties.lexicalConfidence();
        log.info("Intent models trained from {} in {} ms", properties.examplesDir(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Classifies a message as typed (it is normalised here). */
    Understanding classify(String message) {
        String text = TextNormalizer.normalize(message);
        String compact = text.replace(" ", "");
        if (compact.isEmpty()) {
            return new Understanding(Intent.UNKNOWN, List.of(), "empty");
        }
        if (isGreeting(compact)) {
            return new Understanding(Intent.GREETING, List.of(), "greeting");
        }
        for (Intent intent : COMMAND_INTENTS) {
            boolean command = commandWords.get(intent).contains(compact)
                    || argumentCommands.get(intent).stream()
                    .anyMatch(name -> commands.argument(name, text).isPresent());
            if (command) {
                return new Understanding(intent, List.of(new IntentScore(intent, 1.0)), "command");
            }
        }
        if (TICKET.matcher(compact).find()) {
            return new Understanding(Intent.STATUS, List.of(new IntentScore(Intent.STATUS, 1.0)), "ticket");
        }
        List<IntentScore> ranked = rank(text);
        return new Understanding(ranked.get(0).intent(), ranked, null);
    }

    /** Whether the message asks for more on the answer just given ("还有吗"). */
    boolean asksForMore(String message) {
        return commands.is("knowledge.more", message);
    }

    /** Whether the message asks for a person ("人工"). */
    boolean asksForHuman(String message) {
        return commands.is("intent.human", message);
    }

    private boolean isGreeting(String compact) {
        Set<String> greetings = commands.words("intent.greeting");
        return greetings.contains(compact) || compact.length() <= MAX_GREETING_CHARS
                && greetings.stream().anyMatch(compact::startsWith);
    }

    /**
     * Every labelled intent, best first, with its probability: from the n-gram model when it is sure,
     * else from the full model with the sentence vector.
     */
    private List<IntentScore> rank(String text) {
        IntentModel.Features grams = features(text, null);
        double[] lexical = lexicalModel.probabilities(grams);
        boolean sure = Arrays.stream(lexical).max().orElse(0) >= lexicalConfidence;
        double[] p = sure ? lexical
                : model.probabilities(new IntentModel.Features(knowledge.sentenceVector(text), grams.buckets()));
        List<IntentScore> ranked = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            ranked.add(new IntentScore(model.classes().get(c), p[c]));
        }
        ranked.sort(Comparator.comparingDouble(IntentScore::score).reversed());
        return List.copyOf(ranked);
    }

    /** The labelled examples, normalised. */
    private record Examples(List<Intent> labels, List<String> texts) {

        static Examples read(Path dir) {
            List<Intent> labels = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                    Map<String, Object> parsed;
                    try (InputStream in = Files.newInputStream(file)) {
                        parsed = new Yaml().load(in);
                    }
                    Intent intent = Intent.fromKey(String.valueOf(parsed.get("intent")));
                    if (intent == Intent.UNKNOWN || !(parsed.get("examples") instanceof List<?> list) || list.isEmpty()) {
                        throw new IllegalStateException(file + ": needs a known 'intent' and a list of 'examples'");
                    }
                    for (Object example : list) {
                        String text = TextNormalizer.normalize(String.valueOf(example));
                        // Emoji or punctuation alone ("👍") normalises to nothing: no message can match it.
                        if (!text.isEmpty()) {
                            labels.add(intent);
                            texts.add(text);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the intent examples in " + dir.toAbsolutePath(), e);
            }
            return new Examples(labels, texts);
        }

        /** A model over the n-grams and, when {@code vectors} is not null, the examples' sentence vectors. */
        IntentModel train(List<float[]> vectors) {
            List<IntentModel.Features> features = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                features.add(features(texts.get(i), vectors == null ? null : vectors.get(i)));
            }
            return IntentModel.train(labels, features, labels.stream().distinct().sorted().toList());
        }
    }

    /** The sentence vector and the hashed character 1-, 2- and 3-grams of the text (spaces kept as breaks). */
    private static IntentModel.Features features(String text, float[] vector) {
        Set<Integer> buckets = new HashSet<>();
        String padded = "^" + text + "$";
        for (int n = 1; n <= 3; n++) {
            for (int i = 0; i + n <= padded.length(); i++) {
                String gram = padded.substring(i, i + n);
                if (!gram.isBlank()) {
                    buckets.add(Math.floorMod(gram.hashCode() * 31 + n, IntentModel.BUCKETS));
                }
            }
        }
        return new IntentModel.Features(vector, buckets.stream().mapToInt(Integer::intValue).toArray());
    }
}
