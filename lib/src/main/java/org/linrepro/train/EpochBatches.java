package org.linrepro.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Batches from a training set in epoch order: a seeded Fisher–Yates permutation of the examples, walked batch by
 * batch, a fresh permutation when one is used up (a batch may span two epochs). The random source is the caller's
 * ({@code SplittableRandom::nextInt}, {@code Random::nextInt}), so each experiment keeps the stream it was measured
 * with; the same source gives the same batches.
 *
 * @param <E> example type
 */
public final class EpochBatches<E> {
    private final List<E> examples;
    private final int batch;
    private final IntUnaryOperator nextInt;
    private int[] order;
    private int cursor;

    /** @param nextInt {@code bound → a uniform int in [0, bound)} */
    public EpochBatches(List<E> examples, int batch, IntUnaryOperator nextInt) {
        this.examples = examples;
        this.batch = batch;
        this.nextInt = nextInt;
        this.order = permutation(examples.size(), nextInt);
    }

    /** The next {@code batch} examples. */
    public List<E> next() {
        List<E> b = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            if (cursor == order.length) {
                order = permutation(examples.size(), nextInt);
                cursor = 0;
            }
            b.add(examples.get(order[cursor++]));
        }
        return b;
    }

    /** A uniform permutation of 0 … n−1 (Fisher–Yates from the last position down). */
    public static int[] permutation(int n, IntUnaryOperator nextInt) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt.applyAsInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
