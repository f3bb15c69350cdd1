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
public final class LinearEluMixer extends AbstractMixer {

    /** Config of {@code linear-elu}; {@code eps} guards the denominator. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, double eps)
            implements MixerConfig {
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 1e-6);
        }
    }

    private final Parameter wq;
    private final Parameter wk;
    private final Parameter wv;
    private final Parameter wo;

    public LinearEluMixer(Config c) {
        super("linear-elu", c);
        wq = linearWeight("wq", c.dim(), c.dim());
        wk = linearWeight("wk", c.dim(), c.dim());
        wv = linearWeight("wv", c.dim(), c.dim());
        wo = linearWeight("wo", c.dim(), c.dim());
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        NDArray q = Tensors.eluPlusOne(Tensors.splitHeads(project(ps, wq, x, training), h));
        NDArray k = Tensors.eluPlusOne(Tensors.splitHeads(project(ps, wk, x, training), h));
        NDArray v = Tensors.splitHeads(project(ps, wv, x, training), h);
        NDArray o = Dispatch.normalizedLinear(q, k, v, causal(), form, c.chunkSize(), c.eps());
        return project(ps, wo, Tensors.mergeHeads(o), training);
    }
}
