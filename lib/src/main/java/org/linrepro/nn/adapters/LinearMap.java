package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A linear map of a model, possibly adapted: x (…, in) → (…, out), with the tensors it trains. */
public interface LinearMap {
    NDArray forward(NDArray x);

    /** The arrays the optimiser updates (empty when frozen). */
    List<NDArray> trainable();

    int in();

    int out();
}
