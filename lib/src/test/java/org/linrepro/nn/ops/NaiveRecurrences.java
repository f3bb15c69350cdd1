package org.linrepro.nn.ops;

/**
 * The naive references of the op tests: the recurrences written out as plain loops over time in Java
 * doubles, sharing nothing with the fast forms (no NDArray, no masks, no chunking). Row convention,
 * state S [dk][dv] per (batch, head), o_t = q_t S_t; arrays flattened [B·H, T, d].
 */
final class NaiveRecurrences {

    private NaiveRecurrences() {}

    /** Output [B·H·T·dv] and final state [B·H·dk·dv]. */
    record Run(double[] output, double[] state) {}

    /**
     * Gated delta rule S_t = α_t S_{t−1} + β_t k_t^T (v_t − α_t k_t S_{t−1}) with α_t = exp(g_t)
     * (g {@code null}: DeltaNet, α = 1); 2412.06464 eq. 10 transposed.
     */
    static Run delta(double[] q, double[] k, double[] v, double[] beta, double[] g, double[] s0, int bh, int t, int dk,
            int dv) {
        double[] out = new double[bh * t * dv];
        double[] st = s0.clone();
        for (int p = 0; p < bh; p++) {
            int so = p * dk * dv;
            for (int i = 0; i < t; i++) {
                int ti = p * t + i;
                double alpha = g == null ? 1 : Math.exp(g[ti]);
                for (int a = 0; a < dk * dv; a++) {
                    st[so + a] *= alpha;
                }
                for (int e = 0; e < dv; e++) {
                    double ks = 0;
                    for (int a = 0; a < dk; a++) {
                        ks += k[ti * dk + a] * st[so + a * dv + e];
                    }
                    double u = beta[ti] * (v[ti * dv + e] - ks);
                    for (int a = 0; a < dk; a++) {
                        st[so + a * dv + e] += k[ti * dk + a] * u;
                    }
                }
                readout(q, st, out, ti, so, dk, dv);
            }
        }
        return new Run(out, st);
    }

    /**
     * Decayed linear attention S_t = diag(exp(g_t)) S_{t−1} + k_t^T v_t, g of width 1 (scalar per head: SSD,
     * RetNet) or dk (per key channel: GLA).
     */
    static Run decayedLinear(double[] q, double[] k, double[] v, double[] g, int gWidth, double[] s0, int bh, int t,
            int dk, int dv) {
        double[] out = new double[bh * t * dv];
        double[] st = s0.clone();
        for (int p = 0; p < bh; p++) {
            int so = p * dk * dv;
            for (int i = 0; i < t; i++) {
                int ti = p * t + i;
                for (int a = 0; a < dk; a++) {
                    double decay = Math.exp(g[ti * gWidth + (gWidth == 1 ? 0 : a)]);
                    for (int e = 0; e < dv; e++) {
                        st[so + a * dv + e] = st[so + a * dv + e] * decay + k[ti * dk + a] * v[ti * dv + e];
                    }
                }
                readout(q, st, out, ti, so, dk, dv);
            }
        }
        return new Run(out, st);
    }

    /** Softmax attention with a max-shift, over s ≤ t (causal) or all s; output [B·H·T·dv]. */
    static double[] softmax(double[] q, double[] k, double[] v, boolean causal, int bh, int t, int dk, int dv) {
        double[] out = new double[bh * t * dv];
        for (int p = 0; p < bh; p++) {
            for (int i = 0; i < t; i++) {
                int n = causal ? i + 1 : t;
                double[] sc = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    for (int a = 0; a < dk; a++) {
                        sc[j] += q[(p * t + i) * dk + a] * k[(p * t + j) * dk + a];
                    }
                    max = Math.max(max, sc[j]);
                }
                double z = 0;
                for (int j = 0; j < n; j++) {
                    sc[j] = Math.exp(sc[j] - max);
                    z += sc[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int e = 0; e < dv; e++) {
                        out[(p * t + i) * dv + e] += sc[j] / z * v[(p * t + j) * dv + e];
                    }
                }
            }
        }
        return out;
    }

    /** S4's discrete SSM x_t = A x_{t−1} + B u_t, y_t = C x_t per channel; u, y [B, T, D], A [D, N, N], B, C [D, N]. */
    static double[] ssm(double[] u, double[] a, double[] b, double[] c, int batch, int t, int d, int n) {
        double[] y = new double[batch * t * d];
        for (int p = 0; p < batch; p++) {
            for (int ch = 0; ch < d; ch++) {
                double[] x = new double[n];
                for (int i = 0; i < t; i++) {
                    double ut = u[(p * t + i) * d + ch];
                    double[] nx = new double[n];
                    double out = 0;
                    for (int r = 0; r < n; r++) {
                        double acc = b[ch * n + r] * ut;
                        for (int col = 0; col < n; col++) {
                            acc += a[(ch * n + r) * n + col] * x[col];
                        }
                        nx[r] = acc;
                        out += c[ch * n + r] * acc;
                    }
                    x = nx;
                    y[(p * t + i) * d + ch] = out;
                }
            }
        }
        return y;
    }

    private static void readout(double[] q, double[] st, double[] out, int ti, int so, int dk, int dv) {
        for (int e = 0; e < dv; e++) {
            double o = 0;
            for (int a = 0; a < dk; a++) {
                o += q[ti * dk + a] * st[so + a * dv + e];
            }
            out[ti * dv + e] = o;
        }
    }
}
