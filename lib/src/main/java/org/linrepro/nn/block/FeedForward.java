package org.linrepro.nn.block;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The GELU MLP of a transformer block: GELU(x W₁ + b₁) W₂ + b₂, with DJL's GELU (the tanh form). BERT's FFN is not
 * this one: its GELU is the exact erf form and its two maps are adapter slots ({@code nn.bert.BertEncoder}).
 */
public record FeedForward(NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
    /** dim → hidden → dim, weights from {@code init}, biases zero; drawn in the order w₁, b₁, w₂, b₂. */
    public static FeedForward create(ParameterSet p, int dim, int hidden, ParameterSet.MatrixInit init) {
        NDArray w1 = init.create(dim, hidden);
        NDArray b1 = p.zeros(hidden);
        NDArray w2 = init.create(hidden, dim);
        return new FeedForward(w1, b1, w2, p.zeros(dim));
    }

    public NDArray forward(NDArray x) {
        return apply(x, w1, b1, w2, b2);
    }

    /** The same map on arrays held elsewhere (a DJL block's parameter values). */
    public static NDArray apply(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
        return Activation.gelu(x.matMul(w1).add(b1)).matMul(w2).add(b2);
    }
}
