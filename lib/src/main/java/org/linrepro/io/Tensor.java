package org.linrepro.io;

/** A dense float tensor in row-major order, as the weight-file readers here return it. */
public record Tensor(long[] shape, float[] data) {}
