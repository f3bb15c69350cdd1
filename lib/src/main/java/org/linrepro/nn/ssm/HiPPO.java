package org.linrepro.nn.ssm;

import java.util.Arrays;
import org.linrepro.linalg.SymmetricEigen;

/**
 * HiPPO-LegS matrices and the diagonal initialisations derived from them, in plain Java doubles
 * (they are constants computed once per layer).
 *
 * <p>LegS (Gu et al., HiPPO, arXiv 2008.07669, eq. in Thm. 2; S4 arXiv 2111.00396 eq. 2):
 * A_nk = −√(2n+1)√(2k+1) for n &gt; k, −(n+1) for n = k, 0 for n &lt; k; B_n = √(2n+1).
 * With P_n = √(n + 1/2), A + P P^T = −I/2 + S with S skew-symmetric (S4 Thm. 1: the
 * normal-plus-low-rank form). The eigenvalues of the normal part are −1/2 + iω; S4D-LegS (Gu et
 * al., arXiv 2206.11893, §4) keeps them, with B̃ = V^* B, as the diagonal initialisation.
 */
public final class HiPPO {

    private HiPPO() {}

    /** LegS state matrix A, N×N, row-major. */
    public static double[][] legsA(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                if (i > k) {
                    a[i][k] = -Math.sqrt(2 * i + 1) * Math.sqrt(2 * k + 1);
                } else if (i == k) {
                    a[i][k] = -(i + 1);
                }
            }
        }
        return a;
    }

    /** LegS input vector B_n = √(2n+1). */
    public static double[] legsB(int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = Math.sqrt(2 * i + 1);
        }
        return b;
    }

    /** Low-rank term P_n = √(n + 1/2) with A + P P^T = −I/2 + skew. */
    public static double[] legsP(int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.sqrt(i + 0.5);
        }
        return p;
    }

    /**
     * S4D-LegS initialisation for an even state size N: the N/2 eigenvalues −1/2 + iω (ω &gt; 0) of
     * the normal part of LegS and B̃ = V^* B for their eigenvectors. Returns {re(Λ), im(Λ),
     * re(B̃), im(B̃)}, each of length N/2, sorted by ω.
     *
     * <p>Computed without a complex eigensolver: S is skew, so −S² = S^T S is symmetric PSD with
     * eigenvalues ω² in pairs; for a unit eigenvector u of −S² (ω &gt; 0), v = (u − i S u/ω)/√2 is a
     * unit eigenvector of S with eigenvalue iω.
     */
    public static double[][] s4dLegs(int n) {
        if (n % 2 != 0 || n < 2) {
            throw new IllegalArgumentException("S4D-LegS needs an even state size, got " + n);
        }
        double[][] a = legsA(n);
        double[] p = legsP(n);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                s[i][k] = a[i][k] + p[i] * p[k] + (i == k ? 0.5 : 0.0);
            }
        }
        double[][] sts = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += s[j][i] * s[j][k];
                }
                sts[i][k] = acc;
            }
        }
        double[][] vecs = new double[n][n];
        double[] vals = SymmetricEigen.jacobi(sts, vecs);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(vals[x], vals[y]));
        double[] b = legsB(n);
        int half = n / 2;
        double[][] out = new double[4][half];
        for (int j = 0; j < half; j++) {
            int idx = order[2 * j]; // eigenvalues of S^T S come in equal pairs: take one of each pair
            double w = Math.sqrt(Math.max(vals[idx], 0));
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = vecs[i][idx];
            }
            double ub = 0;
            double sub = 0;
            for (int i = 0; i < n; i++) {
                double su = 0;
                for (int k = 0; k < n; k++) {
                    su += s[i][k] * u[k];
                }
                ub += u[i] * b[i];
                sub += su * b[i];
            }
            out[0][j] = -0.5;
            out[1][j] = w;
            // B̃ = v^* B = (u·B + i (S u)·B / ω)/√2
            out[2][j] = ub / Math.sqrt(2);
            out[3][j] = w > 0 ? sub / w / Math.sqrt(2) : 0;
        }
        return out;
    }

    /** S4D-Lin initialisation (2206.11893 §4): Λ_n = −1/2 + iπn, B = 1. Same layout as {@link #s4dLegs}. */
    public static double[][] s4dLin(int n) {
        int half = n / 2;
        double[][] out = new double[4][half];
        for (int j = 0; j < half; j++) {
            out[0][j] = -0.5;
            out[1][j] = Math.PI * j;
            out[2][j] = 1.0;
            out[3][j] = 0.0;
        }
        return out;
    }
}
