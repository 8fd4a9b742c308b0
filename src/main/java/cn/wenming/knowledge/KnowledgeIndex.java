package cn.wenming.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * An immutable in-memory index of one {@link KnowledgeSet}. Every standard question, phrasing and
 * answer is its own document, so a long list of phrasings does not dilute a short one; hits are
 * collapsed to their entry. Reference-counted so a reload can swap it while searches are running.
 */
final class KnowledgeIndex {

    /** Answers explain, questions ask: a match on the answer text counts for less. */
    private static final float QUESTION_WEIGHT = 1.2f;
    private static final float PHRASING_WEIGHT = 1.0f;
    private static final float ANSWER_WEIGHT = 0.35f;
    private static final double ANSWER_TERM_CREDIT = 0.5;
    private static final int HITS = 40;
    /** Coverage is worked out only for the entries BM25 ranks highest. */
    private static final int RERANKED = 12;

    private final KnowledgeSet set;
    private final KnowledgeAnalysis analysis;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Map<String, KnowledgeEntry> entries = new LinkedHashMap<>();
    private final Map<String, Set<String>> askedTerms = new HashMap<>();
    private final Map<String, Set<String>> answerTerms = new HashMap<>();
    /**
     * Entry id and weight by Lucene doc id. The index is written once into a single segment, so doc
     * ids are insertion order; reading stored fields per hit instead cost half the search time.
     */
    private final List<String> docEntry = new ArrayList<>();
    private final List<Float> docWeight = new ArrayList<>();
    /** Bigram document frequencies, read once: looking them up per query doubled the term seeks. */
    private final Map<String, Integer> bigramDocFreq = new HashMap<>();

    private KnowledgeIndex(KnowledgeSet set, KnowledgeAnalysis analysis) throws IOException {
        this.set = set;
        this.analysis = analysis;
        Map<String, org.apache.lucene.analysis.Analyzer> perField = Map.of(
                KnowledgeAnalysis.WORDS, analysis.words(), KnowledgeAnalysis.BIGRAMS, analysis.bigrams());
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(analysis.words(), perField));
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (KnowledgeEntry entry : set.entries()) {
                entries.put(entry.id(), entry);
                Set<String> asked = new HashSet<>();
                writer.addDocument(doc(entry.id(), QUESTION_WEIGHT, entry.question(), asked));
                for (String phrasing : entry.phrasings()) {
                    writer.addDocument(doc(entry.id(), PHRASING_WEIGHT, phrasing, asked));
                }
                Set<String> answered = new HashSet<>();
                writer.addDocument(doc(entry.id(), ANSWER_WEIGHT, entry.answer(), answered));
                askedTerms.put(entry.id(), asked);
                answerTerms.put(entry.id(), answered);
            }
            writer.forceMerge(1);
        }
        this.reader = DirectoryReader.open(directory);
        if (reader.leaves().size() != 1 || reader.maxDoc() != docEntry.size()) {
            throw new IllegalStateException("knowledge index must be one segment in insertion order");
        }
        TermsEnum terms = reader.leaves().get(0).reader().terms(KnowledgeAnalysis.BIGRAMS).iterator();
        for (BytesRef term = terms.next(); term != null; term = terms.next()) {
            bigramDocFreq.put(term.utf8ToString(), terms.docFreq());
        }
        this.searcher = new IndexSearcher(reader);
        // Short fields of similar length: weaker length normalisation than the default b=0.75.
        this.searcher.setSimilarity(new BM25Similarity(1.2f, 0.4f));
    }

    static KnowledgeIndex build(KnowledgeSet set, KnowledgeAnalysis analysis) {
        try {
            return new KnowledgeIndex(set, analysis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document doc(String entryId, float weight, String text, Set<String> termsOut) {
        String normalized = cn.wenming.core.TextNormalizer.normalize(text);
        termsOut.addAll(analysis.bigramTerms(normalized));
        docEntry.add(entryId);
        docWeight.add(weight);
        Document doc = new Document();
        doc.add(new TextField(KnowledgeAnalysis.WORDS, normalized, Field.Store.NO));
        doc.add(new TextField(KnowledgeAnalysis.BIGRAMS, normalized, Field.Store.NO));
        return doc;
    }

    String version() {
        return set.version();
    }

    int entryCount() {
        return entries.size();
    }

    KnowledgeEntry entry(String id) {
        return entries.get(id);
    }

    boolean tryAcquire() {
        return reader.tryIncRef();
    }

    void release() {
        try {
            reader.decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Candidates for an already-normalised question, best first. */
    List<Candidate> search(String normalizedQuery, int limit) {
        Set<String> queryBigrams = analysis.bigramTerms(normalizedQuery);
        List<String> queryWords = analysis.wordTerms(normalizedQuery);
        if (queryBigrams.isEmpty() && queryWords.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : new HashSet<>(queryWords)) {
            query.add(new TermQuery(new Term(KnowledgeAnalysis.WORDS, word)), BooleanClause.Occur.SHOULD);
        }
        for (String bigram : queryBigrams) {
            query.add(new BoostQuery(new TermQuery(new Term(KnowledgeAnalysis.BIGRAMS, bigram)), 0.8f),
                    BooleanClause.Occur.SHOULD);
        }
        try {
            ScoreDoc[] hits = searcher.search(query.build(), HITS).scoreDocs;
            Map<String, Float> best = new LinkedHashMap<>();
            for (ScoreDoc hit : hits) {
                best.merge(docEntry.get(hit.doc), hit.score * docWeight.get(hit.doc), Math::max);
            }
            float top = best.values().stream().max(Float::compare).orElse(1f);
            Map<String, Double> idf = idf(queryBigrams);
            List<Candidate> candidates = new ArrayList<>();
            best.entrySet().stream()
                    .sorted(Map.Entry.<String, Float>comparingByValue().reversed())
                    .limit(RERANKED)
                    .forEach(hit -> {
                        double coverage = coverage(hit.getKey(), queryBigrams, idf);
                        // Coverage decides whether we understood the question; relevance orders close calls.
                        candidates.add(new Candidate(entries.get(hit.getKey()), coverage,
                                0.7 * coverage + 0.3 * hit.getValue() / top));
                    });
            candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
            return candidates.subList(0, Math.min(limit, candidates.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double coverage(String entryId, Set<String> queryBigrams, Map<String, Double> idf) {
        double total = 0;
        double covered = 0;
        for (String term : queryBigrams) {
            double weight = idf.get(term);
            total += weight;
            if (askedTerms.get(entryId).contains(term)) {
                covered += weight;
            } else if (answerTerms.get(entryId).contains(term)) {
                covered += weight * ANSWER_TERM_CREDIT;
            }
        }
        return total == 0 ? 0 : covered / total;
    }

    /** BM25 idf per query term; a term the knowledge base never uses weighs the most. */
    private Map<String, Double> idf(Set<String> terms) {
        int docs = docEntry.size();
        Map<String, Double> idf = new HashMap<>();
        for (String term : terms) {
            int df = bigramDocFreq.getOrDefault(term, 0);
            idf.put(term, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
        }
        return idf;
    }
}
