package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.DeltaRuleOps;
import org.linrepro.nn.ops.Tensors;

/**
 * DeltaProduct (Siems et al., "DeltaProduct: Improving State-Tracking in Linear RNNs via Householder
 * Products", arXiv 2502.10297): each token i takes n_h delta-rule steps instead of one,
 *
 * <pre>
 *   S_{i,j} = S_{i,j−1}(I − β_{i,j} k_{i,j} k_{i,j}^T) + β_{i,j} v_{i,j} k_{i,j}^T,   j = 1..n_h,
 *   S_{i,0} = S_{i−1,n_h},   o_i = S_{i,n_h} q_i,
 * </pre>
 *
 * so the state transition is the product of n_h generalised Householder matrices A(x_i) =
 * ∏_j (I − β_{i,j} k_{i,j} k_{i,j}^T) and every sub-step also writes β k v^T (CATALOGUE DP-1;
 * official code {@code fla/layers/gated_deltaproduct.py}, without the optional forget gate).
 * k_{i,j}, v_{i,j}, β_{i,j} come from n_h-times-wider projections; q and every k are
 * L2-normalised after SiLU, v = SiLU(x W_v), β = σ(x W_β), or 2σ(x W_β) ∈ (0, 2) with
 * {@code negativeEigenvalues} (eigenvalues of each factor in (−1, 1), 2411.12537 Eq. 2); per-head
 * RMSNorm on the output, then W_O, as in {@link DeltaNetMixer}.
 *
 * <p>All three forms are the delta rule ({@link DeltaRuleOps}) on the sub-step sequence of length
 * L·n_h (token i's sub-steps at positions i·n_h .. i·n_h + n_h − 1, queries zero except at the last
 * sub-step, whose output is kept) — the interleaving the official code uses. The chunked form's
 * blocks hold {@code chunkSize} tokens (chunkSize·n_h sub-steps). n_h = 1 is DeltaNet. Causal only.
 */
public final class DeltaProductMixer extends AbstractMixer {

    /** Config of {@code deltaproduct}: {@code householders} = n_h ≥ 1. */
    public record Config(
            int dim, int heads, boolean causal, int chunkSize, MixerForm form, int householders, boolean negativeEigenvalues)
            implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "deltaproduct");
            if (householders < 1) {
                throw new IllegalArgumentException("deltaproduct: householders (n_h) must be >= 1, got " + householders);
            }
        }

        /** n_h = 2 with β ∈ (0, 2): the paper's state-tracking configuration (CATALOGUE DP-3). */
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 2, true);
        }

        public Config withHouseholders(int n) {
            return new Config(dim, heads, causal, chunkSize, form, n, negativeEigenvalues);
        }

        public Config withNegativeEigenvalues(boolean on) {
            return new Config(dim, heads, causal, chunkSize, form, householders, on);
        }
    }

    private final Parameter wq;
    private final Parameter wk;
    private final Parameter wv;
    private final Parameter wb;
    private final Parameter wo;

    public DeltaProductMixer(Config c) {
        super("deltaproduct", c);
        int n = c.householders();
        wq = linearWeight("wq", c.dim(), c.dim());
        wk = linearWeight("wk", c.dim(), (long) c.dim() * n);
        wv = linearWeight("wv", c.dim(), (long) c.dim() * n);
        wb = linearWeight("wb", c.dim(), (long) c.heads() * n);
        wo = linearWeight("wo", c.dim(), c.dim());
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        int n = c.householders();
        long b = x.getShape().get(0);
        long l = x.getShape().get(1);
        // [B, L, n·W] → [B, L·n, W]: sub-step j of token i at position i·n + j
        NDArray k = subSteps(Tensors.silu(project(ps, wk, x, training)), n);
        NDArray v = subSteps(Tensors.silu(project(ps, wv, x, training)), n);
        NDArray beta = Activation.sigmoid(subSteps(project(ps, wb, x, training), n));
        if (c.negativeEigenvalues()) {
            beta = Tensors.mul(beta, 2.0);
        }
        NDArray q = Tensors.silu(project(ps, wq, x, training)).expandDims(2); // [B, L, 1, W]
        if (n > 1) {
            q = x.getManager().zeros(new Shape(b, l, n - 1, dim()), q.getDataType()).concat(q, 2);
        }
        q = q.reshape(b, l * n, dim());
        NDArray qh = DeltaNetMixer.l2Normalize(Tensors.splitHeads(q, h)); // zero rows stay zero
        NDArray kh = DeltaNetMixer.l2Normalize(Tensors.splitHeads(k, h));
        NDArray vh = Tensors.splitHeads(v, h);
        NDArray bh = beta.transpose(0, 2, 1); // [B, H, L·n]
        NDArray o = byForm(form,
                () -> DeltaRuleOps.parallel(qh, kh, vh, bh, null, null).output(),
                () -> DeltaRuleOps.recurrent(qh, kh, vh, bh),
                () -> DeltaRuleOps.chunked(qh, kh, vh, bh, null, null, c.chunkSize() * n).output());
        long dv = o.getShape().get(3);
        NDArray last = o.reshape(b, h, l, n, dv).get(new NDIndex(":, :, :, {}", n - 1)); // [B, H, L, dv]
        return project(ps, wo, Tensors.mergeHeads(Tensors.rmsNorm(last, 1e-6)), training);
    }

    private static NDArray subSteps(NDArray x, int n) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1) * n, s.get(2) / n);
    }
}
