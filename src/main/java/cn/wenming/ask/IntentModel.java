package cn.wenming.ask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over a message's sentence vector and its hashed character
 * n-grams, trained at start-up on the labelled examples (a few hundred, well under a second).
 * The vector carries meaning ("想玩一下答题" ≈ "我要答题"); the n-grams carry the words that
 * separate a question about a rule from a report of it (吗, 罚, 能不能 against 楼下, 快来).
 * Training is deterministic: the same examples always give the same model.
 */
final class IntentModel {

    /** One message as the model sees it: a dense unit vector (may be null) and n-gram buckets. */
    record Features(float[] dense, int[] buckets) {
    }

    static final int BUCKETS = 1 << 14;
    private static final int EPOCHS = 40;
    private static final double RATE = 0.3;
    private static final double L2 = 1e-5;
    private static final long SEED = 20261204L;

    private final List<Intent> classes;
    private final int dimensions;
    private final double[][] dense;
    private final double[][] sparse;
    private final double[] bias;

    private IntentModel(List<Intent> classes, int dimensions) {
        this.classes = classes;
        this.dimensions = dimensions;
        this.dense = new double[classes.size()][dimensions];
        this.sparse = new double[classes.size()][BUCKETS];
        this.bias = new double[classes.size()];
    }

    static IntentModel train(List<Intent> labels, List<Features> examples, List<Intent> classes) {
        int dimensions = examples.stream().filter(f -> f.dense() != null).findFirst().map(f -> f.dense().length)
                .orElse(0);
        IntentModel model = new IntentModel(classes, dimensions);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Random random = new Random(SEED);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(order, random);
            double rate = RATE / (1 + epoch * 0.1);
            for (int i : order) {
                model.step(examples.get(i), classes.indexOf(labels.get(i)), rate);
            }
        }
        return model;
    }

    /** The probability of each class, in the order of {@link #classes()}. */
    double[] probabilities(Features features) {
        double[] logits = new double[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            double z = bias[c];
            if (features.dense() != null && dimensions > 0) {
                for (int d = 0; d < dimensions; d++) {
                    z += dense[c][d] * features.dense()[d];
                }
            }
            double weight = sparseWeight(features);
            for (int bucket : features.buckets()) {
                z += sparse[c][bucket] * weight;
            }
            logits[c] = z;
        }
        double max = Arrays.stream(logits).max().orElse(0);
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
        return logits;
    }

    List<Intent> classes() {
        return classes;
    }

    private void step(Features features, int label, double rate) {
        double[] p = probabilities(features);
        double weight = sparseWeight(features);
        for (int c = 0; c < classes.size(); c++) {
            double error = p[c] - (c == label ? 1 : 0);
            bias[c] -= rate * error;
            if (features.dense() != null && dimensions > 0) {
                for (int d = 0; d < dimensions; d++) {
                    dense[c][d] -= rate * (error * features.dense()[d] + L2 * dense[c][d]);
                }
            }
            for (int bucket : features.buckets()) {
                sparse[c][bucket] -= rate * (error * weight + L2 * sparse[c][bucket]);
            }
        }
    }

    /** N-gram counts are scaled so that a long message does not outweigh its meaning. */
    private static double sparseWeight(Features features) {
        return features.buckets().length == 0 ? 0 : 1 / Math.sqrt(features.buckets().length);
    }
}
