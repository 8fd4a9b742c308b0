package cn.wenming.knowledge;

import cn.wenming.core.TextNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
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
    private static final float PINYIN_BOOST = 0.3f;
    private static final double ANSWER_TERM_CREDIT = 0.5;
    /** A homophone match is good evidence, but a little weaker than the characters themselves. */
    private static final double PINYIN_CREDIT = 0.9;
    private static final int HITS = 40;
    /** Coverage is worked out only for the entries BM25 ranks highest. */
    private static final int RERANKED = 12;

    private final KnowledgeSet set;
    private final KnowledgeAnalysis analysis;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Map<String, KnowledgeEntry> entries = new LinkedHashMap<>();
    private final Map<String, EntryTerms> entryTerms = new HashMap<>();
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{3,}");

    /**
     * Entry id and weight by Lucene doc id. The index is written once into a single segment, so doc
     * ids are insertion order; reading stored fields per hit instead cost half the search time.
     */
    private final List<String> docEntry = new ArrayList<>();
    private final List<Float> docWeight = new ArrayList<>();
    /** Document frequencies, read once: looking them up per query doubled the term seeks. */
    private final Map<String, Integer> bigramDocFreq;
    private final Map<String, Integer> pinyinDocFreq;
    /**
     * Unit sentence vectors of every entry's question and phrasings, one row after the other in one
     * array (each entry's rows together, from {@code rowStart[e]} to {@code rowStart[e + 1]}): every
     * question the lexical search is unsure of is compared with all of them, and walking one block of
     * memory is about twice as fast as a list of arrays. Empty when embeddings are off.
     */
    private float[] vectorRows = new float[0];
    private String[] vectorEntries = new String[0];
    private int[] rowStart = {0};
    private int dimensions;
    /** Row → its entry's position in {@link #vectorEntries}, and entry id → position. */
    private int[] rowEntry = new int[0];
    private final Map<String, Integer> entryPosition = new HashMap<>();
    /**
     * Above {@link #EXACT_ROWS} rows, an HNSW graph over the same vectors finds the nearest phrasings
     * instead of comparing with all of them (null below): a base of 20 000 entries has 140 000 rows,
     * tens of milliseconds of arithmetic per question. The real base stays exact.
     */
    private IndexSearcher vectorSearcher;
    private static final int EXACT_ROWS = 8_000;
    /** Nearest rows the graph returns; their entries, and the lexical candidates, get a cosine. */
    private static final int NEAREST_ROWS = 200;
    private static final String VECTOR = "v";
    private final GarbageGuide garbage;
    /** Entry by the toneless pinyin of each of its questions and phrasings; null marks a homophone clash. */
    private final Map<String, String> bySound = new HashMap<>();
    /** Each entry's whole text (question, phrasings, answer), for the specific-numbers check. */
    private final Map<String, String> entryText = new HashMap<>();

    /** The terms an entry is asked with (question + phrasings) and those of its answer. */
    private record EntryTerms(Set<String> askedBigrams, Set<String> askedPinyin, Set<String> answerBigrams) {
    }

    private KnowledgeIndex(KnowledgeSet set, KnowledgeAnalysis analysis, SentenceEmbeddings embeddings,
            int exactRows) throws IOException {
        this.set = set;
        this.analysis = analysis;
        this.garbage = new GarbageGuide(set.garbageItems());
        Map<String, Analyzer> perField = Map.of(KnowledgeAnalysis.WORDS, analysis.words(),
                KnowledgeAnalysis.BIGRAMS, analysis.bigrams(), KnowledgeAnalysis.PINYIN, analysis.pinyin());
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(analysis.words(), perField));
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (KnowledgeEntry entry : set.entries()) {
                entries.put(entry.id(), entry);
                EntryTerms terms = new EntryTerms(new HashSet<>(), new HashSet<>(), new HashSet<>());
                writer.addDocument(doc(entry.id(), QUESTION_WEIGHT, entry.question(), terms.askedBigrams(),
                        terms.askedPinyin()));
                for (String phrasing : entry.phrasings()) {
                    writer.addDocument(doc(entry.id(), PHRASING_WEIGHT, phrasing, terms.askedBigrams(),
                            terms.askedPinyin()));
                }
                writer.addDocument(doc(entry.id(), ANSWER_WEIGHT, entry.answer(), terms.answerBigrams(),
                        new HashSet<>()));
                entryTerms.put(entry.id(), terms);
                entryText.put(entry.id(), TextNormalizer.normalize(entry.question() + " "
                        + String.join(" ", entry.phrasings()) + " " + entry.answer()).replace(" ", ""));
            }
            writer.forceMerge(1);
        }
        this.reader = DirectoryReader.open(directory);
        if (reader.leaves().size() != 1 || reader.maxDoc() != docEntry.size()) {
            throw new IllegalStateException("knowledge index must be one segment in insertion order");
        }
        LeafReader leaf = reader.leaves().get(0).reader();
        this.bigramDocFreq = docFreqs(leaf.terms(KnowledgeAnalysis.BIGRAMS));
        this.pinyinDocFreq = docFreqs(leaf.terms(KnowledgeAnalysis.PINYIN));
        if (embeddings.available()) {
            embed(embeddings, exactRows);
        }
        this.searcher = new IndexSearcher(reader);
        // Short fields of similar length: weaker length normalisation than the default b=0.75.
        this.searcher.setSimilarity(new BM25Similarity(1.2f, 0.4f));
    }

    static KnowledgeIndex build(KnowledgeSet set, KnowledgeAnalysis analysis, SentenceEmbeddings embeddings) {
        return build(set, analysis, embeddings, EXACT_ROWS);
    }

    /** With the row count above which the nearest rows come from the graph (tests: a small base on the graph). */
    static KnowledgeIndex build(KnowledgeSet set, KnowledgeAnalysis analysis, SentenceEmbeddings embeddings,
            int exactRows) {
        try {
            return new KnowledgeIndex(set, analysis, embeddings, exactRows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document doc(String entryId, float weight, String text, Set<String> bigramsOut, Set<String> pinyinOut) {
        String canonical = analysis.canonical(TextNormalizer.normalize(text));
        if (weight != ANSWER_WEIGHT) {
            bySound.merge(analysis.sound(canonical), entryId, (a, b) -> a == null || !a.equals(b) ? null : a);
        }
        bigramsOut.addAll(analysis.bigramTerms(canonical));
        Set<String> pinyin = analysis.pinyinTerms(canonical);
        pinyinOut.addAll(pinyin);
        docEntry.add(entryId);
        docWeight.add(weight);
        Document doc = new Document();
        doc.add(new TextField(KnowledgeAnalysis.WORDS, canonical, Field.Store.NO));
        doc.add(new TextField(KnowledgeAnalysis.BIGRAMS, canonical, Field.Store.NO));
        doc.add(new TextField(KnowledgeAnalysis.PINYIN, String.join(" ", pinyin), Field.Store.NO));
        return doc;
    }

    private void embed(SentenceEmbeddings embeddings, int exactRows) throws IOException {
        List<String> owners = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (KnowledgeEntry entry : set.entries()) {
            List<String> asked = new ArrayList<>(entry.phrasings());
            asked.add(0, entry.question());
            for (String text : asked) {
                owners.add(entry.id());
                texts.add(TextNormalizer.normalize(text));
            }
        }
        List<float[]> embedded = embeddings.embedAll(texts);
        if (embedded.isEmpty()) {
            return;
        }
        dimensions = embedded.get(0).length;
        vectorRows = new float[embedded.size() * dimensions];
        List<String> entryIds = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            System.arraycopy(embedded.get(i), 0, vectorRows, i * dimensions, dimensions);
            if (i == 0 || !owners.get(i).equals(owners.get(i - 1))) {
                entryIds.add(owners.get(i));
                starts.add(i);
            }
        }
        starts.add(owners.size());
        vectorEntries = entryIds.toArray(String[]::new);
        rowStart = starts.stream().mapToInt(Integer::intValue).toArray();
        rowEntry = new int[owners.size()];
        for (int e = 0; e < vectorEntries.length; e++) {
            entryPosition.put(vectorEntries[e], e);
            Arrays.fill(rowEntry, rowStart[e], rowStart[e + 1], e);
        }
        if (owners.size() > exactRows) {
            vectorSearcher = vectorGraph(embedded);
        }
    }

    /** One document per row, in row order (one segment, so document number = row). */
    private static IndexSearcher vectorGraph(List<float[]> rows) throws IOException {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        // One flush of everything, so no merge rebuilds the graph (and holds the vectors twice more).
        double megabytes = 2.0 * rows.size() * rows.get(0).length * Float.BYTES / (1 << 20);
        IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(Math.max(64, megabytes))
                .setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (float[] row : rows) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(VECTOR, row, VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
            }
        }
        DirectoryReader vectors = DirectoryReader.open(directory);
        if (vectors.leaves().size() != 1 || vectors.maxDoc() != rows.size()) {
            throw new IllegalStateException("vector index must be one segment in row order");
        }
        return new IndexSearcher(vectors);
    }

    boolean hasVectors() {
        return vectorEntries.length > 0;
    }

    /**
     * Per entry, the best cosine between the question vector and any way the entry is asked: for
     * every entry on a base of up to {@link #EXACT_ROWS} rows; on a larger one for the entries of the
     * nearest rows and for {@code alsoFor} (the lexical candidates, so none of them loses its cosine).
     */
    Map<String, Double> similarities(float[] query, Collection<String> alsoFor) {
        Map<String, Double> best = new HashMap<>();
        if (vectorSearcher == null) {
            for (int e = 0; e < vectorEntries.length; e++) {
                best.put(vectorEntries[e], bestCosine(query, e));
            }
            return best;
        }
        try {
            for (ScoreDoc hit : vectorSearcher.search(new KnnFloatVectorQuery(VECTOR, query, NEAREST_ROWS),
                    NEAREST_ROWS).scoreDocs) {
                // DOT_PRODUCT scores unit vectors as (1 + cosine) / 2.
                best.merge(vectorEntries[rowEntry[hit.doc]], 2.0 * hit.score - 1, Math::max);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String id : alsoFor) {
            Integer e = entryPosition.get(id);
            if (e != null && !best.containsKey(id)) {
                best.put(id, bestCosine(query, e));
            }
        }
        return best;
    }

    private double bestCosine(float[] query, int entry) {
        double max = -1;
        for (int row = rowStart[entry]; row < rowStart[entry + 1]; row++) {
            max = Math.max(max, SentenceEmbeddings.cosine(query, vectorRows, row * dimensions));
        }
        return max;
    }

    private static Map<String, Integer> docFreqs(Terms terms) throws IOException {
        Map<String, Integer> docFreq = new HashMap<>();
        if (terms != null) {
            TermsEnum iterator = terms.iterator();
            for (BytesRef term = iterator.next(); term != null; term = iterator.next()) {
                docFreq.put(term.utf8ToString(), iterator.docFreq());
            }
        }
        return docFreq;
    }

    String version() {
        return set.version();
    }

    int entryCount() {
        return entries.size();
    }

    /** A knowledge entry or a garbage-item entry by id. */
    KnowledgeEntry entry(String id) {
        KnowledgeEntry entry = entries.get(id);
        return entry != null ? entry : garbage.entry(id);
    }

    /** The entry one of whose phrasings sounds exactly like the question (垃圾分累 = 垃圾分类), if unique. */
    Optional<KnowledgeEntry> soundsLike(String normalizedQuestion) {
        String id = bySound.get(analysis.sound(analysis.canonical(normalizedQuestion)));
        return Optional.ofNullable(id).map(entries::get);
    }

    Optional<KnowledgeEntry> garbageItem(String normalizedQuestion) {
        return garbage.answer(normalizedQuestion);
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
        String canonical = analysis.canonical(normalizedQuery);
        Set<String> queryBigrams = analysis.bigramTerms(canonical);
        Set<String> queryPinyin = analysis.pinyinTerms(canonical);
        List<String> queryWords = analysis.wordTerms(canonical);
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
        for (String pair : queryPinyin) {
            query.add(new BoostQuery(new TermQuery(new Term(KnowledgeAnalysis.PINYIN, pair)), PINYIN_BOOST),
                    BooleanClause.Occur.SHOULD);
        }
        try {
            ScoreDoc[] hits = searcher.search(query.build(), HITS).scoreDocs;
            Map<String, Float> best = new LinkedHashMap<>();
            for (ScoreDoc hit : hits) {
                best.merge(docEntry.get(hit.doc), hit.score * docWeight.get(hit.doc), Math::max);
            }
            float top = best.values().stream().max(Float::compare).orElse(1f);
            Map<String, Double> bigramIdf = idf(queryBigrams, bigramDocFreq);
            Map<String, Double> pinyinIdf = idf(queryPinyin, pinyinDocFreq);
            List<Candidate> candidates = new ArrayList<>();
            best.entrySet().stream()
                    .sorted(Map.Entry.<String, Float>comparingByValue().reversed())
                    .limit(RERANKED)
                    .forEach(hit -> {
                        EntryTerms terms = entryTerms.get(hit.getKey());
                        double coverage = Math.max(
                                coverage(bigramIdf, terms.askedBigrams(), terms.answerBigrams()),
                                PINYIN_CREDIT * coverage(pinyinIdf, terms.askedPinyin(), Set.of()));
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

    /**
     * The numbers of three or more digits in the question (12345, 110, 第47条) that the entry never
     * mentions: a question about 12345 is not answered by an entry that does not name it.
     */
    List<String> missingNumbers(String normalizedQuery, String entryId) {
        String text = entryText.get(entryId);
        List<String> missing = new ArrayList<>();
        Matcher digits = DIGIT_RUN.matcher(normalizedQuery);
        while (text != null && digits.find()) {
            if (!text.contains(digits.group())) {
                missing.add(digits.group());
            }
        }
        return missing;
    }

    /** Rarity-weighted share of the query terms found in the entry's own wording (answer terms count half). */
    private static double coverage(Map<String, Double> idf, Set<String> asked, Set<String> answer) {
        double total = 0;
        double covered = 0;
        for (Map.Entry<String, Double> term : idf.entrySet()) {
            total += term.getValue();
            if (asked.contains(term.getKey())) {
                covered += term.getValue();
            } else if (answer.contains(term.getKey())) {
                covered += term.getValue() * ANSWER_TERM_CREDIT;
            }
        }
        return total == 0 ? 0 : covered / total;
    }

    /** BM25 idf per query term; a term the knowledge base never uses weighs the most. */
    private Map<String, Double> idf(Set<String> terms, Map<String, Integer> docFreq) {
        int docs = docEntry.size();
        Map<String, Double> idf = new HashMap<>();
        for (String term : terms) {
            int df = docFreq.getOrDefault(term, 0);
            idf.put(term, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
        }
        return idf;
    }
}
