package org.linrepro.nn.mixer;

/** The plain-double pieces the mixers' reference recurrences are written with (one token at a time). */
final class PlainDouble {
    private PlainDouble() {}

    /** y = x W for W [x.length, out] in row-major order. */
    static double[] matvec(double[] x, double[] wRowMajor, int out) {
        double[] y = new double[out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                y[o] += x[i] * wRowMajor[i * out + o];
            }
        }
        return y;
    }

    static double[] silu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        return y;
    }

    /** x[from, from + d) / √(‖·‖² + 1e-6): the L2-normalised keys and queries of the delta-rule mixers. */
    static double[] unit(double[] x, int from, int d) {
        double ss = 0;
        for (int i = 0; i < d; i++) {
            ss += x[from + i] * x[from + i];
        }
        double norm = Math.sqrt(ss + 1e-6);
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            y[i] = x[from + i] / norm;
        }
        return y;
    }
}
