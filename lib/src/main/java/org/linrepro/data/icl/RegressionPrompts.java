package org.linrepro.data.icl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of in-context linear-regression prompts: n context pairs (x<sub>i</sub>, y<sub>i</sub>), a query
 * x<sub>q</sub>, the task vector w and the noiseless query target ⟨w, x<sub>q</sub>⟩.
 * x ~ N(0, I<sub>d</sub>), w ~ N(0, I<sub>d</sub>), y<sub>i</sub> = ⟨w, x<sub>i</sub>⟩ + ε<sub>i</sub>,
 * ε ~ N(0, σ²). Drawn from the engine's seeded generator, so a seed fixes the batch on CPU.
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
}
