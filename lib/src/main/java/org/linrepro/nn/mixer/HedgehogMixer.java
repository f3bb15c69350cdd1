package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.SoftmaxAttentionOps;
import org.linrepro.nn.ops.Tensors;

/**
 * Hedgehog (Zhang et al., "The Hedgehog &amp; the Porcupine", arXiv 2402.04347): linear attention
 * with a learnable feature map φ(x) = [softmax(x W + b), softmax(−(x W + b))] (eq. 5: a trainable
 * single-layer map followed by the exponential, here normalised per half as a softmax), one map
 * per head shared by q and k (W initialised to the identity), normalised as φ(q)Σφ(k)^T v /
 * φ(q)Σφ(k). The map is trained to mimic softmax attention by the distillation loss of §4.1 —
 * cross-entropy between the softmax attention weights and the Hedgehog weights —
 * {@link #distillationLoss}.
 */
public final class HedgehogMixer extends QkvMixer {

    /** Config of {@code hedgehog}; the feature dimension is 2 × featureDim per head. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, int featureDim, double eps)
            implements MixerConfig {
        public Config {
            if (featureDim < 1) {
                throw new IllegalArgumentException("hedgehog needs featureDim >= 1");
            }
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, dim / heads, 1e-6);
        }
    }

    private final Parameter wf;
    private final Parameter bf;

    public HedgehogMixer(Config c) {
        super("hedgehog", c);
        int d = c.dim() / c.heads();
        // identity-like start (the paper initialises the map so training starts from softmax(x))
        wf = param("wf", new Shape(c.heads(), d, c.featureDim()), (m, s, dt) -> {
            float[] init = new float[(int) s.size()];
            for (int h = 0; h < s.get(0); h++) {
                for (int i = 0; i < Math.min(s.get(1), s.get(2)); i++) {
                    init[(int) (h * s.get(1) * s.get(2) + i * s.get(2) + i)] = 1f;
                }
            }
            NDArray raw = m.create(init, s);
            NDArray owned = raw.toType(dt, true).duplicate();
            raw.close();
            return owned;
        });
        bf = param("bf", new Shape(c.heads(), 1, c.featureDim()), (m, s, dt) -> m.zeros(s, dt));
        declareOutput();
    }

    /** φ(x) for x [B, H, L, d] → [B, H, L, 2·featureDim]. */
    NDArray featureMap(ParameterStore ps, NDArray x, boolean training) {
        NDArray z = x.matMul(value(ps, wf, x, training)).add(value(ps, bf, x, training)); // [H,d,f] broadcasts over B
        return z.softmax(-1).concat(z.neg().softmax(-1), -1);
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q, NDArray k, NDArray v, MixerForm form, boolean training) {
        Config c = (Config) config();
        return Tensors.mergeHeads(LinearAttentionForms.normalized(
                featureMap(ps, q, training), featureMap(ps, k, training), v, causal(), form, c.chunkSize(), c.eps()));
    }

    /**
     * Attention distillation loss (2402.04347 §4.1, eq. 6): mean over queries of the cross-entropy
     * −Σ_j a_ij log â_ij between softmax weights a = softmax(q k^T/√d) (a fixed target, no
     * gradient) and the Hedgehog weights â_ij = φ(q_i)·φ(k_j) / Σ_j' φ(q_i)·φ(k_j').
     */
    public NDArray distillationLoss(ParameterStore ps, NDArray x, boolean training) {
        int h = heads();
        int d = dim() / h;
        NDArray q = Tensors.splitHeads(project(ps, wq, x, training), h);
        NDArray k = Tensors.splitHeads(project(ps, wk, x, training), h);
        long l = x.getShape().get(1);
        NDArray mask = causal()
                ? Tensors.causalMask(x.getManager(), l, x.getDataType(), true)
                : x.getManager().ones(new Shape(l, l), x.getDataType());
        NDArray eye = Tensors.eye(x.getManager(), l, x.getDataType());
        // softmax weights via the parallel op applied to the identity: softmax(qk^T) I
        NDArray target = SoftmaxAttentionOps.parallel(Tensors.mul(q, 1.0 / Math.sqrt(d)), k,
                        eye.broadcast(q.getShape().get(0), h, l, l), causal())
                .stopGradient();
        NDArray scores = featureMap(ps, q, training).matMul(Tensors.t(featureMap(ps, k, training))).mul(mask);
        NDArray hh = scores.div(scores.sum(new int[] {-1}, true));
        NDArray logHh = hh.add(Tensors.scalar(hh, 1e-12)).log();
        return target.mul(logHh).sum(new int[] {-1}).neg().mean();
    }
}
