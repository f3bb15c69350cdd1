package org.linrepro.nn.icl;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.theory.IclTheory;
import org.linrepro.linalg.SmallMatrices;

/**
 * The learning algorithms a trained in-context learner is compared with (Akyürek et al., arXiv 2211.15661, §4.2;
 * Garg et al., arXiv 2208.01066, Fig. 2), in double precision: each maps the first k examples of a prompt to a
 * prediction at x<sub>k</sub>, for every prefix k = 0 … n−1 (the same positions {@link IclTransformer} predicts).
 */
public final class ReferencePredictors {
    /** One algorithm A: (x<sub>1..k</sub>, y<sub>1..k</sub>) ↦ A(D)(x<sub>q</sub>). */
    @FunctionalInterface
    public interface Algorithm {
        double predict(double[][] xs, double[] ys, int k, double[] query);
    }

    private ReferencePredictors() {}

    /** Min-norm least squares (OLS when k ≥ d): ŵ = X⁺y. With no examples it predicts 0. */
    public static Algorithm leastSquares() {
        return (xs, ys, k, q) -> k == 0 ? 0 : dot(leastSquaresWeights(xs, ys, k), q);
    }

    /** Ridge ŵ = (XᵀX + λI)⁻¹Xᵀy; with w ~ N(0, I) and noise σ², λ = σ² is the Bayes predictor (posterior mean). */
    public static Algorithm ridge(double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("ridge needs λ > 0 (λ = 0 is leastSquares()); got " + lambda);
        }
        return (xs, ys, k, q) -> {
            int d = q.length;
            double[][] a = gram(xs, k, d);
            for (int i = 0; i < d; i++) {
                a[i][i] += lambda;
            }
            return dot(SmallMatrices.solvePositiveDefinite(a, xty(xs, ys, k, d)), q);
        };
    }

    /**
     * One GD step from w = 0 on the squared loss, with the step that is optimal in expectation for k examples of
     * isotropic Gaussian data ({@link IclTheory#optimalStepSize}, sum form); the paper tunes its step instead.
     */
    public static Algorithm oneStepGd(double noiseVariance) {
        return (xs, ys, k, q) -> {
            if (k == 0) {
                return 0;
            }
            double eta = IclTheory.optimalStepSize(q.length, k, noiseVariance);
            return eta * dot(xty(xs, ys, k, q.length), q);
        };
    }

    /** Averaging ŵ = (1/k) Σ y_i x_i (Garg et al.'s baseline). */
    public static Algorithm averaging() {
        return (xs, ys, k, q) -> k == 0 ? 0 : dot(xty(xs, ys, k, q.length), q) / k;
    }

    /** Mean label of the {@code neighbours} nearest examples (uniform weights; all of them when k is smaller). */
    public static Algorithm nearestNeighbours(int neighbours) {
        return (xs, ys, k, q) -> {
            if (k == 0) {
                return 0;
            }
            Integer[] idx = new Integer[k];
            double[] dist = new double[k];
            for (int i = 0; i < k; i++) {
                idx[i] = i;
                double s = 0;
                for (int j = 0; j < q.length; j++) {
                    double t = xs[i][j] - q[j];
                    s += t * t;
                }
                dist[i] = s;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(dist[a], dist[b]));
            int m = Math.min(neighbours, k);
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += ys[idx[i]];
            }
            return s / m;
        };
    }

    /** out[b][k] = A(first k examples of prompt b)(x<sub>k</sub>), for k = 0 … n−1. */
    public static double[][] predictAllPrefixes(Algorithm a, Host prompts) {
        double[][] out = new double[prompts.x.length][];
        for (int b = 0; b < prompts.x.length; b++) {
            double[][] xs = prompts.x[b];
            out[b] = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                out[b][k] = a.predict(xs, prompts.y[b], k, xs[k]);
            }
        }
        return out;
    }

    /** A prompt batch copied to the host in double precision: x[b][i][j], y[b][i], query[b][j], target[b]. */
    public record Host(double[][][] x, double[][] y, double[][] query, double[] target) {
        public static Host of(RegressionPrompts p) {
            int b = p.batch();
            int n = p.contextLength();
            int d = p.dim();
            double[] xf = p.x().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] yf = p.y().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] qf = p.query().toType(DataType.FLOAT64, false).toDoubleArray();
            double[][][] x = new double[b][n][d];
            double[][] y = new double[b][n];
            double[][] q = new double[b][d];
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < n; t++) {
                    System.arraycopy(xf, (i * n + t) * d, x[i][t], 0, d);
                    y[i][t] = yf[i * n + t];
                }
                System.arraycopy(qf, i * d, q[i], 0, d);
            }
            return new Host(x, y, q, p.target().toType(DataType.FLOAT64, false).toDoubleArray());
        }

        /** The prompts of several batches, in order. */
        public static Host concat(Host... parts) {
            return new Host(Arrays.stream(parts).flatMap(h -> Arrays.stream(h.x)).toArray(double[][][]::new),
                    Arrays.stream(parts).flatMap(h -> Arrays.stream(h.y)).toArray(double[][]::new),
                    Arrays.stream(parts).flatMap(h -> Arrays.stream(h.query)).toArray(double[][]::new),
                    Arrays.stream(parts).flatMapToDouble(h -> Arrays.stream(h.target)).toArray());
        }
    }

    /** out[b] = A(all n examples of prompt b)(x<sub>q</sub>): the prediction at the prompt's separate query. */
    public static double[] predictQueries(Algorithm a, Host prompts) {
        double[] out = new double[prompts.x.length];
        for (int b = 0; b < out.length; b++) {
            out[b] = a.predict(prompts.x[b], prompts.y[b], prompts.x[b].length, prompts.query[b]);
        }
        return out;
    }

    static double[] leastSquaresWeights(double[][] xs, double[] ys, int k) {
        int d = xs[0].length;
        if (k >= d) {
            return SmallMatrices.solvePositiveDefinite(gram(xs, k, d), xty(xs, ys, k, d));
        }
        double[][] g = new double[k][k]; // XXᵀ, then ŵ = Xᵀ(XXᵀ)⁻¹y
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i][j] = dot(xs[i], xs[j]);
            }
        }
        double[] a = SmallMatrices.solvePositiveDefinite(g, Arrays.copyOf(ys, k));
        double[] w = new double[d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                w[j] += a[i] * xs[i][j];
            }
        }
        return w;
    }

    private static double[][] gram(double[][] xs, int k, int d) {
        double[][] a = new double[d][d];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    a[r][c] += xs[i][r] * xs[i][c];
                }
            }
        }
        return a;
    }

    private static double[] xty(double[][] xs, double[] ys, int k, int d) {
        double[] v = new double[d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                v[j] += ys[i] * xs[i][j];
            }
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
