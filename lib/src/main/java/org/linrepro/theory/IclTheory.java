package org.linrepro.theory;

/**
 * Closed forms for in-context linear regression with one step of gradient descent, the predictor that the
 * optimal single layer of linear self-attention implements (Mahankali, Hashimoto &amp; Ma, arXiv 2307.03576,
 * Theorem 1, isotropic case).
 *
 * <h2>Convention used here</h2>
 * x<sub>1..n</sub>, x<sub>q</sub> ~ N(0, I<sub>d</sub>), w ~ N(0, I<sub>d</sub>), y<sub>i</sub> = ⟨w, x<sub>i</sub>⟩ +
 * ε<sub>i</sub> with ε<sub>i</sub> ~ N(0, σ²). The predictor is a <em>sum</em>:
 * ŷ = η · Σ<sub>i</sub> y<sub>i</sub> ⟨x<sub>i</sub>, x<sub>q</sub>⟩, and the loss is
 * E[(ŷ − ⟨w, x<sub>q</sub>⟩)²], i.e. the query's own noise is excluded.
 *
 * <h2>Derivation</h2>
 * Let v = Σ y<sub>i</sub> x<sub>i</sub> = XᵀXw + Xᵀε. Since x<sub>q</sub> is independent of (X, w, ε) with identity
 * covariance, E[(x<sub>q</sub>ᵀ(ηv − w))²] = E‖ηv − w‖². By Gaussian moments E[v wᵀ] = n I and
 * E[v vᵀ] = n(n+1) I + n·d·I + nσ² I (the Wishart fourth moment E[XᵀX XᵀX] = n(n+d+1) I). Hence
 * L(η) = d·(η² n (n+d+1+σ²) − 2ηn + 1), minimised at <b>η* = 1/(n+d+1+σ²)</b> with
 * <b>L* = d(d+1+σ²)/(n+d+1+σ²)</b>.
 *
 * <h2>Mapping to other normalisations</h2>
 * With the mean instead of the sum (ŷ = x<sub>q</sub>ᵀ Γ (1/n) Σ y<sub>i</sub> x<sub>i</sub>, one GD step on
 * (1/2n)Σ(wᵀx<sub>i</sub> − y<sub>i</sub>)² from w = 0), the optimal step is n·η* = n/(n+d+1+σ²) — the form in
 * {@code shared/claims/CATALOGUE.md} ICL-M3. Including the query noise adds σ² to the loss (ICL-M4). Dividing
 * by d gives the per-dimension error Garg et al. plot. The paper's own constant in Theorem 1 was not seen by us
 * (CATALOGUE marks it UNVERIFIED); these forms are our derivation, checked by Monte-Carlo claims.
 */
public final class IclTheory {
    private IclTheory() {}

    private static void check(int d, int n, double noiseVariance) {
        if (d < 1 || n < 1 || !(noiseVariance >= 0) || Double.isInfinite(noiseVariance)) {
            throw new IllegalArgumentException("need d ≥ 1, n ≥ 1, noise variance ≥ 0; got d=" + d + ", n=" + n
                    + ", σ²=" + noiseVariance);
        }
    }

    /** η* = 1/(n+d+1+σ²) for the sum-form predictor. */
    public static double optimalStepSize(int d, int n, double noiseVariance) {
        check(d, n, noiseVariance);
        return 1.0 / (n + d + 1 + noiseVariance);
    }

    /** L* = d(d+1+σ²)/(n+d+1+σ²), query noise excluded. */
    public static double optimalLoss(int d, int n, double noiseVariance) {
        check(d, n, noiseVariance);
        return d * (d + 1 + noiseVariance) / (n + d + 1 + noiseVariance);
    }

    /** L(η) = d(η² n(n+d+1+σ²) − 2ηn + 1): the loss of one GD step with any step size η (sum form). */
    public static double lossAtStep(int d, int n, double noiseVariance, double eta) {
        check(d, n, noiseVariance);
        return d * (eta * eta * n * (n + d + 1 + noiseVariance) - 2 * eta * n + 1);
    }

    /** The optimal step in the mean form (ŷ = η' (1/n) Σ y_i ⟨x_i, x_q⟩): n·η*. */
    public static double optimalMeanStepSize(int d, int n, double noiseVariance) {
        return n * optimalStepSize(d, n, noiseVariance);
    }

    /**
     * η* for inputs with i.i.d. coordinates of second moment s = E[x<sub>j</sub>²] and fourth moment
     * m<sub>4</sub> = E[x<sub>j</sub>⁴] (w ~ N(0, I), sum form): η* = s/(m<sub>4</sub> + (n+d−2)s² + σ²s). Derivation as
     * in the class comment with E[XᵀX XᵀX] = n(m<sub>4</sub> + (d−1)s²)I + n(n−1)s²I; Gaussian inputs (s = 1,
     * m<sub>4</sub> = 3) give back 1/(n+d+1+σ²). Used for von Oswald et al.'s x ~ U(−1, 1)<sup>d</sup>.
     */
    public static double optimalStepSizeIidInputs(int d, int n, double noiseVariance, double s, double m4) {
        check(d, n, noiseVariance);
        return s / iidCurvature(d, n, noiseVariance, s, m4);
    }

    /** L(η) = s·d·(η² n A − 2ηns + 1), A = m<sub>4</sub> + (n+d−2)s² + σ²s: one GD step, i.i.d.-coordinate inputs. */
    public static double lossAtStepIidInputs(int d, int n, double noiseVariance, double s, double m4, double eta) {
        check(d, n, noiseVariance);
        double a = iidCurvature(d, n, noiseVariance, s, m4);
        return s * d * (eta * eta * n * a - 2 * eta * n * s + 1);
    }

    private static double iidCurvature(int d, int n, double noiseVariance, double s, double m4) {
        if (!(s > 0) || !(m4 >= s * s)) {
            throw new IllegalArgumentException("need s > 0 and m4 ≥ s²; got s=" + s + ", m4=" + m4);
        }
        return m4 + (n + d - 2) * s * s + noiseVariance * s;
    }

    /** E[x²] = a²/3 for x ~ U(−a, a). */
    public static double uniformSecondMoment(double halfWidth) {
        return halfWidth * halfWidth / 3;
    }

    /** E[x⁴] = a⁴/5 for x ~ U(−a, a). */
    public static double uniformFourthMoment(double halfWidth) {
        return Math.pow(halfWidth, 4) / 5;
    }
}
