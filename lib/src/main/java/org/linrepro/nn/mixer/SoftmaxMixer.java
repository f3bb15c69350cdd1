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
public final class SoftmaxMixer extends QkvMixer {

    /** Config of {@code softmax}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form) implements MixerConfig {
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.PARALLEL);
        }
    }


    public SoftmaxMixer(Config c) {
        super("softmax", c);
        declareOutput();
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q0, NDArray k, NDArray v, MixerForm form, boolean training) {
        NDArray q = Tensors.mul(q0, 1.0 / Math.sqrt((double) dim() / heads()));
        return Tensors.mergeHeads(byForm(form,
                () -> SoftmaxAttentionOps.parallel(q, k, v, causal()),
                () -> SoftmaxAttentionOps.recurrent(q, k, v),
                () -> SoftmaxAttentionOps.chunked(q, k, v, causal(), config().chunkSize())));
    }
}
