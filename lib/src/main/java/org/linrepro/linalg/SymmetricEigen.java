package org.linrepro.linalg;

import java.util.Arrays;

/**
 * Eigendecomposition of a small symmetric matrix by cyclic Jacobi rotations. Hand-written rather than
 * commons-math3's {@code EigenDecomposition} (Householder tridiagonalisation + QL): the HiPPO/S4D initialisations
 * and the exact S4 claims are pinned to these bits, Jacobi is accurate to relative precision on small
 * eigenvalues, and the result is the same on every JVM. {@code LinearAlgebraReferenceTest} checks it against
 * commons-math3 to rounding.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /**
     * Cyclic Jacobi eigendecomposition of a symmetric matrix (destroys {@code a}); eigenvectors go to the columns
     * of {@code vecs}. Returns the eigenvalues, unsorted.
     */
    public static double[] jacobi(double[][] a, double[][] vecs) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            Arrays.fill(vecs[i], 0);
            vecs[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-24) {
                break;
            }
            for (int pp = 0; pp < n; pp++) {
                for (int q = pp + 1; q < n; q++) {
                    if (Math.abs(a[pp][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[pp][pp]) / (2 * a[pp][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) { // A ← A J
                        double akp = a[k][pp];
                        double akq = a[k][q];
                        a[k][pp] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // A ← J^T A
                        double apk = a[pp][k];
                        double aqk = a[q][k];
                        a[pp][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vecs[k][pp];
                        double vkq = vecs[k][q];
                        vecs[k][pp] = c * vkp - sn * vkq;
                        vecs[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        double[] vals = new double[n];
        for (int i = 0; i < n; i++) {
            vals[i] = a[i][i];
        }
        return vals;
    }
}
