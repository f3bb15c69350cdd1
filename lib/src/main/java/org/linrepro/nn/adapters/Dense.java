package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** y = x Wᵀ + b with W as (out, in), frozen unless made trainable (full fine-tuning). */
public final class Dense implements LinearMap {
    private NDArray weight;
    private final NDArray bias;
    private boolean trainable;

    public Dense(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
    }

    public static Dense of(NDManager m, float[] weight, float[] bias, int in, int out) {
        return new Dense(m.create(weight, new Shape(out, in)), m.create(bias, new Shape(out)));
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    /** Replaces the weight (PiSSA's residual); the old array is closed. */
    void replaceWeight(NDArray w) {
        NDArray old = weight;
        weight = w;
        old.close();
    }

    public Dense trainable(boolean on) {
        trainable = on;
        weight.setRequiresGradient(on);
        bias.setRequiresGradient(on);
        return this;
    }

    @Override
    public NDArray forward(NDArray x) {
        return x.matMul(weight.transpose()).add(bias);
    }

    @Override
    public List<NDArray> trainable() {
        return trainable ? List.of(weight, bias) : List.of();
    }

    @Override
    public int in() {
        return (int) weight.getShape().get(1);
    }

    @Override
    public int out() {
        return (int) weight.getShape().get(0);
    }
}
