package org.linrepro.theory;

/**
 * Exact prediction errors of the reference estimators in Garg et al.'s setting (arXiv 2208.01066: x, x<sub>q</sub>,
 * w ~ N(0, I<sub>d</sub>), n in-context examples), as E[(x<sub>q</sub>ᵀŵ − x<sub>q</sub>ᵀw)²]/d, the per-dimension
 * error their figures plot. Standard results (CATALOGUE GA-6, DERIVED), not quoted from the paper:
 * <ul>
 *   <li>min-norm least squares, noiseless: ŵ = X⁺y projects w onto the row space of X, a uniformly random
 *       min(n, d)-dimensional subspace, so the error is E‖(I − P)w‖²/d = max(0, 1 − n/d);</li>
 *   <li>one GD step at the optimal step: {@link IclTheory#optimalLoss}/d = (d+1+σ²)/(n+d+1+σ²);</li>
 *   <li>averaging ŵ = (1/n) Σ y<sub>i</sub>x<sub>i</sub>: E‖(XᵀX/n − I)w‖²/d = (d+1)/n (+ σ²/n with noise);</li>
 *   <li>OLS with noise, n &gt; d+1: E[x<sub>q</sub>ᵀ(XᵀX)⁻¹Xᵀε]² = σ² E tr (XᵀX)⁻¹ = σ²d/(n−d−1) (inverse-Wishart
 *       mean), i.e. σ²/(n−d−1) per dimension.</li>
 * </ul>
 */
public final class EstimatorRisks {
    private EstimatorRisks() {}

    private static void check(int d, int n) {
        if (d < 1 || n < 1) {
            throw new IllegalArgumentException("need d ≥ 1 and n ≥ 1; got d=" + d + ", n=" + n);
        }
    }

    /** Noiseless min-norm least squares: max(0, 1 − n/d). */
    public static double minNormLeastSquares(int d, int n) {
        check(d, n);
        return Math.max(0.0, 1.0 - (double) n / d);
    }

    /** One GD step from w = 0 at the optimal step: (d+1+σ²)/(n+d+1+σ²). */
    public static double optimalOneStepGd(int d, int n, double noiseVariance) {
        return IclTheory.optimalLoss(d, n, noiseVariance) / d;
    }

    /** Averaging ŵ = (1/n)Σ y_i x_i: (d+1+σ²)/n. */
    public static double averaging(int d, int n, double noiseVariance) {
        check(d, n);
        return (d + 1 + noiseVariance) / n;
    }

    /** OLS with noise variance σ², n &gt; d + 1: σ²/(n−d−1). */
    public static double noisyLeastSquares(int d, int n, double noiseVariance) {
        check(d, n);
        if (n <= d + 1) {
            throw new IllegalArgumentException("the OLS error is finite only for n > d + 1; got n=" + n + ", d=" + d);
        }
        return noiseVariance / (n - d - 1);
    }
}
