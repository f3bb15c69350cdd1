package org.linrepro.nn.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * Continues a token sequence with a trained {@link LanguageModel}: greedy (the most probable next word) or top-k
 * sampling (draw from the k most probable words, renormalised, at a temperature). Each new token re-reads the last
 * {@code maxLength} tokens (no cached state), which is plenty for the few dozen words a sample shows.
 */
public final class TextGenerator {
    private final LanguageModel model;
    private final NDManager manager;

    public TextGenerator(LanguageModel model, NDManager manager) {
        this.model = model;
        this.manager = manager;
    }

    /** Greedy continuation: {@code count} new token ids after {@code prompt}. */
    public int[] greedy(int[] prompt, int count) {
        return generate(prompt, count, 1, 1.0, 0);
    }

    /**
     * Top-k continuation: {@code count} new ids, each drawn from the {@code k} most probable words with probabilities
     * ∝ p^{1/temperature}; the draws come from {@code Random(seed)}. k = 1 is greedy.
     */
    public int[] generate(int[] prompt, int count, int k, double temperature, long seed) {
        return generate(prompt, count, k, temperature, seed, java.util.Set.of());
    }

    /**
     * As {@link #generate(int[], int, int, double, long)}, never emitting the ids in {@code banned} (e.g. {@code <unk>},
     * the most frequent token of a cut vocabulary): their probability is set to zero before the top-k choice.
     */
    public int[] generate(int[] prompt, int count, int k, double temperature, long seed, java.util.Set<Integer> banned) {
        if (prompt.length < 1) {
            throw new LinreproException("generation needs a prompt of at least one token");
        }
        if (count < 0 || k < 1 || !(temperature > 0)) {
            throw new LinreproException("generation needs count ≥ 0, k ≥ 1 and temperature > 0");
        }
        if (banned.size() >= model.config().vocabSize()) {
            throw new LinreproException("generation cannot ban every word of the vocabulary");
        }
        int max = model.config().maxLength();
        int[] seq = Arrays.copyOf(prompt, prompt.length + count);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int end = prompt.length + i;
            int start = Math.max(0, end - max);
            float[] logProbs = lastLogProbs(Arrays.copyOfRange(seq, start, end));
            for (int b : banned) {
                if (b >= 0 && b < logProbs.length) {
                    logProbs[b] = Float.NEGATIVE_INFINITY;
                }
            }
            seq[end] = pick(logProbs, k, temperature, random);
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    private float[] lastLogProbs(int[] context) {
        try (NDManager sm = manager.newSubManager()) {
            NDArray in = sm.create(new int[][] {context});
            NDArray logits = model.forward(new ParameterStore(sm, false), new NDList(in), false).singletonOrThrow();
            return logits.get("0, -1").logSoftmax(-1).toFloatArray();
        }
    }

    /** Index drawn among the k largest log-probabilities (ties: lower index first); k = 1 is the argmax. */
    static int pick(float[] logProbs, int k, double temperature, Random random) {
        Integer[] order = new Integer[logProbs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logProbs[a] != logProbs[b] ? Float.compare(logProbs[b], logProbs[a])
                : Integer.compare(a, b));
        int n = Math.min(k, order.length);
        if (n == 1) {
            return order[0];
        }
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = logProbs[order[i]] == Float.NEGATIVE_INFINITY ? 0
                    : Math.exp((logProbs[order[i]] - logProbs[order[0]]) / temperature);
            total += w[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= w[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[n - 1];
    }
}
