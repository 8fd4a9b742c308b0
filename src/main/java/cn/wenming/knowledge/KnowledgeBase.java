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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The knowledge base as the rest of the service sees it. It builds the index at start-up (failing
 * fast on an invalid folder), polls the folder for edits and swaps in a rebuilt index atomically; an
 * invalid edit is refused and the previous index keeps serving.
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

    private final KnowledgeProperties properties;
    private final KnowledgeProperties.Bands bands;
    private final KnowledgeProperties.Semantic semantic;
    private final KnowledgeAnalysis analysis;
    private final SentenceEmbeddings embeddings;
    private final Cache<String, KnowledgeAnswer> answers;
    private volatile KnowledgeIndex current;
    private volatile String lastReloadError;

    public KnowledgeBase(KnowledgeProperties properties) {
        this.properties = properties;
        this.bands = properties.bands();
        this.semantic = properties.semantic();
        this.analysis = new KnowledgeAnalysis(readStopwords(properties.stopwordsFile()),
                Synonyms.parse(lines(properties.synonymsFile())), words(properties.dictionaryFile()));
        this.embeddings = SentenceEmbeddings.create(semantic.enabled(), semantic.cacheDir());
        // Size 0 means no cache at all (Caffeine evicts asynchronously, so a 0-size cache still hits).
        this.answers = properties.answerCacheSize() > 0
                ? Caffeine.newBuilder().maximumSize(properties.answerCacheSize()).build() : null;
        TextNormalizer.warmUp();
        this.current = KnowledgeIndex.build(KnowledgeLoader.load(properties.dir(), properties.cityWording()),
                analysis, embeddings);
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
            return answers == null ? decide(index, text)
                    : answers.get(index.version() + "\n" + text, key -> decide(index, text));
        } finally {
            index.release();
        }
    }

    private KnowledgeAnswer decide(KnowledgeIndex index, String text) {
        List<Candidate> lexical = text.isEmpty() ? List.of() : index.search(text, LEXICAL_CANDIDATES);
        boolean keyword = text.replace(" ", "").length() <= KEYWORD_CHARS;
        Optional<Candidate> clear = clearLexicalWinner(lexical, keyword);
        // An entry written for this very question beats the one-line item answer …
        if (clear.isPresent() && clear.get().coverage() >= bands.confidentCoverage()) {
            return answer(clear.get().entry(), clear.get().score(), true, plausibleLexically(lexical));
        }
        // … and the item list beats a looser match ("打印机墨盒" is about 墨盒, not about printers).
        Optional<KnowledgeEntry> item = index.garbageItem(text);
        if (item.isPresent()) {
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.ANSWER, item.get(), 1.0, true, List.of());
        }
        if (clear.isPresent()) {
            return answer(clear.get().entry(), clear.get().score(), false, plausibleLexically(lexical));
        }
        if (keyword) {
            // A keyword that is (or sounds exactly like) one entry's phrasing is that entry;
            // one matching several entries gets a topic list, not a guess from its embedding.
            Optional<KnowledgeEntry> same = index.soundsLike(text);
            if (same.isPresent()) {
                return answer(same.get(), 1.0, false, plausibleLexically(lexical));
            }
            return lexicalOnly(lexical);
        }
        if (text.isEmpty() || !index.hasVectors()) {
            return lexicalOnly(lexical);
        }
        return hybrid(index, text, lexical);
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
    private KnowledgeAnswer hybrid(KnowledgeIndex index, String text, List<Candidate> lexical) {
        Map<String, Double> cosine = index.similarities(embeddings.embed(text));
        Map<String, Double> coverage = new HashMap<>();
        lexical.forEach(c -> coverage.put(c.entry().id(), c.coverage()));
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
    void reloadIfChanged() {
        String onDisk;
        try {
            onDisk = KnowledgeLoader.contentVersion(properties.dir());
        } catch (RuntimeException e) {
            lastReloadError = e.getMessage();
            return;
        }
        if (!onDisk.equals(current.version())) {
            reload();
        }
    }

    /** Rebuilds from the folder; returns true if a new index is now serving. */
    public synchronized boolean reload() {
        try {
            KnowledgeIndex fresh = KnowledgeIndex.build(
                    KnowledgeLoader.load(properties.dir(), properties.cityWording()), analysis, embeddings);
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
