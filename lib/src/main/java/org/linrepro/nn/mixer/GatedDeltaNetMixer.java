package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.DeltaRuleOps;
import org.linrepro.nn.ops.Tensors;

/**
 * Gated DeltaNet (Yang, Kautz, Hatamizadeh, "Gated Delta Networks: Improving Mamba2 with Delta
 * Rule", arXiv 2412.06464): the gated delta rule S_t = S_{t−1} α_t (I − β_t k_t k_t^T) + β_t v_t
 * k_t^T (eq. 10), a data-dependent scalar forget gate α_t ∈ (0, 1) per head on top of DeltaNet's
 * delta rule; chunkwise by the WY/UT form extended with the cumulative decays (§3.3; see
 * {@link DeltaRuleOps}). Layer as in §3.4 / Fig. 1 without the short convolutions: q, k =
 * L2Norm(SiLU(x W)), v = SiLU(x W_v), α_t = exp(−exp(A_log)·softplus(x_t W_α + b_dt)) (the
 * Mamba-2 parameterisation the paper adopts; A ~ U(1, 16), Δ ~ logU(1e-3, 1e-1) at init),
 * β_t = σ(x_t W_β), output RMSNorm(o) ⊙ SiLU(x W_g), then W_O.
 *
 * <p>{@code negativeEigenvalues}: β_t = 2σ(x_t W_β) ∈ (0, 2) (Grazzi et al. 2411.12537 Eq. 2), so
 * the transition α_t(I − β_t k k^T) has the eigenvalue α_t(1 − β_t) ∈ (−α_t, α_t) along k_t.
 * Causal only.
 */
public final class GatedDeltaNetMixer extends QkvMixer {

    /** Config of {@code gated-deltanet}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, boolean negativeEigenvalues)
            implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "gated-deltanet");
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, false);
        }

        public Config withNegativeEigenvalues(boolean on) {
            return new Config(dim, heads, causal, chunkSize, form, on);
        }
    }

    private final Parameter wa;
    private final Parameter aLog;
    private final Parameter dtBias;
    private final Parameter wb;
    private final Parameter wg;

    public GatedDeltaNetMixer(Config c) {
        super("gated-deltanet", c);
        wa = linearWeight("wa", c.dim(), c.heads());
        aLog = param("aLog", new Shape(c.heads()), (m, s, dt) -> m.randomUniform(1f, 16f, s, dt).log());
        dtBias = param("dtBias", new Shape(c.heads()), Mamba2Mixer::inverseSoftplusStep);
        wb = linearWeight("wb", c.dim(), c.heads());
        wg = linearWeight("wg", c.dim(), c.dim());
        declareOutput();
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q0, NDArray k0, NDArray v0, MixerForm form, boolean training) {
        Config c = (Config) config();
        NDArray q = DeltaNetMixer.l2Normalize(Tensors.silu(q0));
        NDArray k = DeltaNetMixer.l2Normalize(Tensors.silu(k0));
        NDArray v = Tensors.silu(v0);
        NDArray betaRaw = Activation.sigmoid(project(ps, wb, x, training)).transpose(0, 2, 1); // [B,H,L]
        NDArray beta = c.negativeEigenvalues() ? Tensors.mul(betaRaw, 2.0) : betaRaw;
        NDArray g = Mamba2Mixer.logDecay(project(ps, wa, x, training), value(ps, dtBias, x, training),
                value(ps, aLog, x, training)).transpose(0, 2, 1); // log α ≤ 0, [B,H,L]
        NDArray o = byForm(form,
                () -> DeltaRuleOps.parallel(q, k, v, beta, g, null).output(),
                () -> DeltaRuleOps.recurrent(q, k, v, beta, g, null).output(),
                () -> DeltaRuleOps.chunked(q, k, v, beta, g, null, c.chunkSize()).output());
        NDArray gate = Tensors.silu(project(ps, wg, x, training));
        return Tensors.mergeHeads(Tensors.rmsNorm(o, 1e-6)).mul(gate);
    }
}
