package org.linrepro.nn.ops;

import ai.djl.ndarray.NDArray;

/**
 * What one run of a recurrent op gives: the output [B, H, L, dv] and the final state [B, H, dk, dv]
 * (which a later run can start from: chunked streaming, and the op tests' final-state checks).
 */
public record OutputAndState(NDArray output, NDArray state) {}
