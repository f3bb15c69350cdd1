package org.linrepro.repro.icl;

import org.linrepro.nn.icl.ReferencePredictors;
import org.linrepro.run.RunCache;

/**
 * The ridge parameter that best explains a trained model's predictions (Akyürek et al., arXiv 2211.15661, §4.3:
 * "the best-fitting ridge parameter"): the λ minimising the mean squared prediction difference between the model
 * and ridge(λ) over the evaluation prompts and every context size k = 1 … n−1.
 */
final class RidgeFit {
    private static final double LOG_MIN = Math.log(1e-3);
    private static final double LOG_MAX = Math.log(10);

    private RidgeFit() {}

    /** Mean SPD/d between the model and ridge(λ) (λ = 0: least squares). */
    static double meanSpd(TransformerIclExperiments.Curves r, double lambda) {
        ReferencePredictors.Algorithm a = lambda == 0 ? ReferencePredictors.leastSquares()
                : ReferencePredictors.ridge(lambda);
        double[][] ref = ReferencePredictors.predictAllPrefixes(a, r.prompts());
        double s = 0;
        long count = 0;
        for (int i = 0; i < ref.length; i++) {
            for (int k = 1; k < r.n(); k++) {
                double diff = r.transformerPredictions()[i][k] - ref[i][k];
                s += diff * diff;
                count++;
            }
        }
        return s / count / r.d();
    }

    /** Fitted once per trained model (claims and report details ask for it repeatedly). */
    static double bestLambda(TransformerIclExperiments.Curves r) {
        return RunCache.get("icl.ridgeFit", r, () -> search(r)); // keyed by the (cached) curves themselves
    }

    /** A coarse log grid brackets the minimum, golden-section search refines it; 0 if least squares fits best. */
    private static double search(TransformerIclExperiments.Curves r) {
        int grid = 16;
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < grid; i++) {
            double v = meanSpd(r, Math.exp(LOG_MIN + (LOG_MAX - LOG_MIN) * i / (grid - 1)));
            if (v < bestValue) {
                bestValue = v;
                best = i;
            }
        }
        double step = (LOG_MAX - LOG_MIN) / (grid - 1);
        double lo = LOG_MIN + Math.max(0, best - 1) * step;
        double hi = LOG_MIN + Math.min(grid - 1, best + 1) * step;
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = meanSpd(r, Math.exp(a));
        double fb = meanSpd(r, Math.exp(b));
        while (hi - lo > 1e-4) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = meanSpd(r, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = meanSpd(r, Math.exp(b));
            }
        }
        double lambda = Math.exp((lo + hi) / 2);
        return meanSpd(r, 0) <= meanSpd(r, lambda) ? 0 : lambda;
    }
}
