package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.Tensors;

/**
 * Linear attention with the elu+1 feature map (Katharopoulos et al., "Transformers are RNNs",
 * arXiv 2006.16236, eq. 6 with φ(x) = elu(x) + 1 (eq. 7); causal: eq. 9–12, S_i = S_{i−1} +
 * φ(k_i) v_i^T, Z_i = Z_{i−1} + φ(k_i), V'_i = φ(q_i)^T S_i / φ(q_i)^T Z_i).
 */
public final class LinearEluMixer extends QkvMixer {

    /** Config of {@code linear-elu}; {@code eps} guards the denominator. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, double eps)
            implements MixerConfig {
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 1e-6);
        }
    }


    public LinearEluMixer(Config c) {
        super("linear-elu", c);
        declareOutput();
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q, NDArray k, NDArray v, MixerForm form, boolean training) {
        Config c = (Config) config();
        return Tensors.mergeHeads(LinearAttentionForms.normalized(
                Tensors.eluPlusOne(q), Tensors.eluPlusOne(k), v, causal(), form, c.chunkSize(), c.eps()));
    }
}
