package cn.wenming.knowledge;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence vectors from the offline bge-small-zh-v1.5 model (int8, shipped inside a Maven Central
 * jar). Vectors of knowledge text are cached on disk by content hash, so a restart embeds only what
 * changed. If the model cannot load, {@link #available()} is false and the service answers on Lucene
 * alone; health says why.
 */
final class SentenceEmbeddings {

    private static final Logger log = LoggerFactory.getLogger(SentenceEmbeddings.class);
    private static final String CACHE_FILE = "bge-small-zh-v15-q.vectors";
    private static final int BATCH = 64;
    /** One model per JVM: it is immutable and thread-safe, and each copy holds ~200 MB of native memory. */
    private static EmbeddingModel shared;

    private final EmbeddingModel model;
    private final String status;
    private final Path cacheFile;
    private Map<String, float[]> cache;
    private final LongAdder embedded = new LongAdder();

    private SentenceEmbeddings(EmbeddingModel model, String status, Path cacheFile) {
        this.model = model;
        this.status = status;
        this.cacheFile = cacheFile;
    }

    static SentenceEmbeddings create(boolean enabled, Path cacheDir) {
        return create(enabled, cacheDir, CACHE_FILE);
    }

    /** Another set of fixed texts (intent examples) with a disk cache of its own. */
    static SentenceEmbeddings create(boolean enabled, Path cacheDir, String cacheFileName) {
        if (!enabled) {
            return new SentenceEmbeddings(null, "off (wenming.knowledge.semantic.enabled=false)", null);
        }
        try {
            return new SentenceEmbeddings(sharedModel(), "on (bge-small-zh-v1.5, int8)",
                    cacheDir == null ? null : cacheDir.resolve(cacheFileName));
        } catch (RuntimeException | LinkageError e) {
            log.error("Embedding model unavailable, answering on Lucene signals only: {}", e.toString());
            return new SentenceEmbeddings(null, "unavailable: " + e, null);
        }
    }

    private static synchronized EmbeddingModel sharedModel() {
        if (shared == null) {
            long started = System.nanoTime();
            shared = new OneThreadPerCall();
            shared.embed("预热");
            log.info("Embedding model loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
        }
        return shared;
    }

    boolean available() {
        return model != null;
    }

    /**
     * The packaged bge-small-zh model in an ONNX session that uses one thread per call. The library's
     * default session spreads each call over every core, which is the fastest for one call alone but,
     * with a message on every handler thread, has the calls fight for the cores: measured on 2 cores,
     * 640 embeddings/s with 2 callers against 960 with one thread each. Batches (the knowledge texts at
     * start-up) still run in parallel, one text per pool thread.
     */
    private static final class OneThreadPerCall extends AbstractInProcessEmbeddingModel {

        private static final String MODEL = "/bge-small-zh-v1.5-q.onnx";
        private static final String TOKENIZER = "/bge-small-zh-v1.5-q-tokenizer.json";

        private final OnnxBertBiEncoder encoder;

        OneThreadPerCall() {
            super(null);
            try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER);
                    OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                encoder = new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options),
                        tokenizer, PoolingMode.CLS);
            } catch (IOException | OrtException e) {
                throw new IllegalStateException("Cannot load the packaged bge-small-zh model", e);
            }
        }

        private static InputStream resource(String name) throws IOException {
            InputStream in = BgeSmallZhV15QuantizedEmbeddingModel.class.getResourceAsStream(name);
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return in;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }
    }

    String status() {
        return status;
    }

    /** Unit-length vector of one text (about 6 ms of CPU). */
    float[] embed(String text) {
        embedded.increment();
        return unit(model.embed(text).content().vector());
    }

    /** How many single texts {@link #embed} has embedded. */
    long embedded() {
        return embedded.sum();
    }

    /** Vectors for many texts, from the disk cache where possible; the cache is rewritten to hold exactly these. */
    synchronized List<float[]> embedAll(List<String> texts) {
        if (cache == null) {
            cache = readCache();
        }
        List<String> keys = texts.stream().map(SentenceEmbeddings::key).toList();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!cache.containsKey(keys.get(i)) && !missing.contains(texts.get(i))) {
                missing.add(texts.get(i));
            }
        }
        long started = System.nanoTime();
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
            var vectors = model.embedAll(batch.stream().map(TextSegment::from).toList()).content();
            for (int i = 0; i < batch.size(); i++) {
                cache.put(key(batch.get(i)), unit(vectors.get(i).vector()));
            }
        }
        Map<String, float[]> current = new HashMap<>();
        List<float[]> out = new ArrayList<>();
        for (String key : keys) {
            current.put(key, cache.get(key));
            out.add(cache.get(key));
        }
        cache = current;
        if (!missing.isEmpty()) {
            log.info("Embedded {} new knowledge texts in {} ms ({} from cache)", missing.size(),
                    (System.nanoTime() - started) / 1_000_000, texts.size() - missing.size());
            writeCache();
        }
        return out;
    }

    /** Cosine of two unit vectors. */
    static double cosine(float[] a, float[] b) {
        return cosine(a, b, 0);
    }

    /**
     * Cosine of unit vector {@code a} and the unit vector in {@code rows} that starts at {@code offset}.
     * Eight accumulators: a single running sum serialises every add, and the JIT does not vectorise a
     * floating-point sum on its own.
     */
    static double cosine(float[] a, float[] rows, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < a.length; i += 8) {
            int o = offset + i;
            s0 += a[i] * rows[o];
            s1 += a[i + 1] * rows[o + 1];
            s2 += a[i + 2] * rows[o + 2];
            s3 += a[i + 3] * rows[o + 3];
            s4 += a[i + 4] * rows[o + 4];
            s5 += a[i + 5] * rows[o + 5];
            s6 += a[i + 6] * rows[o + 6];
            s7 += a[i + 7] * rows[o + 7];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * rows[offset + i];
        }
        return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7);
    }

    private Map<String, float[]> readCache() {
        Map<String, float[]> read = new HashMap<>();
        if (cacheFile == null || !Files.exists(cacheFile)) {
            return read;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cacheFile)))) {
            int count = in.readInt();
            int dimensions = in.readInt();
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                float[] vector = new float[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    vector[d] = in.readFloat();
                }
                read.put(key, vector);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Embedding cache {} unreadable, rebuilding it: {}", cacheFile, e.toString());
            read.clear();
        }
        return read;
    }

    private void writeCache() {
        if (cacheFile == null || cache.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(cacheFile.getParent());
            Path temp = Files.createTempFile(cacheFile.getParent(), CACHE_FILE, ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                out.writeInt(cache.size());
                out.writeInt(cache.values().iterator().next().length);
                for (Map.Entry<String, float[]> entry : cache.entrySet()) {
                    out.writeUTF(entry.getKey());
                    for (float value : entry.getValue()) {
                        out.writeFloat(value);
                    }
                }
            }
            Files.move(temp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not write the embedding cache {}: {}", cacheFile, e.toString());
        }
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i] * scale;
        }
        return out;
    }

    private static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
