package org.linrepro.nn.icl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.linrepro.data.icl.RegressionPrompts;

/**
 * One layer of linear self-attention (no softmax) reading out the prediction for the query token, in the
 * token layout of von Oswald et al. and Mahankali et al.: context tokens z<sub>i</sub> = (x<sub>i</sub>,
 * y<sub>i</sub>) ∈ ℝ<sup>d+1</sup>, query token z<sub>q</sub> = (x<sub>q</sub>, 0).
 *
 * <p>The layer's output at the query is z<sub>q</sub> + W<sup>PV</sup> (1/n) Σ<sub>i</sub> z<sub>i</sub>
 * z<sub>i</sub>ᵀ W<sup>KQ</sup> z<sub>q</sub>, and the prediction is its last coordinate. Only the last row p of
 * W<sup>PV</sup> and the first d columns K of W<sup>KQ</sup> can affect it (the query's label slot is 0), so those
 * are the parameters: ŷ = (1/n) Σ<sub>i</sub> (pᵀz<sub>i</sub>)(z<sub>i</sub>ᵀ K x<sub>q</sub>) with
 * p ∈ ℝ<sup>d+1</sup> and K ∈ ℝ<sup>(d+1)×d</sup>. The query token is masked out of the sum, as in the papers.
 *
 * <p>One GD step with step η (sum form, see {@code IclTheory}) is the point p = (0, …, 0, c),
 * K = [Γ; 0] with c·Γ/n = η I. {@link #effectivePreconditioner(int)} reads that matrix back.
 */
public final class LinearSelfAttentionRegressor implements AutoCloseable {
    private final int d;
    private final NDManager manager;
    private final NDArray p;
    private final NDArray k;

    private LinearSelfAttentionRegressor(int d, NDManager manager, NDArray p, NDArray k) {
        this.d = d;
        this.manager = manager;
        this.p = p;
        this.k = k;
    }

    /** Random init N(0, initScale²) for every weight, drawn from the engine's seeded generator. */
    public static LinearSelfAttentionRegressor create(NDManager parent, int d, double initScale) {
        NDManager m = parent.newSubManager();
        NDArray p = m.randomNormal(0, (float) initScale, new Shape(d + 1), DataType.FLOAT32);
        NDArray k = m.randomNormal(0, (float) initScale, new Shape(d + 1, d), DataType.FLOAT32);
        return new LinearSelfAttentionRegressor(d, m, p, k);
    }

    /** A layer with given weights: {@code p} has d+1 entries, {@code k} is (d+1)×d (row-major). */
    public static LinearSelfAttentionRegressor fromWeights(NDManager parent, float[] p, float[][] k) {
        int d = p.length - 1;
        if (k.length != d + 1 || k[0].length != d) {
            throw new IllegalArgumentException("K must be (d+1)×d = " + (d + 1) + "×" + d);
        }
        NDManager m = parent.newSubManager();
        return new LinearSelfAttentionRegressor(d, m, m.create(p), m.create(k));
    }

    /**
     * The weights of one GD step with sum-form step η for context length n: p = (0, …, 0, 1), K = [ηn·I; 0]
     * (the construction of von Oswald et al., arXiv 2212.07677, Prop. 1, in this layer's parametrisation).
     */
    public static LinearSelfAttentionRegressor gradientStep(NDManager parent, int d, int n, double eta) {
        float[] p = new float[d + 1];
        p[d] = 1;
        float[][] k = new float[d + 1][d];
        for (int i = 0; i < d; i++) {
            k[i][i] = (float) (eta * n);
        }
        return fromWeights(parent, p, k);
    }

    /** Trainable parameters (p, K); the trainer sets requiresGradient on them. */
    public List<NDArray> parameters() {
        return List.of(p, k);
    }

    /** Parameter count: (d+1) + (d+1)·d. */
    public long parameterCount() {
        return (long) (d + 1) + (long) (d + 1) * d;
    }

    /** Predictions for the queries of {@code prompts}, shape [batch]. */
    public NDArray predict(RegressionPrompts prompts) {
        NDArray z = prompts.x().concat(prompts.y().expandDims(2), 2); // [B, n, d+1]
        NDArray keyQuery = prompts.query().matMul(k.transpose()); // K x_q, [B, d+1]
        NDArray scores = z.matMul(keyQuery.expandDims(2)).squeeze(2); // z_i·K x_q, [B, n]
        NDArray values = z.matMul(p); // pᵀ z_i, [B, n]
        return values.mul(scores).mean(new int[] {1});
    }

    /**
     * ∂ŷ/∂x<sub>q</sub> = Kᵀ (1/n) Σ<sub>i</sub> z<sub>i</sub> (pᵀz<sub>i</sub>), shape [batch, d]: the linear model the layer
     * applies to the query (the query is masked out of the sum, so ŷ is linear in x<sub>q</sub>). Von Oswald et
     * al. compare trained layers with GD through this input sensitivity.
     */
    public NDArray querySensitivity(RegressionPrompts prompts) {
        NDArray z = prompts.x().concat(prompts.y().expandDims(2), 2); // [B, n, d+1]
        NDArray values = z.matMul(p); // [B, n]
        NDArray weighted = values.expandDims(1).matMul(z).squeeze(1).div(z.getShape().get(1)); // [B, d+1]
        return weighted.matMul(k); // [B, d]
    }

    /** c·Γ/n as a d×d row-major matrix: the sum-form preconditioner this layer implements. */
    public double[][] effectivePreconditioner(int n) {
        float[] pv = p.toFloatArray();
        float[] kv = k.toFloatArray();
        double c = pv[d];
        double[][] g = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g[i][j] = c * kv[i * d + j] / n;
            }
        }
        return g;
    }


    /**
     * Size of the terms one GD step does not have, relative to the GD part: ‖p<sub>x</sub>‖·‖K‖ and
     * |p<sub>y</sub>|·‖K<sub>y</sub>‖ (the label leaking into values or keys) over |p<sub>y</sub>|·‖K<sub>x</sub>‖.
     */
    public double spuriousRatio() {
        float[] pv = p.toFloatArray();
        float[] kv = k.toFloatArray();
        double px = 0;
        for (int i = 0; i < d; i++) {
            px += pv[i] * pv[i];
        }
        double kx = 0;
        double ky = 0;
        double kAll = 0;
        for (int i = 0; i < (d + 1) * d; i++) {
            kAll += kv[i] * kv[i];
            if (i < d * d) {
                kx += kv[i] * kv[i];
            } else {
                ky += kv[i] * kv[i];
            }
        }
        double gd = Math.abs(pv[d]) * Math.sqrt(kx);
        return (Math.sqrt(px) * Math.sqrt(kAll) + Math.abs(pv[d]) * Math.sqrt(ky)) / gd;
    }

    @Override
    public void close() {
        manager.close();
    }
}
