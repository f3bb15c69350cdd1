package org.linrepro.repro.icl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.LinearSelfAttentionRegressor;

/**
 * A linear self-attention layer against a reference one-step predictor ŷ<sub>ref</sub> = x<sub>q</sub>ᵀ Γ Σ y<sub>i</sub>
 * x<sub>i</sub> (Γ = η·I for plain GD) on the same prompts, by the measures of Mahankali et al. (loss) and von
 * Oswald et al. (arXiv 2212.07677; official code {@code src/train.py::analyse}: mean |ŷ − ŷ<sub>GD</sub>|, mean
 * cosine and mean L2 distance of the input sensitivities ∂ŷ/∂x<sub>q</sub>).
 */
record LsaEvaluation(int tasks, double loss, double lossSe, double referenceLoss, double relativeGap,
        double meanAbsDifference, double meanReferenceAbs, double sensitivityCosine, double modelDifference,
        double meanReferenceModelNorm) {

    /** Sums over prompt chunks; all in double precision. */
    private static final class Sums {
        double e2;
        double e4;
        double ref2;
        double gapNum;
        double gapDen;
        double abs;
        double refAbs;
        double cos;
        double model;
        double refNorm;
    }

    /** Evaluates on prompts already drawn (e.g. a fixed set reused over training). */
    static LsaEvaluation of(LinearSelfAttentionRegressor model, RegressionPrompts p, double[][] referenceGamma) {
        Sums s = new Sums();
        accumulate(model, p, referenceGamma, s);
        return finish(s, p.batch());
    }

    /** Evaluates on {@code tasks} prompts drawn by {@code sampler} in chunks (the engine's seed must be set). */
    static LsaEvaluation sampled(NDManager manager, LinearSelfAttentionRegressor model, LsaTraining.Sampler sampler,
            int tasks, double[][] referenceGamma) {
        Sums s = new Sums();
        int chunk = 20_000;
        for (int done = 0; done < tasks; done += chunk) {
            try (NDManager sm = manager.newSubManager()) {
                accumulate(model, sampler.draw(sm, Math.min(chunk, tasks - done)), referenceGamma, s);
            }
        }
        return finish(s, tasks);
    }

    private static void accumulate(LinearSelfAttentionRegressor model, RegressionPrompts p, double[][] gamma,
            Sums s) {
        // The scope closes every temporary, including those attached to the prompts' own (longer-lived) manager.
        try (NDScope scope = new NDScope(); NDManager sm = p.x().getManager().newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray g = sm.create(gamma).toType(DataType.FLOAT32, false);
            NDArray refModel = p.gdWeights(1.0).matMul(g.transpose()); // (Γ v)ᵀ, [B, d]
            NDArray ref = refModel.mul(p.query()).sum(new int[] {1});
            NDArray pred = model.predict(p);
            NDArray sens = model.querySensitivity(p);
            NDArray e2 = f64(pred.sub(p.target()).square());
            s.e2 += e2.sum().getDouble();
            s.e4 += e2.square().sum().getDouble();
            s.ref2 += f64(ref.sub(p.target()).square()).sum().getDouble();
            NDArray diff = f64(pred.sub(ref));
            s.gapNum += diff.square().sum().getDouble();
            s.gapDen += f64(ref).square().sum().getDouble();
            s.abs += diff.abs().sum().getDouble();
            s.refAbs += f64(ref).abs().sum().getDouble();
            NDArray a = f64(sens);
            NDArray b = f64(refModel);
            NDArray dot = a.mul(b).sum(new int[] {1});
            NDArray norms = a.square().sum(new int[] {1}).sqrt().mul(b.square().sum(new int[] {1}).sqrt());
            s.cos += dot.div(norms.add(1e-12)).sum().getDouble();
            s.model += a.sub(b).square().sum(new int[] {1}).sqrt().sum().getDouble();
            s.refNorm += b.square().sum(new int[] {1}).sqrt().sum().getDouble();
        }
    }

    private static NDArray f64(NDArray a) {
        return a.toType(DataType.FLOAT64, false);
    }

    private static LsaEvaluation finish(Sums s, int n) {
        double mean = s.e2 / n;
        double se = Math.sqrt(Math.max(0, s.e4 / n - mean * mean) / n);
        return new LsaEvaluation(n, mean, se, s.ref2 / n, s.gapNum / s.gapDen, s.abs / n, s.refAbs / n, s.cos / n,
                s.model / n, s.refNorm / n);
    }
}
