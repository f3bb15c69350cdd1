package org.linrepro.data.icl;

import org.linrepro.linalg.SmallMatrices;

/**
 * The task distribution of an in-context regression prompt, beyond the isotropic Gaussian default:
 * <ul>
 *   <li>{@code inputs}: Gaussian N(0, Σ) (Σ = {@code covariance}, identity when null), or uniform U(−a, a)<sup>d</sup>
 *       with a = {@code halfWidth} (von Oswald et al.'s data, arXiv 2212.07677);</li>
 *   <li>{@code prior} of the task vector w: N(0, I), or N(0, Σ⁻¹) (Mahankali et al.'s non-isotropic setting);</li>
 *   <li>{@code link}: y = g(⟨w, x⟩) + ε with g the identity or a fixed nonlinearity (a rotationally invariant family
 *       of nonlinear targets when inputs and prior are isotropic Gaussian).</li>
 * </ul>
 * Context labels carry noise of variance {@code noise}; the query target is noiseless.
 */
public record PromptDistribution(int d, int n, double noise, Inputs inputs, double halfWidth, double[][] covariance,
        Prior prior, Link link) {

    public enum Inputs { GAUSSIAN, UNIFORM }

    public enum Prior { STANDARD, INVERSE_COVARIANCE }

    /** Response function g applied to ⟨w, x⟩. */
    public enum Link {
        LINEAR, TANH, RELU;

        public static Link parse(String s) {
            for (Link l : values()) {
                if (l.name().equalsIgnoreCase(s)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown link '" + s + "' (known: linear, tanh, relu)");
        }
    }

    public PromptDistribution {
        if (d < 1 || n < 1 || !(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("impossible prompt shape: n=" + n + ", d=" + d + ", σ²=" + noise);
        }
        if (inputs == Inputs.UNIFORM && (!(halfWidth > 0) || covariance != null)) {
            throw new IllegalArgumentException("uniform inputs need a half-width > 0 and no covariance");
        }
        if (covariance != null && (covariance.length != d || !SmallMatrices.isPositiveDefinite(covariance))) {
            throw new IllegalArgumentException("the covariance must be a symmetric positive definite " + d + "×" + d
                    + " matrix");
        }
        if (prior == Prior.INVERSE_COVARIANCE && inputs != Inputs.GAUSSIAN) {
            throw new IllegalArgumentException("the prior N(0, Σ⁻¹) needs Gaussian inputs");
        }
    }

    /** x, w ~ N(0, I), linear targets: the default of {@link RegressionPrompts#sample}. */
    public static PromptDistribution isotropic(int d, int n, double noise) {
        return new PromptDistribution(d, n, noise, Inputs.GAUSSIAN, 0, null, Prior.STANDARD, Link.LINEAR);
    }

    /** x ~ N(0, Σ) with the given prior, linear targets. */
    public static PromptDistribution gaussian(int d, int n, double noise, double[][] covariance, Prior prior) {
        return new PromptDistribution(d, n, noise, Inputs.GAUSSIAN, 0, covariance, prior, Link.LINEAR);
    }

    /** x ~ U(−a, a)<sup>d</sup>, w ~ N(0, I), linear targets. */
    public static PromptDistribution uniform(int d, int n, double noise, double halfWidth) {
        return new PromptDistribution(d, n, noise, Inputs.UNIFORM, halfWidth, null, Prior.STANDARD, Link.LINEAR);
    }

    public PromptDistribution withLink(Link g) {
        return new PromptDistribution(d, n, noise, inputs, halfWidth, covariance, prior, g);
    }

    public PromptDistribution withContextLength(int contextLength) {
        return new PromptDistribution(d, contextLength, noise, inputs, halfWidth, covariance, prior, link);
    }

    /** Σ = E[xxᵀ]. */
    public double[][] inputCovariance() {
        if (inputs == Inputs.UNIFORM) {
            return SmallMatrices.scale(halfWidth * halfWidth / 3, SmallMatrices.identity(d));
        }
        return covariance == null ? SmallMatrices.identity(d) : SmallMatrices.copy(covariance);
    }

    /** Σ_w = E[wwᵀ]. */
    public double[][] priorCovariance() {
        return prior == Prior.STANDARD ? SmallMatrices.identity(d) : SmallMatrices.inverse(inputCovariance());
    }
}
