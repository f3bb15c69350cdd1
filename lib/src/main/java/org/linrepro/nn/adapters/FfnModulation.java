package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A trainable map that rescales and shifts a block's FFN output given the FFN's input (MP+'s PSRP). */
public interface FfnModulation {
    NDArray apply(NDArray ffnInput, NDArray ffnOutput);

    List<NDArray> trainable();
}
