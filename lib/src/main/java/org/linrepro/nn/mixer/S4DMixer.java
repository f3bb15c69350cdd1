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
 * S4D, the diagonal state-space layer (Gu et al., "On the Parameterization and Initialization of
 * Diagonal State Space Models", arXiv 2206.11893): per channel a complex diagonal A = Λ (N/2
 * conjugate pairs, real part −exp(·) so it stays stable), ZOH discretisation Ā = exp(ΔA), B̄ =
 * (exp(ΔA) − 1)/A · B (eq. 5), kernel K_l = 2 Re(Σ_n C_n B̄_n Ā_n^l) computed as a Vandermonde
 * product (§3.2, eq. 6), y = K * u + D u, then GELU and a linear map across channels (the S4 block).
 * Initialisation S4D-LegS (Λ, B from the normal part of HiPPO-LegS, §4) or S4D-Lin (Λ_n = −1/2 +
 * iπn, B = 1). Bidirectional: a second C for a backward pass over the reversed sequence.
 *
 * <p>Forms: PARALLEL is the convolution (FFT) with the Vandermonde kernel; RECURRENT and CHUNKED
 * run the same SSM as a real 2×2-block state matrix ({@link SsmOps}), so the tests check the
 * kernel against the unrolled recurrence.
 */
public final class S4DMixer extends StateSpaceMixer {

    /** Diagonal initialisations. */
    public enum Init {
        LEGS,
        LIN
    }

    /** Config of {@code s4d}: {@code stateSize} N (even; N/2 complex modes per channel). */
    public record Config(
            int dim, int heads, boolean causal, int chunkSize, MixerForm form, int stateSize, Init init, double dtMin, double dtMax)
            implements MixerConfig {
        public Config {
            if (stateSize < 2 || stateSize % 2 != 0) {
                throw new IllegalArgumentException("s4d needs an even stateSize >= 2, got " + stateSize);
            }
            if (!(dtMin > 0 && dtMax >= dtMin)) {
                throw new IllegalArgumentException("s4d needs 0 < dtMin <= dtMax");
            }
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 64, Init.LEGS, 1e-3, 1e-1);
        }
    }

    private final Parameter aReLog;
    private final Parameter aIm;
    private final Parameter b;

    public S4DMixer(Config cfg) {
        super("s4d", cfg);
        int d = cfg.dim();
        int p = cfg.stateSize() / 2;
        double[][] init = cfg.init() == Init.LEGS ? HiPPO.s4dLegs(cfg.stateSize()) : HiPPO.s4dLin(cfg.stateSize());
        declareStep(cfg.dtMin(), cfg.dtMax());
        aReLog = param("aReLog", new Shape(d, p), (m, s, dt) -> tiled(m, log(neg(init[0])), d, dt));
        aIm = param("aIm", new Shape(d, p), (m, s, dt) -> tiled(m, init[1], d, dt));
        b = param("b", new Shape(d, p, 2), (m, s, dt) -> tiled(m, interleave(init[2], init[3]), d, dt).reshape(s));
        declareReadout(new Shape(d, p, 2), normal(Math.sqrt(0.5)));
    }

    @Override
    protected Discretised discretise(ParameterStore ps, NDArray x, boolean training) {
        Discrete disc = zoh(ps, x, training);
        return (u, cv, form, l, chunk) -> run(u, disc, cv, form, l, chunk);
    }

    /** ZOH-discretised diagonal system: Ā, B̄ as (re, im) arrays [D, P]. */
    private record Discrete(NDArray dtAr, NDArray dtAi, NDArray abr, NDArray abi, NDArray bbr, NDArray bbi) {}

    private Discrete zoh(ParameterStore ps, NDArray like, boolean training) {
        NDArray dt = step(ps, like, training).expandDims(-1); // [D,1]
        NDArray ar = value(ps, aReLog, like, training).exp().neg();
        NDArray ai = value(ps, aIm, like, training);
        NDArray bv = value(ps, b, like, training);
        NDArray br = bv.get("..., 0");
        NDArray bi = bv.get("..., 1");
        NDArray dtAr = dt.mul(ar);
        NDArray dtAi = dt.mul(ai);
        NDArray mag = dtAr.exp();
        NDArray abr = mag.mul(dtAi.cos());
        NDArray abi = mag.mul(dtAi.sin());
        // (Ā − 1)/A
        NDArray xr = abr.sub(Tensors.scalar(abr, 1.0));
        NDArray den = ar.square().add(ai.square());
        NDArray qr = xr.mul(ar).add(abi.mul(ai)).div(den);
        NDArray qi = abi.mul(ar).sub(xr.mul(ai)).div(den);
        NDArray bbr = qr.mul(br).sub(qi.mul(bi));
        NDArray bbi = qr.mul(bi).add(qi.mul(br));
        return new Discrete(dtAr, dtAi, abr, abi, bbr, bbi);
    }

    private static NDArray run(NDArray u, Discrete s, NDArray cv, MixerForm form, long l, int chunk) {
        NDArray cr = cv.get("..., 0");
        NDArray ci = cv.get("..., 1");
        if (form == MixerForm.PARALLEL) {
            return SsmOps.convolve(u, vandermondeKernel(s, cr, ci, l));
        }
        NDManager m = u.getManager();
        DataType dt = u.getDataType();
        long d = cr.getShape().get(0);
        long p = cr.getShape().get(1);
        NDArray eye = Tensors.eye(m, p, dt);
        NDArray j = Tensors.constant(m, new double[] {0, -1, 1, 0}, dt).reshape(1, 1, 2, 1, 2);
        NDArray i2 = Tensors.eye(m, 2, dt).reshape(1, 1, 2, 1, 2);
        NDArray diagR = s.abr().expandDims(-1).mul(eye).expandDims(2).expandDims(4); // [D,P,1,P,1]
        NDArray diagI = s.abi().expandDims(-1).mul(eye).expandDims(2).expandDims(4);
        NDArray aDense = diagR.mul(i2).add(diagI.mul(j)).reshape(d, 2 * p, 2 * p);
        NDArray bDense = s.bbr().expandDims(-1).concat(s.bbi().expandDims(-1), -1).reshape(d, 2 * p);
        NDArray cDense = Tensors.mul(cr.expandDims(-1).concat(ci.neg().expandDims(-1), -1), 2.0).reshape(d, 2 * p);
        return form == MixerForm.RECURRENT
                ? SsmOps.recurrent(u, aDense, bDense, cDense)
                : SsmOps.chunked(u, aDense, bDense, cDense, chunk);
    }

    /** K_l = 2 Re Σ_n C_n B̄_n exp(l ΔA_n): Vandermonde in closed form, [D, L]. */
    static NDArray vandermondeKernel(Discrete s, NDArray cr, NDArray ci, long l) {
        NDArray lags = Tensors.positions(cr.getManager(), l, cr.getDataType()); // [L]
        NDArray mag = s.dtAr().expandDims(-1).mul(lags).exp(); // [D,P,L]
        NDArray ang = s.dtAi().expandDims(-1).mul(lags);
        NDArray wr = cr.mul(s.bbr()).sub(ci.mul(s.bbi())).expandDims(-1);
        NDArray wi = cr.mul(s.bbi()).add(ci.mul(s.bbr())).expandDims(-1);
        NDArray k = wr.mul(ang.cos()).sub(wi.mul(ang.sin())).mul(mag).sum(new int[] {1});
        return Tensors.mul(k, 2.0);
    }

    private static NDArray tiled(NDManager m, double[] row, int d, DataType dt) {
        return Tensors.constant(m, row, dt).reshape(1, row.length).repeat(0, d);
    }

    private static double[] neg(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = -v[i];
        }
        return o;
    }

    private static double[] log(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = Math.log(v[i]);
        }
        return o;
    }

    private static double[] interleave(double[] re, double[] im) {
        double[] o = new double[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            o[2 * i] = re[i];
            o[2 * i + 1] = im[i];
        }
        return o;
    }
}
