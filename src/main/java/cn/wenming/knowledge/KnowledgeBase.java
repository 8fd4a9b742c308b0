package cn.wenming.knowledge;

import cn.wenming.core.TextNormalizer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The knowledge base as the rest of the service sees it. It builds the index at start-up (failing
 * fast on an invalid folder), polls the folder for edits and swaps in a rebuilt index atomically; an
 * invalid edit is refused and the previous index keeps serving. Entries edited in the console
 * (the database overlay) are laid over the folder; {@link KnowledgeOverlayWatcher} rebuilds the
 * index on every instance within a second or two of a console change.
 */
@Service
public class KnowledgeBase {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    private static final int SUGGESTIONS = 3;
    private static final int LEXICAL_CANDIDATES = 12;
    /** Weight of the embedding cosine against Lucene coverage when the two are combined. */
    private static final double COSINE_WEIGHT = 0.6;
    /** Questions this short are keywords (垃圾, 创文): answered only when one entry stands out. */
    private static final int KEYWORD_CHARS = 4;
    private static final double KEYWORD_COVERAGE_GAP = 0.1;
    /** Candidates shown by {@link #explain(String)}. */
    private static final int EXPLAINED = 8;

    private final KnowledgeProperties properties;
    private final KnowledgeProperties.Bands bands;
    private final KnowledgeProperties.Semantic semantic;
    private final KnowledgeAnalysis analysis;
    private final SentenceEmbeddings embeddings;
    private final SentenceEmbeddings fixedTextEmbeddings;
    private final Cache<String, KnowledgeAnswer> answers;
    /**
     * Question vectors: the intent classifier and the re-ranking embed the same text once. Null when the
     * answer cache is off: a question vector kept from one message to the next would make a repeated
     * question cheap again, and "cache off" means every question is new (issue 15's benchmark).
     */
    private final Cache<String, float[]> questionVectors;
    /**
     * Without {@link #questionVectors}: the vector this thread embedded last, so that the re-ranking of a
     * message reuses the classifier's embedding of it. {@link #answer} clears it, so it never serves a
     * later message.
     */
    private final ThreadLocal<QuestionVector> justEmbedded = new ThreadLocal<>();
    private final KnowledgeOverlay overlay;
    private volatile KnowledgeIndex current;
    private volatile String lastReloadError;
    /** What the last build (successful or refused) was made from: a change to either triggers a rebuild. */
    private volatile String builtFromFiles;
    private volatile String builtFromOverlay;

    /** The folder alone, without console edits (tools, benchmarks, unit tests). */
    public KnowledgeBase(KnowledgeProperties properties) {
        this(properties, KnowledgeOverlay.NONE);
    }

    @Autowired
    KnowledgeBase(KnowledgeProperties properties, KnowledgeOverlay overlay) {
        this.properties = properties;
        this.overlay = overlay;
        this.bands = properties.bands();
        this.semantic = properties.semantic();
        this.analysis = new KnowledgeAnalysis(readStopwords(properties.stopwordsFile()),
                Synonyms.parse(lines(properties.synonymsFile())), words(properties.dictionaryFile()));
        this.embeddings = SentenceEmbeddings.create(semantic.enabled(), semantic.cacheDir());
        this.fixedTextEmbeddings = SentenceEmbeddings.create(semantic.enabled(), semantic.cacheDir(),
                "bge-small-zh-v15-q.fixed-texts.vectors");
        // Size 0 means no cache at all (Caffeine evicts asynchronously, so a 0-size cache still hits).
        boolean caching = properties.answerCacheSize() > 0;
        this.answers = caching ? Caffeine.newBuilder().maximumSize(properties.answerCacheSize()).build() : null;
        this.questionVectors = caching ? Caffeine.newBuilder().maximumSize(10_000).build() : null;
        TextNormalizer.warmUp();
        this.current = initialIndex();
        log.info("Knowledge base loaded: {} entries, version {}, embeddings {}", current.entryCount(),
                current.version(), embeddings.status());
    }

    /**
     * Three bands. A listed household item is answered from the item list. Otherwise Lucene decides
     * alone when the best entry covers the question and clearly beats the runner-up; when it is
     * unsure, the question's sentence vector is compared with every way each entry is asked, which
     * also recalls entries Lucene missed. The answer is: answer, offer "您是不是想问" when several
     * entries are plausible, or decline when none is. Only confident answers skip the curation log.
     */
    public KnowledgeAnswer answer(String question) {
        String text = TextNormalizer.normalize(question);
        KnowledgeIndex index = acquire();
        try {
            return answers == null ? decide(index, text, null)
                    : answers.get(index.version() + "\n" + text, key -> decide(index, text, null));
        } finally {
            index.release();
            if (questionVectors == null) {
                justEmbedded.remove();
            }
        }
    }

    /**
     * The same decision as {@link #answer(String)} (never from the answer cache, never logged), with
     * the reasons: which rule decided and the best candidates with their signals. For the console's
     * "试一试" box.
     */
    public KnowledgeExplanation explain(String question) {
        String text = TextNormalizer.normalize(question);
        KnowledgeIndex index = acquire();
        try {
            Trace trace = new Trace();
            KnowledgeAnswer answer = decide(index, text, trace);
            Map<String, Double> cosine = trace.cosine;
            if (cosine == null && !text.isEmpty() && index.hasVectors()) {
                // Lucene decided alone; the cosines are shown for comparison only.
                cosine = index.similarities(embeddings.embed(text),
                        trace.lexical.stream().map(c -> c.entry().id()).toList());
            }
            Map<String, KnowledgeExplanation.Scored> rows = new LinkedHashMap<>();
            for (Candidate c : trace.lexical) {
                Double cos = cosine == null ? null : cosine.get(c.entry().id());
                rows.put(c.entry().id(), new KnowledgeExplanation.Scored(c.entry().id(), c.entry().question(),
                        c.coverage(), c.score(), cos, cos == null ? null : hybridScore(cos, c.coverage())));
            }
            if (cosine != null) {
                cosine.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(EXPLAINED).filter(e -> !rows.containsKey(e.getKey()))
                        .forEach(e -> rows.put(e.getKey(), new KnowledgeExplanation.Scored(e.getKey(),
                                index.entry(e.getKey()).question(), 0, null, e.getValue(),
                                hybridScore(e.getValue(), 0))));
            }
            Comparator<Double> nullsLow = Comparator.nullsFirst(Comparator.naturalOrder());
            Comparator<KnowledgeExplanation.Scored> order = cosine != null
                    ? Comparator.comparing(KnowledgeExplanation.Scored::hybrid, nullsLow)
                    : Comparator.comparing(KnowledgeExplanation.Scored::score, nullsLow);
            List<KnowledgeExplanation.Scored> ranked = rows.values().stream().sorted(order.reversed())
                    .limit(EXPLAINED).toList();
            return new KnowledgeExplanation(question, text, answer, trace.route, ranked, index.version(),
                    index.hasVectors(), new KnowledgeExplanation.Thresholds(bands.answerCoverage(),
                            bands.answerMargin(), bands.confidentCoverage(), bands.suggestCoverage(),
                            semantic.answerScore(), semantic.margin(), semantic.suggestScore(),
                            semantic.sameQuestionCosine()));
        } finally {
            index.release();
        }
    }

    private static double hybridScore(double cosine, double coverage) {
        return COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * coverage;
    }

    /** How a decision was reached, collected only for {@link #explain(String)}. */
    private static final class Trace {
        private KnowledgeExplanation.Route route;
        private List<Candidate> lexical = List.of();
        private Map<String, Double> cosine;
    }

    /**
     * The decision, checked for numbers: an answer whose entry never mentions a number the question
     * asks about ("12345是干嘛的") is not given. Another plausible entry that does mention it is offered
     * instead; without one the question is declined. (Nouns were tried the same way and dropped: on the
     * validation questions they turned more right answers into declines than wrong ones; see
     * docs/answer-quality.md.)
     */
    private KnowledgeAnswer decide(KnowledgeIndex index, String text, Trace explained) {
        Trace trace = explained != null ? explained : new Trace();
        KnowledgeAnswer answer = decideOnScores(index, text, trace);
        if (!answer.answered() || trace.route == KnowledgeExplanation.Route.GARBAGE_ITEM
                || index.missingNumbers(text, answer.entry().id()).isEmpty()) {
            return answer;
        }
        trace.route = KnowledgeExplanation.Route.SPECIFIC_NUMBERS;
        List<KnowledgeEntry> matching = answer.suggestions().stream()
                .filter(e -> index.missingNumbers(text, e.id()).isEmpty()).toList();
        return matching.isEmpty()
                ? new KnowledgeAnswer(KnowledgeAnswer.Decision.DECLINE, answer.entry(), answer.score(), false, List.of())
                : new KnowledgeAnswer(KnowledgeAnswer.Decision.SUGGEST, matching.get(0), answer.score(), false,
                        matching);
    }

    private KnowledgeAnswer decideOnScores(KnowledgeIndex index, String text, Trace trace) {
        List<Candidate> lexical = text.isEmpty() ? List.of() : index.search(text, LEXICAL_CANDIDATES);
        boolean keyword = text.replace(" ", "").length() <= KEYWORD_CHARS;
        Optional<Candidate> clear = clearLexicalWinner(lexical, keyword);
        if (trace != null) {
            trace.lexical = lexical;
        }
        // An entry written for this very question beats the one-line item answer …
        if (clear.isPresent() && clear.get().coverage() >= bands.confidentCoverage()) {
            traced(trace, KnowledgeExplanation.Route.LEXICAL_CONFIDENT);
            return answer(clear.get().entry(), clear.get().score(), true, plausibleLexically(lexical));
        }
        // … and the item list beats a looser match ("打印机墨盒" is about 墨盒, not about printers).
        Optional<KnowledgeEntry> item = index.garbageItem(text);
        if (item.isPresent()) {
            traced(trace, KnowledgeExplanation.Route.GARBAGE_ITEM);
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.ANSWER, item.get(), 1.0, true, List.of());
        }
        if (clear.isPresent()) {
            traced(trace, KnowledgeExplanation.Route.LEXICAL_CLEAR);
            return answer(clear.get().entry(), clear.get().score(), false, plausibleLexically(lexical));
        }
        if (keyword) {
            // A keyword that is (or sounds exactly like) one entry's phrasing is that entry;
            // one matching several entries gets a topic list, not a guess from its embedding.
            Optional<KnowledgeEntry> same = index.soundsLike(text);
            if (same.isPresent()) {
                traced(trace, KnowledgeExplanation.Route.KEYWORD_SOUND);
                return answer(same.get(), 1.0, false, plausibleLexically(lexical));
            }
            traced(trace, KnowledgeExplanation.Route.KEYWORD);
            return lexicalOnly(lexical);
        }
        if (text.isEmpty() || !index.hasVectors()) {
            traced(trace, KnowledgeExplanation.Route.LEXICAL_ONLY);
            return lexicalOnly(lexical);
        }
        traced(trace, KnowledgeExplanation.Route.HYBRID);
        return hybrid(index, text, lexical, trace);
    }

    private static void traced(Trace trace, KnowledgeExplanation.Route route) {
        if (trace != null) {
            trace.route = route;
        }
    }

    /** Lucene is sure: the best entry covers the question and beats the runner-up. */
    private Optional<Candidate> clearLexicalWinner(List<Candidate> lexical, boolean keyword) {
        if (lexical.isEmpty()) {
            return Optional.empty();
        }
        Candidate top = lexical.get(0);
        Candidate second = lexical.size() > 1 ? lexical.get(1) : null;
        double margin = second == null ? 1 : top.score() - second.score();
        boolean standsOut = !keyword || second == null
                || top.coverage() - second.coverage() >= KEYWORD_COVERAGE_GAP;
        boolean clear = top.coverage() >= bands.answerCoverage() && margin >= bands.answerMargin() && standsOut;
        return clear ? Optional.of(top) : Optional.empty();
    }

    /** Lucene was unsure: combine the embedding cosine with coverage. */
    private KnowledgeAnswer hybrid(KnowledgeIndex index, String text, List<Candidate> lexical, Trace trace) {
        Map<String, Double> coverage = new HashMap<>();
        lexical.forEach(c -> coverage.put(c.entry().id(), c.coverage()));
        Map<String, Double> cosine = index.similarities(rerankingVector(text), coverage.keySet());
        if (trace != null) {
            trace.cosine = cosine;
        }
        record Scored(KnowledgeEntry entry, double cosine, double coverage, double score) {
        }
        List<Scored> ranked = new ArrayList<>();
        cosine.forEach((id, cos) -> {
            double cov = coverage.getOrDefault(id, 0.0);
            ranked.add(new Scored(index.entry(id), cos, cov, COSINE_WEIGHT * cos + (1 - COSINE_WEIGHT) * cov));
        });
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed());
        // A near-duplicate of one of an entry's phrasings is the strongest evidence there is: that
        // entry is the answer, whatever the word overlap of its neighbours.
        Optional<Scored> sameQuestion = ranked.stream().filter(s -> s.cosine() >= semantic.sameQuestionCosine())
                .max(Comparator.comparingDouble(Scored::cosine));
        if (sameQuestion.isPresent()) {
            ranked.remove(sameQuestion.get());
            ranked.add(0, sameQuestion.get());
        }
        Scored top = ranked.get(0);
        List<KnowledgeEntry> plausible = ranked.stream().filter(s -> s.score() >= semantic.suggestScore())
                .limit(SUGGESTIONS).map(Scored::entry).toList();
        double margin = ranked.size() > 1 ? top.score() - ranked.get(1).score() : 1;
        log.debug("hybrid top={} cos={} cov={} score={} margin={} plausible={}", top.entry().id(),
                String.format("%.3f", top.cosine()), String.format("%.3f", top.coverage()),
                String.format("%.3f", top.score()), String.format("%.3f", margin), plausible.size());
        boolean clear = margin >= semantic.margin() || top.cosine() >= semantic.sameQuestionCosine();
        // The only plausible entry is answered, as on the Lucene-only path: a one-item
        // "您是不是想问" list only makes the resident type "1".
        if (top.score() >= semantic.answerScore() && clear || plausible.size() == 1) {
            return answer(top.entry(), top.score(), false, plausible);
        }
        if (!plausible.isEmpty()) {
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.SUGGEST, top.entry(), top.score(), false, plausible);
        }
        return new KnowledgeAnswer(KnowledgeAnswer.Decision.DECLINE, top.entry(), top.score(), false, List.of());
    }

    /** Without embeddings: a sole plausible entry is answered, several are offered, none is declined. */
    private KnowledgeAnswer lexicalOnly(List<Candidate> lexical) {
        if (lexical.isEmpty()) {
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.DECLINE, null, 0, false, List.of());
        }
        Candidate top = lexical.get(0);
        List<KnowledgeEntry> plausible = plausibleLexically(lexical);
        if (plausible.size() == 1) {
            return answer(top.entry(), top.score(), false, plausible);
        }
        if (!plausible.isEmpty()) {
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.SUGGEST, top.entry(), top.score(), false, plausible);
        }
        return new KnowledgeAnswer(KnowledgeAnswer.Decision.DECLINE, top.entry(), top.score(), false, List.of());
    }

    private List<KnowledgeEntry> plausibleLexically(List<Candidate> lexical) {
        return lexical.stream().filter(c -> c.coverage() >= bands.suggestCoverage())
                .limit(SUGGESTIONS).map(Candidate::entry).toList();
    }

    private static KnowledgeAnswer answer(KnowledgeEntry entry, double score, boolean confident,
            List<KnowledgeEntry> plausible) {
        List<KnowledgeEntry> related = plausible.stream().filter(e -> !e.id().equals(entry.id())).toList();
        return new KnowledgeAnswer(KnowledgeAnswer.Decision.ANSWER, entry, score, confident, related);
    }

    /** An entry by id, including the item entries of the garbage list. */
    public KnowledgeEntry entry(String id) {
        return current.entry(id);
    }

    public int entryCount() {
        return current.entryCount();
    }

    public String version() {
        return current.version();
    }

    public String lastReloadError() {
        return lastReloadError;
    }

    public String semanticStatus() {
        return embeddings.status();
    }

    @Scheduled(fixedDelayString = "${wenming.knowledge.reload-interval:10s}")
    synchronized void reloadIfChanged() {
        String onDisk;
        try {
            onDisk = KnowledgeLoader.contentVersion(properties.dir());
        } catch (RuntimeException e) {
            lastReloadError = e.getMessage();
            return;
        }
        if (!onDisk.equals(builtFromFiles)) {
            reload();
        }
    }

    /**
     * Rebuilds if a console change was saved (on any instance) since the last build. Checked under the
     * lock, so a change this instance has just rebuilt for is not rebuilt a second time.
     */
    synchronized void reloadIfOverlayChanged() {
        String fingerprint;
        try {
            fingerprint = overlay.fingerprint();
        } catch (RuntimeException e) {
            log.debug("Cannot read the console's knowledge changes: {}", e.toString());
            return;
        }
        if (!fingerprint.equals(builtFromOverlay)) {
            reload();
        }
    }

    /** Rebuilds from the folder and the console's changes; returns true if a new index is now serving. */
    public synchronized boolean reload() {
        try {
            KnowledgeIndex fresh = build();
            KnowledgeIndex old = current;
            current = fresh;
            old.release();
            lastReloadError = null;
            log.info("Knowledge base reloaded: {} entries, version {}", fresh.entryCount(), fresh.version());
            return true;
        } catch (RuntimeException e) {
            lastReloadError = e.getMessage();
            log.error("Knowledge base edit refused, still serving version {}: {}", current.version(), e.getMessage());
            return false;
        }
    }

    /**
     * Folder plus console changes. The fingerprints are read before the content, so a change saved
     * while building is seen by the next poll rather than lost.
     */
    private KnowledgeIndex build() {
        String files = KnowledgeLoader.contentVersion(properties.dir());
        String fingerprint;
        List<EntryRevision> revisions;
        try {
            fingerprint = overlay.fingerprint();
            revisions = overlay.latest();
        } catch (RuntimeException e) {
            builtFromFiles = files;
            throw new IllegalStateException("cannot read the console's knowledge changes: " + e.getMessage(), e);
        }
        builtFromFiles = files;
        builtFromOverlay = fingerprint;
        return KnowledgeIndex.build(KnowledgeLoader.load(properties.dir(), properties.cityWording(), revisions),
                analysis, embeddings);
    }

    /**
     * At start-up an invalid folder fails fast, as always. Console changes that no longer fit the
     * folder (a file edit took a phrasing an editor had added, say) or an unreachable database do not
     * stop the service: it starts on the folder alone and health shows why.
     */
    private KnowledgeIndex initialIndex() {
        try {
            return build();
        } catch (RuntimeException e) {
            KnowledgeIndex folderOnly = KnowledgeIndex.build(
                    KnowledgeLoader.load(properties.dir(), properties.cityWording()), analysis, embeddings);
            lastReloadError = "console changes not applied: " + e.getMessage();
            log.error("Knowledge base started on the folder alone; {}", lastReloadError);
            return folderOnly;
        }
    }

    /** The folder's entries as written, before city wording: what editors see. */
    List<KnowledgeLoader.SourcedEntry> fileEntries() {
        return KnowledgeLoader.readEntries(properties.dir());
    }

    Map<String, String> fileTopics() {
        return KnowledgeLoader.topics(properties.dir());
    }

    Path dir() {
        return properties.dir();
    }

    Map<String, String> cityWording() {
        return properties.cityWording() == null ? Map.of() : properties.cityWording();
    }

    KnowledgeAnalysis analysis() {
        return analysis;
    }

    /** A question's unit sentence vector, or null when embeddings are off (queue grouping, intents). */
    public float[] sentenceVector(String normalizedText) {
        if (!embeddings.available() || normalizedText.isEmpty()) {
            return null;
        }
        if (questionVectors != null) {
            return questionVectors.get(normalizedText, embeddings::embed);
        }
        float[] vector = embeddings.embed(normalizedText);
        justEmbedded.set(new QuestionVector(normalizedText, vector));
        return vector;
    }

    /** The vector the re-ranking compares: the cached one, or the one the classifier just made for this message. */
    private float[] rerankingVector(String normalizedText) {
        if (questionVectors != null || !embeddings.available()) {
            return sentenceVector(normalizedText);
        }
        QuestionVector handed = justEmbedded.get();
        return handed != null && handed.text().equals(normalizedText) ? handed.vector()
                : embeddings.embed(normalizedText);
    }

    /** Questions embedded so far (tests: what the caches save). */
    long questionsEmbedded() {
        return embeddings.embedded();
    }

    private record QuestionVector(String text, float[] vector) {
    }

    /**
     * Vectors of fixed texts (the intent examples), cached on disk with the knowledge vectors; null
     * when embeddings are off.
     */
    public List<float[]> sentenceVectors(List<String> normalizedTexts) {
        return fixedTextEmbeddings.available() ? fixedTextEmbeddings.embedAll(normalizedTexts) : null;
    }

    private KnowledgeIndex acquire() {
        while (true) {
            KnowledgeIndex index = current;
            if (index.tryAcquire()) {
                return index;
            }
        }
    }

    private static Set<String> readStopwords(Path file) {
        return lines(file).stream().map(TextNormalizer::normalize).collect(Collectors.toSet());
    }

    private static List<String> words(Path file) {
        return lines(file).stream().map(String::strip).toList();
    }

    /** Non-empty, non-comment lines of a config file. */
    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
