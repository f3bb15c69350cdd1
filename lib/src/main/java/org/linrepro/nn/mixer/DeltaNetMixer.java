package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.DeltaRuleOps;
import org.linrepro.nn.ops.Tensors;

/**
 * DeltaNet (Yang et al., "Parallelizing Linear Transformers with the Delta Rule over Sequence
 * Length", arXiv 2406.06484): S_t = S_{t−1}(I − β_t k_t k_t^T) + β_t v_t k_t^T (eq. 1), chunkwise
 * via the WY/UT representation (§3.2, eq. 6–9; see {@link DeltaRuleOps}). Layer as in §3.3:
 * q, k = L2Norm(SiLU(x W)), v = SiLU(x W_v), β_t = σ(x_t W_β) per head, per-head RMSNorm on the
 * output, then W_O (the short convolutions of the paper's model are not part of the mixer here).
 * Causal only.
 *
 * <p>{@code negativeEigenvalues} (Grazzi et al., "Unlocking State-Tracking in Linear RNNs Through
 * Negative Eigenvalues", arXiv 2411.12537, Eq. 2; official code {@code sigmoid_scale: 2.0}): β_t =
 * 2σ(x_t W_β) ∈ (0, 2), so the transition I − β_t k_t k_t^T has the eigenvalue 1 − β_t ∈ (−1, 1)
 * along k_t instead of (0, 1); the doubled β also doubles the write term β_t v_t k_t^T, as in the
 * paper. Off by default (the original DeltaNet).
 */
public final class DeltaNetMixer extends QkvMixer {

    /** Config of {@code deltanet}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, boolean negativeEigenvalues)
            implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "deltanet");
        }

        /** The original DeltaNet: β ∈ (0, 1), eigenvalues of the transition in (0, 1). */
        public Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form) {
            this(dim, heads, causal, chunkSize, form, false);
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, false);
        }

        /** This config with β ∈ (0, 2) (eigenvalues in (−1, 1)) or back to (0, 1). */
        public Config withNegativeEigenvalues(boolean on) {
            return new Config(dim, heads, causal, chunkSize, form, on);
        }
    }

    private final Parameter wb;

    public DeltaNetMixer(Config c) {
        super("deltanet", c);
        wb = linearWeight("wb", c.dim(), c.heads());
        declareOutput();
    }

    static NDArray l2Normalize(NDArray x) {
        return x.div(x.square().sum(new int[] {-1}, true).add(1e-6).sqrt());
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q0, NDArray k0, NDArray v0, MixerForm form, boolean training) {
        NDArray q = l2Normalize(Tensors.silu(q0));
        NDArray k = l2Normalize(Tensors.silu(k0));
        NDArray v = Tensors.silu(v0);
        NDArray beta = Activation.sigmoid(project(ps, wb, x, training)).transpose(0, 2, 1); // [B,H,L]
        if (((Config) config()).negativeEigenvalues()) {
            beta = Tensors.mul(beta, 2.0); // 2411.12537 Eq. 2: β ∈ (0, 2)
        }
        NDArray b = beta;
        int chunk = config().chunkSize();
        // β ∈ (0, 2) takes the ops' stable general form; the default keeps the form its results were measured with
        NDArray o = ((Config) config()).negativeEigenvalues()
                ? byForm(form,
                        () -> DeltaRuleOps.parallel(q, k, v, b, null, null).output(),
                        () -> DeltaRuleOps.recurrent(q, k, v, b),
                        () -> DeltaRuleOps.chunked(q, k, v, b, null, null, chunk).output())
                : byForm(form,
                        () -> DeltaRuleOps.parallel(q, k, v, b),
                        () -> DeltaRuleOps.recurrent(q, k, v, b),
                        () -> DeltaRuleOps.chunked(q, k, v, b, chunk));
        return Tensors.mergeHeads(Tensors.rmsNorm(o, 1e-6));
    }
}
