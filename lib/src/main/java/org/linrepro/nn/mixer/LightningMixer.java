package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.Tensors;

/**
 * Lightning Attention-2 (Qin et al., arXiv 2401.04658) as used in TransNormerLLM (arXiv
 * 2307.14995): linear attention with a per-head decay λ_h, computed by tiling — intra-block
 * O_intra = [(Q_i K_i^T) ⊙ M] V_i with M_ts = λ^{t−s} (t ≥ s), inter-block O_inter = Λ Q_i KV,
 * KV ← λ^B KV + (λ^B Λ^{−1} K_i)^T V_i (Alg. 1/2, eq. 10–13). Layer as in TransNormerLLM §3:
 * Q = swish(X W_Q), K = swish(X W_K), V = X W_V, no 1/√d scaling, O = SRMSNorm(attn) ⊙ (X W_U),
 * then W_O; decay λ_h = exp(−(8h/H)(1 − l/L)) for head h of layer l out of L (TNL §3.1.1).
 * The chunked form is the paper's algorithm; parallel and recurrent are its references. Causal
 * only.
 */
public final class LightningMixer extends QkvMixer {

    /** Config of {@code lightning}; {@code layerIndex}/{@code numLayers} set the decay schedule. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, int layerIndex, int numLayers)
            implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "lightning attention");
            if (numLayers < 1 || layerIndex < 0 || layerIndex >= numLayers) {
                throw new IllegalArgumentException("need 0 <= layerIndex < numLayers, got " + layerIndex + "/" + numLayers);
            }
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 0, 1);
        }
    }

    private final Parameter wu;

    public LightningMixer(Config c) {
        super("lightning", c);
        wu = linearWeight("wu", c.dim(), c.dim());
        declareOutput();
    }

    /** log λ_h = −(8h/H)(1 − l/L). */
    public static double[] logDecays(int heads, int layerIndex, int numLayers) {
        double[] g = new double[heads];
        for (int i = 0; i < heads; i++) {
            g[i] = -(8.0 * i / heads) * (1.0 - (double) layerIndex / numLayers);
        }
        return g;
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q0, NDArray k0, NDArray v, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        NDArray q = Tensors.silu(q0);
        NDArray k = Tensors.silu(k0);
        NDArray g = Tensors.constant(x.getManager(), logDecays(h, c.layerIndex(), c.numLayers()), x.getDataType())
                .reshape(1, h, 1, 1);
        NDArray o = Tensors.mergeHeads(LinearAttentionForms.linear(q, k, v, g, true, form, c.chunkSize()));
        NDArray u = project(ps, wu, x, training);
        return Tensors.rmsNorm(o, 1e-6).mul(u);
    }
}
