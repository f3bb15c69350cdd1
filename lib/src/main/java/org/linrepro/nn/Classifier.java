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
    List<NDArray> parameters();

    /** Logits [batch, classes]. */
    NDArray logits(NDManager manager, List<E> batch, boolean training);

    int label(E example);

    /** Tokens the batch feeds the model (for tokens/s). */
    long tokens(List<E> batch);
}
