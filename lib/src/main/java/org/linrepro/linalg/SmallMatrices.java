package org.linrepro.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * Small dense linear algebra on {@code double[][]} (row-major, d up to a few dozen): what the closed forms and
 * the reference regressors need, in double precision and independent of the tensor engine they check. Inputs are
 * never modified.
 *
 * <p>Products, transposes, traces and norms are commons-math3's (the same summation order as a plain loop, so the
 * same bits). Inverse, Cholesky and the positive-definite solve stay hand-written: the in-context regression
 * claims' closed forms are pinned to these bits, and commons-math3's LU inverse and Cholesky (which multiplies by
 * the reciprocal pivot and has its own symmetry thresholds) round differently. {@code LinearAlgebraReferenceTest}
 * checks them against commons-math3 to rounding.
 */
public final class SmallMatrices {
    private SmallMatrices() {}

    public static double[][] identity(int d) {
        return MatrixUtils.createRealIdentityMatrix(d).getData();
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

    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        int k = b.length;
        if (a[0].length != k) {
            throw new IllegalArgumentException("shapes " + a.length + "×" + a[0].length + " and " + k + "×"
                    + b[0].length + " differ");
        }
        return matrix(a).multiply(matrix(b)).getData();
    }

    public static double[] multiply(double[][] a, double[] x) {
        return matrix(a).operate(x);
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
        return matrix(a).transpose().getData();
    }

    public static double trace(double[][] a) {
        return matrix(a).getTrace();
    }

    public static double frobenius(double[][] a) {
        return matrix(a).getFrobeniusNorm();
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

    /** A commons-math3 view of {@code a} (no copy; its operations do not modify it). */
    private static Array2DRowRealMatrix matrix(double[][] a) {
        return new Array2DRowRealMatrix(a, false);
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
