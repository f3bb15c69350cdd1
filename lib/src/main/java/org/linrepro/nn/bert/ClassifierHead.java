package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.adapters.Dense;

/**
 * A RoBERTa-style classification head (dense d×d, tanh, out_proj d×C) on the pooled hidden states: mean over
 * real tokens (all-MiniLM-L6-v2 was trained with mean pooling) or the first token ({@code <s>}/[CLS], as
 * RobertaClassificationHead). Always trainable; weights N(0, 0.02²), biases 0, as Hugging Face initialises
 * heads. C = 1 for regression (STS-B). No dropout.
 */
public final class ClassifierHead {
    /** How the sequence becomes one vector. */
    public enum Pooling { MEAN, FIRST }

    private final Dense dense;
    private final Dense out;
    private final Pooling pooling;

    public ClassifierHead(NDManager m, int hidden, int labels, Random rng) {
        this(m, hidden, labels, rng, Pooling.MEAN);
    }

    public ClassifierHead(NDManager m, int hidden, int labels, Random rng, Pooling pooling) {
        this.pooling = pooling;
        dense = new Dense(gaussian(m, rng, hidden, hidden), m.zeros(new Shape(hidden))).trainable(true);
        out = new Dense(gaussian(m, rng, labels, hidden), m.zeros(new Shape(labels))).trainable(true);
    }

    private static NDArray gaussian(NDManager m, Random rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * 0.02);
        }
        return m.create(v, new Shape(rows, cols));
    }

    /** Logits (B, C) from hidden states (B, T, d) and the mask (B, T). */
    public NDArray forward(NDArray hidden, NDArray mask) {
        NDArray pooled = pooling == Pooling.MEAN ? BertEncoder.meanPool(hidden, mask)
                : hidden.get(":, 0, :");
        return out.forward(dense.forward(pooled).tanh());
    }

    public List<NDArray> trainable() {
        return List.of(dense.weight(), dense.bias(), out.weight(), out.bias());
    }

    public long parameterCount() {
        return trainable().stream().mapToLong(a -> a.getShape().size()).sum();
    }
}
