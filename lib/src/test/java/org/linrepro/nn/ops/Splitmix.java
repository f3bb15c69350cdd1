package org.linrepro.nn.ops;

/**
 * The seeded generator the golden script ({@code make_op_goldens.py}) uses: splitmix64, top 53 bits as a
 * double in [0, 1). Integer arithmetic, so Java and Python produce the same doubles bit for bit.
 */
final class Splitmix {

    private Splitmix() {}

    static double[] unit(long seed, int n) {
        long state = seed;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            out[i] = (z >>> 11) * (1.0 / (1L << 53));
        }
        return out;
    }

    /** n values uniform in [lo, hi), computed as lo + (hi − lo)·u like the script. */
    static double[] uniform(long seed, int n, double lo, double hi) {
        double[] u = unit(seed, n);
        for (int i = 0; i < n; i++) {
            u[i] = lo + (hi - lo) * u[i];
        }
        return u;
    }

    /** Rows of width d scaled to unit norm, sequential double sum (as the script). */
    static double[] unitRows(double[] x, int d) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double ss = 0;
            for (int i = 0; i < d; i++) {
                ss += x[r * d + i] * x[r * d + i];
            }
            double n = Math.sqrt(ss);
            for (int i = 0; i < d; i++) {
                y[r * d + i] = x[r * d + i] / n;
            }
        }
        return y;
    }

    /** Dot products with the script's projection vectors (seeds 7000 + j, values 2u − 1). */
    static double[] projections(double[] x, int count) {
        double[] p = new double[count];
        for (int j = 0; j < count; j++) {
            double[] r = unit(7000 + j, x.length);
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += x[i] * (2 * r[i] - 1);
            }
            p[j] = s;
        }
        return p;
    }
}
