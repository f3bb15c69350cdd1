package org.linrepro.repro.zoo;

import java.util.Random;
import org.linrepro.nn.ssm.HiPPO;

/**
 * Independent, plain-double constructions to check the HiPPO-LegS code of {@code nn/ssm} against.
 *
 * <ul>
 *   <li>{@link #legsFromMeasure}: the LegS matrix derived numerically from its definition (HiPPO, arXiv 2008.07669;
 *       re-derived in HTTYH 2206.12037): c_n(t) = ∫₀ᵗ f(s) p̃_n(2s/t − 1) ds/t with p̃_n = √(2n+1) P_n (orthonormal
 *       for dx/2 on [−1, 1]). Differentiating gives t·ċ = A c + B f(t) with B_n = p̃_n(1) and
 *       A_nk = −δ_nk − ⟨(x+1) p̃_n'(x), p̃_k(x)⟩, the inner product evaluated by Gauss–Legendre quadrature (exact for
 *       these polynomial integrands). No closed form is used.
 *   <li>{@link #onlineLegs}: the LegS memory run online on a signal, t·ċ = A c + B f(t), integrated by RK4 in
 *       τ = ln t (where the system is time-invariant) from t₀ ≈ 0 to t = 1; the state is then the projection of
 *       f on [0, 1] and {@link #reconstruct} gives f back when f is a polynomial of degree &lt; N.
 *   <li>{@link #bilinear} and {@link #unrolledKernel}: the S4/LSSL discretisation and the convolution kernel
 *       K_l = C Ā^l B̄ as the impulse response of the unrolled recurrence.
 * </ul>
 */
public final class LegsTheory {

    private LegsTheory() {}

    /** Legendre P_0..P_{n−1} at x. */
    public static double[] legendre(int n, double x) {
        double[] p = new double[Math.max(n, 2)];
        p[0] = 1;
        p[1] = x;
        for (int k = 1; k + 1 < n; k++) {
            p[k + 1] = ((2 * k + 1) * x * p[k] - k * p[k - 1]) / (k + 1);
        }
        return java.util.Arrays.copyOf(p, n);
    }

    /** Derivatives P_0'..P_{n−1}' at x, by P'_{k+1} = P'_{k−1} + (2k+1) P_k. */
    public static double[] legendreDerivative(int n, double x) {
        double[] p = legendre(n + 1, x);
        double[] d = new double[Math.max(n, 2)];
        d[0] = 0;
        d[1] = 1;
        for (int k = 1; k + 1 < n; k++) {
            d[k + 1] = d[k - 1] + (2 * k + 1) * p[k];
        }
        return java.util.Arrays.copyOf(d, n);
    }

    /** Gauss–Legendre nodes and weights on [−1, 1]: {nodes, weights}; exact for degree ≤ 2m−1. */
    public static double[][] gaussLegendre(int m) {
        double[] x = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 1;
            for (int it = 0; it < 100; it++) {
                double[] p = legendre(m + 1, z);
                dp = m * (z * p[m] - p[m - 1]) / (z * z - 1);
                double dz = p[m] / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            double[] p = legendre(m + 1, z);
            dp = m * (z * p[m] - p[m - 1]) / (z * z - 1);
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return new double[][] {x, w};
    }

    /** LegS (A, B) from the measure definition by quadrature: {A rows..., B} as A[n][n] and B[n]. */
    public static double[][][] legsFromMeasure(int n) {
        double[][] gl = gaussLegendre(n + 2);
        double[][] a = new double[n][n];
        for (int q = 0; q < gl[0].length; q++) {
            double x = gl[0][q];
            double w = gl[1][q] / 2; // measure dx/2
            double[] p = legendre(n, x);
            double[] d = legendreDerivative(n, x);
            for (int i = 0; i < n; i++) {
                double di = Math.sqrt(2 * i + 1) * d[i] * (x + 1);
                for (int k = 0; k < n; k++) {
                    a[i][k] -= w * di * Math.sqrt(2 * k + 1) * p[k];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i][i] -= 1;
        }
        double[] p1 = legendre(n, 1.0);
        double[][] b = new double[1][n];
        for (int i = 0; i < n; i++) {
            b[0][i] = Math.sqrt(2 * i + 1) * p1[i];
        }
        return new double[][][] {a, b};
    }

    /** max |A_measure − A_closed| and |B_measure − B_closed| over all entries, against {@link HiPPO}. */
    public static double legsMeasureDeviation(int n) {
        double[][][] m = legsFromMeasure(n);
        double[][] a = HiPPO.legsA(n);
        double[] b = HiPPO.legsB(n);
        double dev = 0;
        for (int i = 0; i < n; i++) {
            dev = Math.max(dev, Math.abs(m[1][0][i] - b[i]));
            for (int k = 0; k < n; k++) {
                dev = Math.max(dev, Math.abs(m[0][i][k] - a[i][k]));
            }
        }
        return dev;
    }

    /** max |M + Mᵀ| with M = A + P Pᵀ + I/2 (zero iff A + P Pᵀ = −I/2 + skew-symmetric, S4's NPLR form). */
    public static double nplrSkewResidual(int n) {
        double[][] a = HiPPO.legsA(n);
        double[] p = HiPPO.legsP(n);
        double r = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double mik = a[i][k] + p[i] * p[k] + (i == k ? 0.5 : 0);
                double mki = a[k][i] + p[k] * p[i] + (i == k ? 0.5 : 0);
                r = Math.max(r, Math.abs(mik + mki));
            }
        }
        return r;
    }

    /** Shifted orthonormal Legendre p̃_n(2s − 1), n &lt; count. */
    public static double[] shiftedBasis(int count, double s) {
        double[] p = legendre(count, 2 * s - 1);
        for (int i = 0; i < count; i++) {
            p[i] *= Math.sqrt(2 * i + 1);
        }
        return p;
    }

    /** A signal on [0, 1]. */
    @FunctionalInterface
    public interface Signal {
        double at(double s);
    }

    /** Σ_j a_j p̃_j(2s − 1): a polynomial of degree a.length − 1 given by its LegS coefficients. */
    public static Signal legendreSeries(double[] a) {
        return s -> {
            double[] p = shiftedBasis(a.length, s);
            double v = 0;
            for (int j = 0; j < a.length; j++) {
                v += a[j] * p[j];
            }
            return v;
        };
    }

    /** Seeded coefficients a_j ~ N(0, 1) for a random polynomial of degree {@code degree}. */
    public static double[] randomCoefficients(int degree, long seed) {
        Random r = new Random(seed);
        double[] a = new double[degree + 1];
        for (int j = 0; j <= degree; j++) {
            a[j] = r.nextGaussian();
        }
        return a;
    }

    /**
     * The LegS memory of size n run online over f on (t0, 1]: RK4 on dc/dτ = A c + B f(e^τ), τ = ln t, from
     * c(t0) = f(t0)·e₀ (the limit of the projection as t → 0; its error is O(t0) and decays under A, whose
     * eigenvalues are −1 … −n). Returns c(1).
     */
    public static double[] onlineLegs(int n, Signal f, double t0, int steps) {
        double[][] a = HiPPO.legsA(n);
        double[] b = HiPPO.legsB(n);
        double tau0 = Math.log(t0);
        double h = -tau0 / steps;
        double[] c = new double[n];
        c[0] = f.at(t0);
        for (int s = 0; s < steps; s++) {
            double tau = tau0 + s * h;
            double[] k1 = deriv(a, b, c, f.at(Math.exp(tau)));
            double[] k2 = deriv(a, b, axpy(c, k1, h / 2), f.at(Math.exp(tau + h / 2)));
            double[] k3 = deriv(a, b, axpy(c, k2, h / 2), f.at(Math.exp(tau + h / 2)));
            double[] k4 = deriv(a, b, axpy(c, k3, h), f.at(Math.exp(tau + h)));
            for (int i = 0; i < n; i++) {
                c[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        return c;
    }

    private static double[] deriv(double[][] a, double[] b, double[] c, double f) {
        int n = c.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double acc = b[i] * f;
            for (int k = 0; k <= i; k++) { // A is lower triangular
                acc += a[i][k] * c[k];
            }
            d[i] = acc;
        }
        return d;
    }

    private static double[] axpy(double[] c, double[] k, double h) {
        double[] r = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            r[i] = c[i] + h * k[i];
        }
        return r;
    }

    /** f̂(s) = Σ_n c_n p̃_n(2s − 1) on a grid s_i = i/(points−1). */
    public static double[] reconstruct(double[] c, int points) {
        double[] out = new double[points];
        for (int i = 0; i < points; i++) {
            double s = i / (double) (points - 1);
            double[] p = shiftedBasis(c.length, s);
            double v = 0;
            for (int k = 0; k < c.length; k++) {
                v += c[k] * p[k];
            }
            out[i] = v;
        }
        return out;
    }

    /** f on the same grid. */
    public static double[] sample(Signal f, int points) {
        double[] out = new double[points];
        for (int i = 0; i < points; i++) {
            out[i] = f.at(i / (double) (points - 1));
        }
        return out;
    }

    /** max |a − b| / max |b|. */
    public static double relMaxError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return den == 0 ? num : num / den;
    }

    /** Bilinear discretisation (S4 eq. 3): {Ā (n×n), B̄ as a 1×n row}. */
    public static double[][][] bilinear(double[][] a, double[] b, double dt) {
        int n = b.length;
        double[][] lhs = new double[n][n];
        double[][] rhs = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                lhs[i][k] = (i == k ? 1 : 0) - dt / 2 * a[i][k];
                rhs[i][k] = (i == k ? 1 : 0) + dt / 2 * a[i][k];
            }
        }
        double[][] abar = new double[n][];
        for (int k = 0; k < n; k++) { // column k of Ā solves lhs · x = rhs[:, k]
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = rhs[i][k];
            }
            abar[k] = solve(lhs, col);
        }
        double[][] aBar = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                aBar[i][k] = abar[k][i];
            }
        }
        double[] db = new double[n];
        for (int i = 0; i < n; i++) {
            db[i] = dt * b[i];
        }
        return new double[][][] {aBar, {solve(lhs, db)}};
    }

    /** Gaussian elimination with partial pivoting (copies its inputs). */
    static double[] solve(double[][] m0, double[] y0) {
        int n = y0.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = m0[i].clone();
        }
        double[] y = y0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double ty = y[c];
            y[c] = y[piv];
            y[piv] = ty;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < n; k++) {
                    m[r][k] -= f * m[c][k];
                }
                y[r] -= f * y[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double acc = y[r];
            for (int k = r + 1; k < n; k++) {
                acc -= m[r][k] * x[k];
            }
            x[r] = acc / m[r][r];
        }
        return x;
    }

    /** Impulse response of x_l = Ā x_{l−1} + B̄ u_l, y_l = C x_l (u = δ₀): K_l = C Ā^l B̄ for l &lt; len. */
    public static double[] unrolledKernel(double[][] aBar, double[] bBar, double[] c, int len) {
        int n = bBar.length;
        double[] x = bBar.clone();
        double[] k = new double[len];
        for (int l = 0; l < len; l++) {
            double y = 0;
            for (int i = 0; i < n; i++) {
                y += c[i] * x[i];
            }
            k[l] = y;
            double[] nx = new double[n];
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += aBar[i][j] * x[j];
                }
                nx[i] = acc;
            }
            x = nx;
        }
        return k;
    }
}
