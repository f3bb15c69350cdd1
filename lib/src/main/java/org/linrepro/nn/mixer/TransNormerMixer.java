package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.linrepro.nn.ops.SoftmaxAttentionOps;
import org.linrepro.nn.ops.Tensors;

/**
 * TransNormer (Qin et al., "The Devil in Linear Transformer", arXiv 2210.10340), both token
 * mixers of the paper:
 *
 * <ul>
 *   <li>{@link Attention#NORM} — NormAttention (§3.1, eq. 8): O = XNorm(φ(Q)(φ(K)^T V)), linear
 *       attention without the 1/denominator scaling (whose unbounded gradients the paper identifies
 *       as the problem), φ = 1 + elu, XNorm = RMSNorm over the model width with a learnable gain;
 *       causal by masking.
 *   <li>{@link Attention#DIAG} — DiagAttention (§3.2): softmax attention restricted to
 *       non-overlapping blocks of {@code blockSize} tokens (causal inside the block if asked). Its
 *       chunked form is the natural reshape into blocks (the chunk size plays no role); its
 *       recurrent form attends to the cached keys of the current block.
 * </ul>
 *
 * The TransNormer model uses DIAG in the lower and NORM in the upper layers.
 */
public final class TransNormerMixer extends QkvMixer {

    /** Which of the two TransNormer attentions. */
    public enum Attention {
        NORM,
        DIAG
    }

    /** Config of {@code transnormer}. */
    public record Config(
            int dim, int heads, boolean causal, int chunkSize, MixerForm form, Attention attention, int blockSize, double eps)
            implements MixerConfig {
        public Config {
            if (attention == null || blockSize < 1) {
                throw new IllegalArgumentException("transnormer needs an attention kind and blockSize >= 1");
            }
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, Attention.NORM, 64, 1e-6);
        }
    }

    private final Parameter gain;

    public TransNormerMixer(Config c) {
        super("transnormer", c);
        gain = constant("gain", new Shape(c.dim()), 1.0);
        declareOutput();
    }

    @Override
    public Set<MixerForm> forms() {
        Config c = (Config) config();
        if (c.attention() == Attention.DIAG) {
            // block-local attention is token-by-token computable in both directions within a block only causally
            return causal()
                    ? Collections.unmodifiableSet(EnumSet.allOf(MixerForm.class))
                    : Collections.unmodifiableSet(EnumSet.of(MixerForm.PARALLEL, MixerForm.CHUNKED));
        }
        return super.forms();
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q, NDArray k, NDArray v, MixerForm form, boolean training) {
        Config c = (Config) config();
        if (c.attention() == Attention.DIAG) {
            NDArray qs = Tensors.mul(q, 1.0 / Math.sqrt((double) dim() / heads()));
            return Tensors.mergeHeads(byForm(form,
                    () -> SoftmaxAttentionOps.blockDiagonalParallel(qs, k, v, causal(), c.blockSize()),
                    () -> SoftmaxAttentionOps.blockDiagonalRecurrent(qs, k, v, causal(), c.blockSize()),
                    () -> SoftmaxAttentionOps.blockDiagonalChunked(qs, k, v, causal(), c.blockSize())));
        }
        NDArray qf = Tensors.eluPlusOne(q);
        NDArray kf = Tensors.eluPlusOne(k);
        NDArray o = Tensors.mergeHeads(LinearAttentionForms.linear(qf, kf, v, null, causal(), form, c.chunkSize()));
        return Tensors.rmsNorm(o, c.eps()).mul(value(ps, gain, x, training));
    }
}
