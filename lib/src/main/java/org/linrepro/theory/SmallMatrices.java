package org.linrepro.theory;

/**
 * Small dense linear algebra on {@code double[][]} (row-major, d up to a few dozen): what the closed forms and
 * the reference regressors need, in plain Java so they are exact in double precision and independent of the
 * tensor engine they check. Inputs are never modified.
 */
public final class SmallMatrices {
    private SmallMatrices() {}

    public static double[][] identity(int d) {
        return diagonal(filled(d, 1.0));
    }

    public static double[][] diagonal(double[] values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    public static double[] diagonalOf(double[][] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i][i];
        }
        return out;
    }

    private static double[] filled(int d, double v) {
        double[] x = new double[d];
        java.util.Arrays.fill(x, v);
        return x;
    }

    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        if (a[0].length != k) {
            throw new IllegalArgumentException("shapes " + n + "×" + a[0].length + " and " + k + "×" + m + " differ");
        }
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double v = a[i][l];
                for (int j = 0; j < m; j++) {
                    c[i][j] += v * b[l][j];
                }
            }
        }
        return c;
    }

    public static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** α·a + β·b. */
    public static double[][] combine(double alpha, double[][] a, double beta, double[][] b) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = alpha * a[i][j] + beta * b[i][j];
            }
        }
        return c;
    }

    public static double[][] scale(double alpha, double[][] a) {
        return combine(alpha, a, 0, a);
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    public static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i][i];
        }
        return s;
    }

    public static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** ‖a − b‖_F / ‖b‖_F. */
    public static double relativeDifference(double[][] a, double[][] b) {
        return frobenius(combine(1, a, -1, b)) / frobenius(b);
    }

    /** Inverse by Gauss–Jordan elimination with partial pivoting; fails on a (numerically) singular matrix. */
    public static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = copy(a);
        double[][] inv = identity(n);
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(m[pivot][col]) > 1e-14 * scale)) {
                throw new IllegalArgumentException("matrix is singular (pivot " + m[pivot][col] + " in column " + col + ")");
            }
            swap(m, col, pivot);
            swap(inv, col, pivot);
            double p = m[col][col];
            for (int j = 0; j < n; j++) {
                m[col][j] /= p;
                inv[col][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int j = 0; j < n; j++) {
                        m[r][j] -= f * m[col][j];
                        inv[r][j] -= f * inv[col][j];
                    }
                }
            }
        }
        return inv;
    }

    private static void swap(double[][] m, int i, int j) {
        double[] t = m[i];
        m[i] = m[j];
        m[j] = t;
    }

    /** Lower-triangular L with a = L Lᵀ; fails unless a is symmetric positive definite. */
    public static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("matrix is not positive definite (pivot " + s + " at " + i + ")");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves a x = b for symmetric positive definite a (Cholesky). */
    public static double[] solvePositiveDefinite(double[][] a, double[] b) {
        double[][] l = cholesky(a);
        int n = b.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** Whether a is symmetric (to 1e-12 relative) and positive definite. */
    public static boolean isPositiveDefinite(double[][] a) {
        for (double[] row : a) {
            if (row.length != a.length) {
                return false;
            }
        }
        double tol = 1e-12 * Math.max(1, frobenius(a));
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > tol) {
                    return false;
                }
            }
        }
        try {
            cholesky(a);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
