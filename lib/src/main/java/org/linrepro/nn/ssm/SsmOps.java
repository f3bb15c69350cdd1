package org.linrepro.nn.ssm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.nn.ops.Tensors;

/**
 * Discrete linear state-space model per channel (SISO, D independent channels, real state of size
 * N): x_t = Ā x_{t−1} + B̄ u_t, y_t = C x_t (S4 arXiv 2111.00396 eq. 3), in three forms:
 *
 * <ul>
 *   <li>convolution y = K * u with K_l = C Ā^l B̄ (eq. 4–5), by FFT (zero-padded to 2L, so the
 *       circular convolution equals the causal one);
 *   <li>recurrence, token by token;
 *   <li>chunked: inside a block of C tokens the Toeplitz matrix of K_0..K_{C−1}, across blocks the
 *       state: y_t += C Ā^{t+1} x_start and x_end = Ā^C x_start + Σ_s Ā^{C−1−s} B̄ u_s.
 * </ul>
 *
 * Shapes: u [B, L, D]; Ā [D, N, N]; B̄ [D, N]; C [D, N]; K [D, L]. Output [B, L, D] (no skip).
 */
public final class SsmOps {

    private SsmOps() {}

    /** Causal convolution of u [B, L, D] with per-channel kernels K [D, L] via FFT. */
    public static NDArray convolve(NDArray u, NDArray k) {
        long l = u.getShape().get(1);
        long n = 2 * l;
        NDArray uf = u.transpose(0, 2, 1).rfft(n, -1); // [B,D,n/2+1]
        NDArray kf = k.rfft(n, -1);
        NDArray y = uf.mul(kf).irfft(n, -1); // [B,D,n]
        return y.get(new ai.djl.ndarray.index.NDIndex("..., 0:{}", l)).transpose(0, 2, 1);
    }

    /** Token-by-token recurrence from a zero state. */
    public static NDArray recurrent(NDArray u, NDArray aBar, NDArray bBar, NDArray c) {
        Shape s = u.getShape();
        long n = aBar.getShape().get(1);
        NDArray x = u.getManager().zeros(new Shape(s.get(0), s.get(2), n, 1), u.getDataType());
        NDArray bCol = bBar.expandDims(-1); // [D,N,1]
        NDArray cRow = c.expandDims(-2); // [D,1,N]
        List<NDArray> ys = new ArrayList<>();
        for (long t = 0; t < s.get(1); t++) {
            NDArray ut = u.get(new ai.djl.ndarray.index.NDIndex(":, {}, :", t)).expandDims(-1).expandDims(-1); // [B,D,1,1]
            x = aBar.matMul(x).add(bCol.mul(ut));
            ys.add(cRow.matMul(x).reshape(s.get(0), s.get(2))); // [B,D]
        }
        return Tensors.stack(ys, 1);
    }

    /** Columns Ā^s B̄ for s = 0..len−1 by doubling (Krylov): [D, N, len]. */
    public static NDArray krylov(NDArray aBar, NDArray bBar, long len) {
        NDArray x = bBar.expandDims(-1);
        NDArray p = aBar;
        while (x.getShape().get(2) < len) {
            x = x.concat(p.matMul(x), 2);
            p = p.matMul(p);
        }
        return x.get(new ai.djl.ndarray.index.NDIndex(":, :, 0:{}", len));
    }

    /** Kernel K_l = C Ā^l B̄, l &lt; len, computed exactly from powers of Ā: [D, len]. */
    public static NDArray kernel(NDArray aBar, NDArray bBar, NDArray c, long len) {
        return c.expandDims(-2).matMul(krylov(aBar, bBar, len)).squeeze(-2);
    }

    /** Ā^e by binary exponentiation. */
    static NDArray power(NDArray a, long e) {
        NDArray result = null;
        NDArray base = a;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = result == null ? base : result.matMul(base);
            }
            e >>= 1;
            if (e > 0) {
                base = base.matMul(base);
            }
        }
        return result;
    }

    /** Chunked form: in-block Toeplitz product plus the state carried between blocks. */
    public static NDArray chunked(NDArray u, NDArray aBar, NDArray bBar, NDArray c, int chunk) {
        NDManager m = u.getManager();
        DataType dt = u.getDataType();
        Shape s = u.getShape();
        long bsz = s.get(0);
        long l = s.get(1);
        long d = s.get(2);
        long n = aBar.getShape().get(1);
        long cs = Math.min(chunk, l);
        long lp = Tensors.roundUp(l, cs);
        long nb = lp / cs;
        NDArray uc = u.transpose(0, 2, 1); // [B,D,L]
        if (lp != l) {
            uc = uc.concat(m.zeros(new Shape(bsz, d, lp - l), dt), 2);
        }
        uc = uc.reshape(bsz, d, nb, cs); // [B,D,nb,C]

        NDArray cols = krylov(aBar, bBar, cs); // [D,N,C]: Ā^s B̄
        NDArray kIn = c.expandDims(-2).matMul(cols).squeeze(-2); // [D,C]: K_0..K_{C-1}
        // Toeplitz T[d,t,s] = K[d,t−s] (t ≥ s): gather with a flat index, then mask
        long[] idx = new long[(int) (d * cs * cs)];
        for (int ch = 0; ch < d; ch++) {
            for (int t = 0; t < cs; t++) {
                for (int j = 0; j < cs; j++) {
                    idx[(int) ((ch * cs + t) * cs + j)] = ch * cs + Math.max(0, t - j);
                }
            }
        }
        NDArray index = Tensors.constantLong(m, idx).reshape(d, cs, cs);
        NDArray toeplitz = kIn.take(index).mul(Tensors.causalMask(m, cs, dt, true)); // [D,C,C]
        NDArray yIntra = toeplitz.expandDims(1).matMul(uc.expandDims(-1)).squeeze(-1); // [B,D,nb,C]

        // rows C Ā^{t+1}, t < C, by doubling
        NDArray rows = c.expandDims(-2).matMul(aBar); // [D,1,N]
        NDArray p = aBar;
        while (rows.getShape().get(1) < cs) {
            rows = rows.concat(rows.matMul(p), 1);
            p = p.matMul(p);
        }
        rows = rows.get(new ai.djl.ndarray.index.NDIndex(":, 0:{}, :", cs)); // [D,C,N]
        NDArray colsRev = cols.flip(2); // column s = Ā^{C−1−s} B̄
        NDArray contrib = colsRev.expandDims(0).matMul(uc.transpose(0, 1, 3, 2)); // [B,D,N,nb]
        NDArray aC = power(aBar, cs);
        NDArray x = m.zeros(new Shape(bsz, d, n, 1), dt);
        List<NDArray> starts = new ArrayList<>();
        ai.djl.ndarray.NDList contribs = contrib.split(nb, 3); // one split: slicing per block made backward quadratic
        for (int i = 0; i < nb; i++) {
            starts.add(x);
            if (i < nb - 1) {
                NDArray ci = contribs.get(i);
                x = aC.matMul(x).add(ci);
            }
        }
        NDArray xs = Tensors.concat(starts, 3); // [B,D,N,nb]
        NDArray yInter = rows.expandDims(0).matMul(xs).transpose(0, 1, 3, 2); // [B,D,nb,C]
        NDArray y = yIntra.add(yInter).reshape(bsz, d, lp);
        return y.get(new ai.djl.ndarray.index.NDIndex(":, :, 0:{}", l)).transpose(0, 2, 1);
    }
}
