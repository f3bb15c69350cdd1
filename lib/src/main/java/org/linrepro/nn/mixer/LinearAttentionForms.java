package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.linrepro.nn.ops.LinearAttentionOps;

/**
 * The (decayed) linear-attention op of {@link LinearAttentionOps} in a mixer's form, plain and
 * normalised: shared by every mixer whose core is linear attention (linear-elu, performer,
 * hedgehog, transnormer, retention, lightning, gla, mamba2).
 */
final class LinearAttentionForms {

    private LinearAttentionForms() {}

    /** Unnormalised (decayed) linear attention in the requested form. */
    static NDArray linear(NDArray q, NDArray k, NDArray v, NDArray g, boolean causal, MixerForm form, int chunk) {
        return AbstractMixer.byForm(form,
                () -> LinearAttentionOps.parallel(q, k, v, g, causal),
                () -> LinearAttentionOps.recurrent(q, k, v, g),
                () -> LinearAttentionOps.chunked(q, k, v, g, causal, chunk));
    }

    /**
     * Normalised kernel attention φ(q) Σ φ(k)^T v / (φ(q) · Σ φ(k) + eps). The causal chunked form has its
     * own op (denominator from row sums and a running key sum); the others obtain the denominator in the same
     * pass by appending a ones column to v.
     */
    static NDArray normalized(NDArray qf, NDArray kf, NDArray v, boolean causal, MixerForm form, int chunk, double eps) {
        if (causal && form == MixerForm.CHUNKED) {
            return LinearAttentionOps.chunkedNormalized(qf, kf, v, chunk, eps);
        }
        long dv = v.getShape().get(3);
        NDArray ones = v.getManager().ones(v.getShape().slice(0, 3).add(1), v.getDataType());
        NDArray o = linear(qf, kf, v.concat(ones, 3), null, causal, form, chunk);
        NDArray num = o.get(new NDIndex("..., 0:{}", dv));
        NDArray den = o.get(new NDIndex("..., {}:", dv));
        return num.div(den.add(eps));
    }
}
