package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.Tensors;

/**
 * Multi-scale retention (RetNet, Sun et al., arXiv 2307.08621): per head a fixed decay γ_h =
 * 1 − 2^{−5−h} (§2.2), retention S_n = γ S_{n−1} + K_n^T V_n, o_n = Q_n S_n (eq. 1; parallel form
 * eq. 5 with D_nm = γ^{n−m}; chunkwise eq. 7), then per-head GroupNorm and a swish gate
 * (eq. 8: Y = GroupNorm(head_1..h), MSR(X) = (swish(X W_G) ⊙ Y) W_O). The xPos rotation of q, k
 * is left out (it is orthogonal to the decay structure tested here). Causal only.
 */
public final class RetentionMixer extends QkvMixer {

    /** Config of {@code retention}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form) implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "retention (RetNet eq. 5)");
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED);
        }
    }

    private final Parameter wg;

    public RetentionMixer(Config c) {
        super("retention", c);
        wg = linearWeight("wg", c.dim(), c.dim());
        declareOutput();
    }

    /** log γ_h = log(1 − 2^{−5−h}), h = 0..heads−1. */
    public static double[] logDecays(int heads) {
        double[] g = new double[heads];
        for (int i = 0; i < heads; i++) {
            g[i] = Math.log(1 - Math.pow(2, -5 - i));
        }
        return g;
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q, NDArray k0, NDArray v, MixerForm form, boolean training) {
        int h = heads();
        double dk = (double) dim() / h;
        NDArray k = Tensors.mul(k0, 1.0 / Math.sqrt(dk));
        NDArray g = Tensors.constant(x.getManager(), logDecays(h), x.getDataType()).reshape(1, h, 1, 1);
        NDArray o = LinearAttentionForms.linear(q, k, v, g, true, form, config().chunkSize());
        NDArray y = Tensors.mergeHeads(Tensors.layerNorm(o, 1e-5)); // GroupNorm with one group per head
        NDArray gate = Tensors.silu(project(ps, wg, x, training));
        return gate.mul(y);
    }
}
