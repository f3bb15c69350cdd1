package org.linrepro.linalg;

/**
 * Thin SVD of an m × n matrix (row-major doubles) by one-sided Jacobi rotations: exact to double rounding,
 * deterministic, no native dependency (DJL 0.35 exposes no SVD). Singular values descend; u is m × k, v is
 * n × k with k = min(m, n). Hand-written rather than commons-math3's {@code SingularValueDecomposition}
 * (Golub–Kahan bidiagonalisation): PiSSA's, EVA's and LoRA-SB's starts and the GLUE claims are pinned to these bits,
 * and one-sided Jacobi is accurate to relative precision on small singular values (a sign matrix's flat spectrum,
 * LoRA-SB). {@code LinearAlgebraReferenceTest} checks it against commons-math3 to rounding.
 */
public record Svd(double[][] u, double[] s, double[][] v) {

    public static Svd of(double[] a, int m, int n) {
        if (m < n) {
            // Work on the transpose so columns ≤ rows, then swap U and V.
            double[] t = new double[a.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    t[j * m + i] = a[i * n + j];
                }
            }
            Svd r = of(t, n, m);
            return new Svd(r.v, r.s, r.u);
        }
        // Columns of w are rotated until mutually orthogonal; v accumulates the rotations.
        double[][] w = new double[n][m];
        double[][] v = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                w[j][i] = a[i * n + j];
            }
            v[j][j] = 1;
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    double[] wp = w[p];
                    double[] wq = w[q];
                    for (int i = 0; i < m; i++) {
                        alpha += wp[i] * wp[i];
                        beta += wq[i] * wq[i];
                        gamma += wp[i] * wq[i];
                    }
                    if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    off = Math.max(off, Math.abs(gamma) / Math.sqrt(alpha * beta));
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double sn = c * t;
                    for (int i = 0; i < m; i++) {
                        double x = wp[i];
                        double y = wq[i];
                        wp[i] = c * x - sn * y;
                        wq[i] = sn * x + c * y;
                    }
                    double[] vp = v[p];
                    double[] vq = v[q];
                    for (int i = 0; i < n; i++) {
                        double x = vp[i];
                        double y = vq[i];
                        vp[i] = c * x - sn * y;
                        vq[i] = sn * x + c * y;
                    }
                }
            }
            if (off < 1e-13) {
                break;
            }
        }
        Integer[] order = new Integer[n];
        double[] norms = new double[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
            double s2 = 0;
            for (double x : w[j]) {
                s2 += x * x;
            }
            norms[j] = Math.sqrt(s2);
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        double[][] u = new double[m][n];
        double[][] vv = new double[n][n];
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            int j = order[k];
            s[k] = norms[j];
            for (int i = 0; i < m; i++) {
                u[i][k] = s[k] > 0 ? w[j][i] / s[k] : 0;
            }
            for (int i = 0; i < n; i++) {
                vv[i][k] = v[j][i];
            }
        }
        return new Svd(u, s, vv);
    }
}
