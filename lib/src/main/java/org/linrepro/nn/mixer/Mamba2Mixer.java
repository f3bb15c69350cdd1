package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.Tensors;

/**
 * Mamba-2 (Dao and Gu, "Transformers are SSMs: Generalized Models and Efficient Algorithms
 * Through Structured State Space Duality", arXiv 2405.21060): the selective SSM with a
 * scalar-times-identity state matrix A_t = a_t I per head (§3, eq. 1–2 with SSS of §3.2),
 *
 * <pre>
 *   h_t = a_t h_{t−1} + Δ_t B_t x_t^T,   y_t = C_t^T h_t + D x_t,   a_t = exp(Δ_t A),  A = −exp(A_log),
 * </pre>
 *
 * Δ_t = softplus(x_t W_Δ + b_Δ) per head, B_t, C_t ∈ R^N shared by the heads (one group), x split
 * into heads of width P. Its dual (§4–5, the SSD algorithm): y = (L ⊙ C B^T) X with the 1-semiseparable
 * mask L_ts = exp(Σ_{s&lt;r≤t} Δ_r A), i.e. masked, decayed linear attention with q = C, k = Δ B,
 * v = x and a scalar log-decay g_t = Δ_t A per head; PARALLEL is that quadratic form, CHUNKED the
 * block decomposition of §6 (intra-chunk dual form plus the inter-chunk state recurrence) and
 * RECURRENT the scan — all {@link org.linrepro.nn.ops.LinearAttentionOps}. Block (§7, Fig. 6)
 * without the short convolution: x, B, C = SiLU(projections), output W_O(RMSNorm(y ⊙ SiLU(z))).
 * Init: A ~ U(1, 16), Δ ~ logU(1e-3, 1e-1) through b_Δ = softplus^{-1}(Δ), D = 1. Causal only.
 */
public final class Mamba2Mixer extends AbstractMixer {

    /** Config of {@code mamba2}: {@code stateSize} N (d_state). */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, int stateSize)
            implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "mamba2");
            if (stateSize < 1) {
                throw new IllegalArgumentException("mamba2 needs stateSize >= 1, got " + stateSize);
            }
        }

        /** N = 16: small for CPU runs (the paper's models use 64–128). */
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 16);
        }
    }

    private final Parameter wx;
    private final Parameter wz;
    private final Parameter wB;
    private final Parameter wC;
    private final Parameter wdt;
    private final Parameter dtBias;
    private final Parameter aLog;
    private final Parameter skip;
    private final Parameter wo;

    public Mamba2Mixer(Config c) {
        super("mamba2", c);
        wx = linearWeight("wx", c.dim(), c.dim());
        wz = linearWeight("wz", c.dim(), c.dim());
        wB = linearWeight("wB", c.dim(), c.stateSize());
        wC = linearWeight("wC", c.dim(), c.stateSize());
        wdt = linearWeight("wdt", c.dim(), c.heads());
        dtBias = param("dtBias", new Shape(c.heads()), Mamba2Mixer::inverseSoftplusStep);
        aLog = param("aLog", new Shape(c.heads()), (m, s, dt) -> m.randomUniform(1f, 16f, s, dt).log());
        skip = constant("skip", new Shape(c.heads()), 1.0);
        wo = linearWeight("wo", c.dim(), c.dim());
    }

    /** b_Δ = softplus^{-1}(Δ) = Δ + log(1 − exp(−Δ)) with Δ log-uniform in [1e-3, 1e-1] (Mamba's init). */
    static NDArray inverseSoftplusStep(NDManager m, Shape s, DataType dt) {
        NDArray step = m.randomUniform((float) Math.log(1e-3), (float) Math.log(1e-1), s, dt).exp();
        return step.add(step.neg().exp().neg().add(1).log());
    }

    /** log a_t = −exp(A_log) · softplus(raw + b_Δ): [B, L, H] → [B, L, H], every value ≤ 0. */
    static NDArray logDecay(NDArray raw, NDArray bias, NDArray aLog) {
        NDArray step = Tensors.softplus(raw.add(bias));
        return step.mul(aLog.exp()).neg();
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        long b = x.getShape().get(0);
        long l = x.getShape().get(1);
        NDArray xs = Tensors.splitHeads(Tensors.silu(project(ps, wx, x, training)), h); // [B,H,L,P]
        NDArray bm = Tensors.silu(project(ps, wB, x, training)).expandDims(1); // [B,1,L,N]
        NDArray cm = Tensors.silu(project(ps, wC, x, training)).expandDims(1);
        NDArray raw = project(ps, wdt, x, training).add(value(ps, dtBias, x, training)); // [B,L,H]
        NDArray step = Tensors.softplus(raw).transpose(0, 2, 1).expandDims(-1); // Δ [B,H,L,1]
        NDArray a = value(ps, aLog, x, training).exp().neg().reshape(1, h, 1, 1); // A < 0
        NDArray q = cm.broadcast(b, h, l, c.stateSize());
        NDArray k = bm.mul(step); // Δ_t B_t per head
        NDArray y = LinearAttentionForms.linear(q, k, xs, step.mul(a), true, form, c.chunkSize());
        y = y.add(xs.mul(value(ps, skip, x, training).reshape(1, h, 1, 1))); // D x
        NDArray z = Tensors.silu(project(ps, wz, x, training));
        return project(ps, wo, Tensors.rmsNorm(Tensors.mergeHeads(y).mul(z), 1e-6), training);
    }
}
