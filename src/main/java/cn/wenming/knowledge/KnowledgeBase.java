package cn.wenming.knowledge;

import cn.wenming.core.TextNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
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

    private final KnowledgeProperties properties;
    private final KnowledgeAnalysis analysis;
    private volatile KnowledgeIndex current;
    private volatile String lastReloadError;

    public KnowledgeBase(KnowledgeProperties properties) {
        this.properties = properties;
        this.analysis = new KnowledgeAnalysis(readStopwords(properties));
        TextNormalizer.warmUp();
        this.current = KnowledgeIndex.build(KnowledgeLoader.load(properties.dir()), analysis);
        log.info("Knowledge base loaded: {} entries, version {}", current.entryCount(), current.version());
    }

    /**
     * Three bands. Answer when the best entry covers the question and clearly beats the runner-up,
     * or when it is the only plausible reading; offer "您是不是想问" when several entries are
     * plausible; decline when none is. Only confident answers skip the curation log.
     */
    public KnowledgeAnswer answer(String question) {
        List<Candidate> candidates = candidates(question, SUGGESTIONS + 1);
        if (candidates.isEmpty()) {
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.DECLINE, null, 0, false, List.of());
        }
        Candidate top = candidates.get(0);
        List<KnowledgeEntry> plausible = candidates.stream()
                .filter(c -> c.coverage() >= properties.suggestCoverage())
                .limit(SUGGESTIONS).map(Candidate::entry).toList();
        if (plausible.isEmpty()) {
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.DECLINE, top.entry(), top.score(), false, List.of());
        }
        double margin = candidates.size() > 1 ? top.score() - candidates.get(1).score() : 1;
        boolean clearWinner = top.coverage() >= properties.answerCoverage() && margin >= properties.answerMargin();
        if (clearWinner || plausible.size() == 1) {
            boolean confident = clearWinner && top.coverage() >= properties.confidentCoverage();
            List<KnowledgeEntry> related = plausible.stream().filter(e -> e != top.entry()).toList();
            return new KnowledgeAnswer(KnowledgeAnswer.Decision.ANSWER, top.entry(), top.score(), confident, related);
        }
        return new KnowledgeAnswer(KnowledgeAnswer.Decision.SUGGEST, top.entry(), top.score(), false, plausible);
    }

    /** Ranked candidates for a raw question (normalised here). */
    private List<Candidate> candidates(String question, int limit) {
        KnowledgeIndex index = acquire();
        try {
            return index.search(TextNormalizer.normalize(question), limit);
        } finally {
            index.release();
        }
    }

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
            KnowledgeIndex fresh = KnowledgeIndex.build(KnowledgeLoader.load(properties.dir()), analysis);
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

    private static Set<String> readStopwords(KnowledgeProperties properties) {
        try {
            return Files.readAllLines(properties.stopwordsFile(), StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(TextNormalizer::normalize)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read stopwords " + properties.stopwordsFile(), e);
        }
    }
}
