package org.linrepro.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The hand-written decompositions (kept for their bits, see each class) against commons-math3's on random
 * matrices: the same results to rounding. A change that breaks one of them fails here, whatever the claims say.
 */
class LinearAlgebraReferenceTest {
    private static final double TOL = 1e-10;

    private static double[][] random(Random r, int m, int n) {
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    /** A Aᵀ + n·I: symmetric positive definite, well conditioned. */
    private static double[][] spd(Random r, int n) {
        double[][] a = random(r, n, n);
        double[][] s = SmallMatrices.multiply(a, SmallMatrices.transpose(a));
        for (int i = 0; i < n; i++) {
            s[i][i] += n;
        }
        return s;
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return d;
    }

    @Test
    void inverseCholeskyAndSolveMatchCommonsMath() {
        Random r = new Random(7);
        for (int n : new int[] {1, 3, 8, 20}) {
            double[][] a = spd(r, n);
            RealMatrix ref = new Array2DRowRealMatrix(a);
            assertTrue(maxAbsDiff(SmallMatrices.inverse(a),
                    new LUDecomposition(ref).getSolver().getInverse().getData()) < TOL, "inverse n=" + n);
            assertTrue(maxAbsDiff(SmallMatrices.cholesky(a), new CholeskyDecomposition(ref).getL().getData()) < TOL,
                    "cholesky n=" + n);
            double[] b = random(r, 1, n)[0];
            assertArrayEquals(new LUDecomposition(ref).getSolver().solve(
                    new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray(),
                    SmallMatrices.solvePositiveDefinite(a, b), TOL, "solve n=" + n);
        }
    }

    @Test
    void jacobiEigenvaluesMatchCommonsMath() {
        Random r = new Random(11);
        for (int n : new int[] {2, 5, 16}) {
            double[][] a = spd(r, n);
            double[] ref = new EigenDecomposition(new Array2DRowRealMatrix(a)).getRealEigenvalues();
            double[][] vecs = new double[n][n];
            double[] ours = SymmetricEigen.jacobi(SmallMatrices.copy(a), vecs);
            Arrays.sort(ref);
            double[] sorted = ours.clone();
            Arrays.sort(sorted);
            assertArrayEquals(ref, sorted, TOL * n, "eigenvalues n=" + n);
            // A v = λ v for every returned pair
            for (int k = 0; k < n; k++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = vecs[i][k];
                }
                double[] av = SmallMatrices.multiply(a, v);
                for (int i = 0; i < n; i++) {
                    assertEquals(ours[k] * v[i], av[i], TOL * n, "eigenpair " + k + " n=" + n);
                }
            }
        }
    }

    @Test
    void jacobiSvdMatchesCommonsMath() {
        Random r = new Random(13);
        for (int[] mn : new int[][] {{6, 4}, {4, 6}, {12, 12}}) {
            int m = mn[0];
            int n = mn[1];
            double[][] a = random(r, m, n);
            double[] flat = new double[m * n];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a[i], 0, flat, i * n, n);
            }
            Svd ours = Svd.of(flat, m, n);
            double[] ref = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSingularValues();
            assertArrayEquals(ref, ours.s(), TOL, "singular values " + m + "x" + n);
            // U diag(s) Vᵀ rebuilds A
            int k = Math.min(m, n);
            double[][] us = new double[m][k];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    us[i][j] = ours.u()[i][j] * ours.s()[j];
                }
            }
            assertTrue(maxAbsDiff(SmallMatrices.multiply(us, SmallMatrices.transpose(ours.v())), a) < TOL,
                    "reconstruction " + m + "x" + n);
        }
    }
}
