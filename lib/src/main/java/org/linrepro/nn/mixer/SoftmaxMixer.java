package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.SoftmaxAttentionOps;
import org.linrepro.nn.ops.Tensors;

/**
 * Multi-head softmax attention, the reference mixer (Vaswani et al., arXiv 1706.03762, eq. 1:
 * Attention(Q, K, V) = softmax(Q K^T / √d_k) V, with the multi-head projection of §3.2.2).
 * Parallel: masked L×L product. Recurrent: KV cache, one query at a time. Chunked: online
 * softmax over key blocks (FlashAttention-style), exact.
 */
public final class SoftmaxMixer extends AbstractMixer {

    /** Config of {@code softmax}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form) implements MixerConfig {
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.PARALLEL);
        }
    }

    private final Parameter wq;
    private final Parameter wk;
    private final Parameter wv;
    private final Parameter wo;

    public SoftmaxMixer(Config c) {
        super("softmax", c);
        wq = linearWeight("wq", c.dim(), c.dim());
        wk = linearWeight("wk", c.dim(), c.dim());
        wv = linearWeight("wv", c.dim(), c.dim());
        wo = linearWeight("wo", c.dim(), c.dim());
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        int h = heads();
        double scale = 1.0 / Math.sqrt((double) dim() / h);
        NDArray q = Tensors.mul(Tensors.splitHeads(project(ps, wq, x, training), h), scale);
        NDArray k = Tensors.splitHeads(project(ps, wk, x, training), h);
        NDArray v = Tensors.splitHeads(project(ps, wv, x, training), h);
        NDArray o;
        switch (form) {
            case PARALLEL:
                o = SoftmaxAttentionOps.parallel(q, k, v, causal());
                break;
            case RECURRENT:
                o = SoftmaxAttentionOps.recurrent(q, k, v);
                break;
            default:
                o = SoftmaxAttentionOps.chunked(q, k, v, causal(), config().chunkSize());
        }
        return project(ps, wo, Tensors.mergeHeads(o), training);
    }
}
