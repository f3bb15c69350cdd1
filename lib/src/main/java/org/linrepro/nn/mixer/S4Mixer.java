package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.Tensors;
import org.linrepro.nn.ssm.HiPPO;
import org.linrepro.nn.ssm.SsmOps;

/**
 * S4 with the HiPPO-LegS state matrix (Gu et al., arXiv 2111.00396): continuous SSM x' = Ax + Bu,
 * y = Cx + Du with A, B the LegS matrices (eq. 2), a learnable step Δ per channel, bilinear
 * discretisation Ā = (I − Δ/2 A)^{−1}(I + Δ/2 A), B̄ = (I − Δ/2 A)^{−1} Δ B (eq. 3), and the
 * convolution kernel K_l = C Ā^l B̄ (eq. 4–5), then GELU and a linear map across channels.
 *
 * <p>Kernel computation: exact, by powers of the dense Ā (Krylov doubling, ⌈log2 L⌉ batched N×N
 * matmuls per channel) — not the paper's NPLR/Cauchy algorithm, which computes the same kernel
 * faster for long sequences; this direct route is exact and fine for moderate L and N. A is
 * shared by the channels and trainable when {@code trainA} (as in S4/LSSL), initialised to LegS.
 * PARALLEL is the FFT convolution with this kernel, RECURRENT and CHUNKED run the discrete system
 * ({@link SsmOps}). Bidirectional: a second C applied to the reversed sequence.
 */
public final class S4Mixer extends StateSpaceMixer {

    /** Config of {@code s4}. */
    public record Config(
            int dim, int heads, boolean causal, int chunkSize, MixerForm form, int stateSize, double dtMin, double dtMax, boolean trainA)
            implements MixerConfig {
        public Config {
            if (stateSize < 1) {
                throw new IllegalArgumentException("s4 needs stateSize >= 1");
            }
            if (!(dtMin > 0 && dtMax >= dtMin)) {
                throw new IllegalArgumentException("s4 needs 0 < dtMin <= dtMax");
            }
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 32, 1e-3, 1e-1, true);
        }
    }

    private final Parameter a;
    private final Parameter b;

    public S4Mixer(Config cfg) {
        super("s4", cfg);
        int d = cfg.dim();
        int n = cfg.stateSize();
        declareStep(cfg.dtMin(), cfg.dtMax());
        double[][] legs = HiPPO.legsA(n);
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(legs[i], 0, flat, i * n, n);
        }
        a = param("a", new Shape(n, n), (m, s, dt) -> Tensors.constant(m, flat, dt).reshape(s));
        if (!cfg.trainA()) {
            a.freeze(true);
        }
        b = param("b", new Shape(n), (m, s, dt) -> Tensors.constant(m, HiPPO.legsB(n), dt));
        declareReadout(new Shape(d, n), normal(1.0 / Math.sqrt(n)));
    }

    @Override
    protected Discretised discretise(ParameterStore ps, NDArray x, boolean training) {
        Config cfg = (Config) config();
        NDManager mgr = x.getManager();
        DataType dtype = x.getDataType();
        long n = cfg.stateSize();
        NDArray dt = step(ps, x, training).reshape(-1, 1, 1); // [D,1,1]
        NDArray av = value(ps, a, x, training);
        NDArray eye = Tensors.eye(mgr, n, dtype);
        NDArray half = Tensors.mul(dt, 0.5).mul(av); // Δ/2 A, [D,N,N]
        NDArray inv = eye.sub(half).inverse();
        NDArray aBar = inv.matMul(eye.add(half));
        NDArray bBar = inv.matMul(dt.mul(value(ps, b, x, training).reshape(1, n, 1))).squeeze(-1); // [D,N]
        return (u, c, form, l, chunk) -> byForm(form,
                () -> SsmOps.convolve(u, SsmOps.kernel(aBar, bBar, c, l)),
                () -> SsmOps.recurrent(u, aBar, bBar, c),
                () -> SsmOps.chunked(u, aBar, bBar, c, chunk));
    }
}
