package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import org.linrepro.nn.ops.LinearAttentionOps;

/** Form dispatch for the (decayed) linear-attention op shared by several mixers. */
final class Dispatch {

    private Dispatch() {}

    /** Unnormalised (decayed) linear attention in the requested form. */
    static NDArray linear(NDArray q, NDArray k, NDArray v, NDArray g, boolean causal, MixerForm form, int chunk) {
        switch (form) {
            case PARALLEL:
                return LinearAttentionOps.parallel(q, k, v, g, causal);
            case RECURRENT:
                return LinearAttentionOps.recurrent(q, k, v, g);
            case CHUNKED:
                return LinearAttentionOps.chunked(q, k, v, g, causal, chunk);
            default:
                throw new IllegalArgumentException("unknown form " + form);
        }
    }

    /**
     * Normalised kernel attention φ(q) Σ φ(k)^T v / (φ(q) · Σ φ(k) + eps): the denominator is
     * obtained in the same pass by appending a ones column to v.
     */
    static NDArray normalizedLinear(NDArray qf, NDArray kf, NDArray v, boolean causal, MixerForm form, int chunk, double eps) {
        long dv = v.getShape().get(3);
        NDArray ones = v.getManager().ones(v.getShape().slice(0, 3).add(1), v.getDataType());
        NDArray o = linear(qf, kf, v.concat(ones, 3), null, causal, form, chunk);
        NDArray num = o.get(new ai.djl.ndarray.index.NDIndex("..., 0:{}", dv));
        NDArray den = o.get(new ai.djl.ndarray.index.NDIndex("..., {}:", dv));
        return num.div(den.add(eps));
    }
}
