package org.linrepro.data.icl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.linrepro.linalg.SmallMatrices;

/**
 * A batch of in-context linear-regression prompts: n context pairs (x<sub>i</sub>, y<sub>i</sub>), a query
 * x<sub>q</sub>, the task vector w and the noiseless query target ⟨w, x<sub>q</sub>⟩.
 * x ~ N(0, I<sub>d</sub>), w ~ N(0, I<sub>d</sub>), y<sub>i</sub> = ⟨w, x<sub>i</sub>⟩ + ε<sub>i</sub>,
 * ε ~ N(0, σ²) by default; {@link PromptDistribution} gives non-isotropic, uniform and nonlinear variants. Drawn
 * from the engine's seeded generator, so a seed fixes the batch on CPU.
 *
 * @param x      [batch, n, d]
 * @param y      [batch, n]
 * @param query  [batch, d]
 * @param w      [batch, d]
 * @param target [batch] = ⟨w, x_q⟩ (no query noise)
 */
public record RegressionPrompts(NDArray x, NDArray y, NDArray query, NDArray w, NDArray target) {

    /** Draws {@code batch} prompts into {@code manager} (isotropic Gaussian case). */
    public static RegressionPrompts sample(NDManager manager, int batch, int n, int d, double noiseVariance,
            DataType type) {
        if (batch < 1 || n < 1 || d < 1 || noiseVariance < 0) {
            throw new IllegalArgumentException("impossible prompt shape: batch=" + batch + ", n=" + n + ", d=" + d
                    + ", σ²=" + noiseVariance);
        }
        NDArray x = manager.randomNormal(0, 1, new Shape(batch, n, d), type);
        NDArray w = manager.randomNormal(0, 1, new Shape(batch, d), type);
        NDArray q = manager.randomNormal(0, 1, new Shape(batch, d), type);
        NDArray y = x.matMul(w.expandDims(2)).squeeze(2);
        if (noiseVariance > 0) {
            y = y.add(manager.randomNormal(0, (float) Math.sqrt(noiseVariance), new Shape(batch, n), type));
        }
        NDArray target = q.mul(w).sum(new int[] {1});
        return new RegressionPrompts(x, y, q, w, target);
    }

    /**
     * Draws {@code batch} prompts from a general {@link PromptDistribution}. For the isotropic linear case this
     * draws in the same order as {@link #sample(NDManager, int, int, int, double, DataType)}, so a seed gives the
     * same prompts through either method.
     */
    public static RegressionPrompts sample(NDManager manager, int batch, PromptDistribution dist, DataType type) {
        if (batch < 1) {
            throw new IllegalArgumentException("impossible prompt batch: " + batch);
        }
        int n = dist.n();
        int d = dist.d();
        NDArray x = inputs(manager, new Shape(batch, n, d), dist, type);
        NDArray w = manager.randomNormal(0, 1, new Shape(batch, d), type);
        if (dist.prior() == PromptDistribution.Prior.INVERSE_COVARIANCE && dist.covariance() != null) {
            // w = L⁻ᵀ z has covariance Σ⁻¹ when Σ = L Lᵀ; as a row vector that is zᵀ L⁻¹.
            double[][] lInv = SmallMatrices.inverse(SmallMatrices.cholesky(dist.covariance()));
            w = w.matMul(manager.create(lInv).toType(type, false));
        }
        NDArray q = inputs(manager, new Shape(batch, d), dist, type);
        NDArray y = link(x.matMul(w.expandDims(2)).squeeze(2), dist.link());
        if (dist.noise() > 0) {
            y = y.add(manager.randomNormal(0, (float) Math.sqrt(dist.noise()), new Shape(batch, n), type));
        }
        NDArray target = link(q.mul(w).sum(new int[] {1}), dist.link());
        return new RegressionPrompts(x, y, q, w, target);
    }

    private static NDArray inputs(NDManager manager, Shape shape, PromptDistribution dist, DataType type) {
        if (dist.inputs() == PromptDistribution.Inputs.UNIFORM) {
            return manager.randomUniform((float) -dist.halfWidth(), (float) dist.halfWidth(), shape, type);
        }
        NDArray z = manager.randomNormal(0, 1, shape, type);
        if (dist.covariance() == null) {
            return z;
        }
        double[][] lt = SmallMatrices.transpose(SmallMatrices.cholesky(dist.covariance()));
        return z.matMul(manager.create(lt).toType(type, false)); // rows zᵀLᵀ = (Lz)ᵀ ~ N(0, Σ)
    }

    private static NDArray link(NDArray t, PromptDistribution.Link g) {
        return switch (g) {
            case LINEAR -> t;
            case TANH -> t.tanh();
            case RELU -> t.maximum(0f);
        };
    }

    public int batch() {
        return (int) x.getShape().get(0);
    }

    public int contextLength() {
        return (int) x.getShape().get(1);
    }

    public int dim() {
        return (int) x.getShape().get(2);
    }

    /** One step of GD from w = 0 with step η (sum form): ŷ = η Σ y_i ⟨x_i, x_q⟩. Shape [batch]. */
    public NDArray oneStepGd(double eta) {
        NDArray v = y.expandDims(1).matMul(x).squeeze(1); // Σ_i y_i x_i, [batch, d]
        return v.mul(query).sum(new int[] {1}).mul(eta);
    }

    /** The linear model after one GD step from w = 0 with step η (sum form): η Σ y_i x_i, shape [batch, d]. */
    public NDArray gdWeights(double eta) {
        return y.expandDims(1).matMul(x).squeeze(1).mul(eta);
    }
}
