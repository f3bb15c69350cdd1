package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A trainable map applied to a normalisation layer's output (SSF's scale and shift). */
public interface NormAdapter {
    NDArray forward(NDArray x);

    List<NDArray> trainable();
}
