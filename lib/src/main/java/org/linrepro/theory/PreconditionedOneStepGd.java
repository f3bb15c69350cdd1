package org.linrepro.theory;

import org.linrepro.linalg.SmallMatrices;

import static org.linrepro.linalg.SmallMatrices.combine;
import static org.linrepro.linalg.SmallMatrices.inverse;
import static org.linrepro.linalg.SmallMatrices.multiply;
import static org.linrepro.linalg.SmallMatrices.scale;
import static org.linrepro.linalg.SmallMatrices.trace;
import static org.linrepro.linalg.SmallMatrices.transpose;

/**
 * The optimal single layer of linear self-attention for non-isotropic Gaussian covariates: one step of
 * <em>preconditioned</em> GD (Mahankali, Hashimoto &amp; Ma, arXiv 2307.03576, abstract and Section 4).
 *
 * <h2>Convention (the same as {@link IclTheory}, sum form, query noise excluded)</h2>
 * x<sub>1..n</sub>, x<sub>q</sub> ~ N(0, Σ), w ~ N(0, Σ<sub>w</sub>), y<sub>i</sub> = ⟨w, x<sub>i</sub>⟩ + ε<sub>i</sub>,
 * ε ~ N(0, σ²). Predictor ŷ = x<sub>q</sub>ᵀ Γ v with v = Σ<sub>i</sub> y<sub>i</sub> x<sub>i</sub>; loss
 * E[(ŷ − ⟨w, x<sub>q</sub>⟩)²]. The paper's prior is Σ<sub>w</sub> = Σ⁻¹ (CATALOGUE ICL-M6).
 *
 * <h2>Derivation</h2>
 * L(Γ) = E[(Γv − w)ᵀ Σ (Γv − w)] = tr Σ(Γ E[vvᵀ] Γᵀ − Γ E[vwᵀ] − E[wvᵀ] Γᵀ + Σ<sub>w</sub>), with the Gaussian
 * (Wishart) moments E[vwᵀ] = nΣΣ<sub>w</sub> and E[vvᵀ] = n(n+1)ΣΣ<sub>w</sub>Σ + n·tr(Σ<sub>w</sub>Σ)·Σ + nσ²Σ.
 * Setting the gradient 2Σ(Γ E[vvᵀ] − E[wvᵀ]) to zero gives <b>Γ* = E[wvᵀ] E[vvᵀ]⁻¹</b> and
 * <b>L* = tr(ΣΣ<sub>w</sub>) − tr(Σ Γ* E[vwᵀ])</b>. For Σ<sub>w</sub> = Σ⁻¹ this is Γ* = Σ⁻¹/(n+d+1+σ²) (GD
 * preconditioned by Σ⁻¹, with the isotropic step) and L* equals the isotropic loss; for Σ<sub>w</sub> = I it is
 * Γ* = ((n+1)Σ + (tr Σ + σ²) I)⁻¹. Multiply Γ by n for the mean form of CATALOGUE ICL-M6.
 */
public final class PreconditionedOneStepGd {
    private PreconditionedOneStepGd() {}

    private static void check(double[][] sigma, double[][] sigmaW, int n, double noise) {
        if (n < 1 || !(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("need n ≥ 1 and noise variance ≥ 0; got n=" + n + ", σ²=" + noise);
        }
        if (!SmallMatrices.isPositiveDefinite(sigma) || !SmallMatrices.isPositiveDefinite(sigmaW)
                || sigma.length != sigmaW.length) {
            throw new IllegalArgumentException("covariances must be symmetric positive definite and of equal size");
        }
    }

    /** E[v wᵀ] = nΣΣ_w. */
    static double[][] crossMoment(double[][] sigma, double[][] sigmaW, int n) {
        return scale(n, multiply(sigma, sigmaW));
    }

    /** E[v vᵀ] = n(n+1)ΣΣ_wΣ + n(tr(Σ_wΣ) + σ²)Σ. */
    static double[][] secondMoment(double[][] sigma, double[][] sigmaW, int n, double noise) {
        double[][] sws = multiply(multiply(sigma, sigmaW), sigma);
        double t = trace(multiply(sigmaW, sigma));
        return combine((double) n * (n + 1), sws, n * (t + noise), sigma);
    }

    /** Γ* (sum form): the preconditioner of the optimal one-step predictor. */
    public static double[][] optimalPreconditioner(double[][] sigma, double[][] sigmaW, int n, double noise) {
        check(sigma, sigmaW, n, noise);
        return multiply(transpose(crossMoment(sigma, sigmaW, n)), inverse(secondMoment(sigma, sigmaW, n, noise)));
    }

    /** L(Γ) for any preconditioner Γ (sum form, query noise excluded). */
    public static double loss(double[][] gamma, double[][] sigma, double[][] sigmaW, int n, double noise) {
        check(sigma, sigmaW, n, noise);
        double[][] evw = crossMoment(sigma, sigmaW, n);
        double[][] evv = secondMoment(sigma, sigmaW, n, noise);
        double quad = trace(multiply(sigma, multiply(multiply(gamma, evv), transpose(gamma))));
        double cross = trace(multiply(sigma, multiply(gamma, evw)));
        return quad - 2 * cross + trace(multiply(sigma, sigmaW));
    }

    /** L* = L(Γ*). */
    public static double optimalLoss(double[][] sigma, double[][] sigmaW, int n, double noise) {
        double[][] g = optimalPreconditioner(sigma, sigmaW, n, noise);
        return trace(multiply(sigma, sigmaW)) - trace(multiply(sigma, multiply(g, crossMoment(sigma, sigmaW, n))));
    }

    /** The paper's prior Σ_w = Σ⁻¹ (CATALOGUE ICL-M6). */
    public static double[][] inversePrior(double[][] sigma) {
        return inverse(sigma);
    }
}
