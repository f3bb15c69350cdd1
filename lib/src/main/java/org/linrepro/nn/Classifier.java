package org.linrepro.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A model that maps a batch of examples to class logits: what a classification trainer needs from a model.
 * It lives with the models, not the trainer, so models never import training code.
 *
 * @param <E> example type
 */
public interface Classifier<E> {
    /** Every trainable array, in the order the optimiser and checkpoints rely on. */
    List<NDArray> parameters();

    /** Number of trainable scalars. */
    default long parameterCount() {
        long n = 0;
        for (NDArray p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Logits [batch, classes]. */
    NDArray logits(NDManager manager, List<E> batch, boolean training);

    int label(E example);

    /** Tokens one example feeds the model. */
    long tokenCount(E example);

    /** Tokens the batch feeds the model (for tokens/s). */
    default long tokens(List<E> batch) {
        long n = 0;
        for (E e : batch) {
            n += tokenCount(e);
        }
        return n;
    }
}
