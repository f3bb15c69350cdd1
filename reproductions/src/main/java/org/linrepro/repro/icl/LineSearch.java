package org.linrepro.repro.icl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;

/**
 * The step size of one GD step from w = 0 (sum form, ŷ = η Σ y<sub>i</sub>⟨x<sub>i</sub>, x<sub>q</sub>⟩) that
 * minimises the Monte-Carlo loss on a prompt distribution, found by golden-section search — the counterpart of
 * von Oswald et al. training the GD baseline's learning rate (official code, {@code train_gd_lr}).
 */
final class LineSearch {
    /** The step, its standard error (spread of the argmin over 20 equal batches), and the loss at the step. */
    record Result(double step, double standardError, double loss, int tasks) {}

    private static final int BATCHES = 20;

    private LineSearch() {}

    /** Draws {@code tasks} prompts from {@code dist} with the engine's current seed (double precision). */
    static Result oneStepGd(NDManager manager, PromptDistribution dist, int tasks) {
        if (tasks < BATCHES * 10) {
            throw new IllegalArgumentException("line search needs at least " + BATCHES * 10 + " tasks");
        }
        double[] f = new double[tasks]; // Σ y_i ⟨x_i, x_q⟩: the prediction at η = 1
        double[] t = new double[tasks];
        int chunk = 20_000;
        for (int done = 0; done < tasks; done += chunk) {
            int b = Math.min(chunk, tasks - done);
            try (NDManager sm = manager.newSubManager()) {
                RegressionPrompts p = RegressionPrompts.sample(sm, b, dist, DataType.FLOAT64);
                System.arraycopy(p.oneStepGd(1.0).toDoubleArray(), 0, f, done, b);
                System.arraycopy(p.target().toDoubleArray(), 0, t, done, b);
            }
        }
        double step = argmin(f, t, 0, tasks);
        double[] perBatch = new double[BATCHES];
        int size = tasks / BATCHES;
        double mean = 0;
        for (int i = 0; i < BATCHES; i++) {
            perBatch[i] = argmin(f, t, i * size, (i + 1) * size);
            mean += perBatch[i] / BATCHES;
        }
        double var = 0;
        for (double v : perBatch) {
            var += (v - mean) * (v - mean) / (BATCHES - 1);
        }
        // The batch argmins each use 1/BATCHES of the data: the full-data s.e. is their s.d. over √BATCHES.
        return new Result(step, Math.sqrt(var / BATCHES), loss(f, t, 0, tasks, step), tasks);
    }

    private static double loss(double[] f, double[] t, int from, int to, double eta) {
        double s = 0;
        for (int i = from; i < to; i++) {
            double e = eta * f[i] - t[i];
            s += e * e;
        }
        return s / (to - from);
    }

    /** Golden-section search on an interval that brackets the minimum of the (convex) empirical loss. */
    private static double argmin(double[] f, double[] t, int from, int to) {
        double hi = 1e-6;
        while (loss(f, t, from, to, 2 * hi) < loss(f, t, from, to, hi)) {
            hi *= 2; // the loss still falls: widen the bracket
        }
        double lo = 0;
        hi *= 2;
        double r = (Math.sqrt(5) - 1) / 2;
        double a = hi - r * (hi - lo);
        double b = lo + r * (hi - lo);
        double fa = loss(f, t, from, to, a);
        double fb = loss(f, t, from, to, b);
        while (hi - lo > 1e-12 * Math.max(1e-12, hi)) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - r * (hi - lo);
                fa = loss(f, t, from, to, a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + r * (hi - lo);
                fb = loss(f, t, from, to, b);
            }
        }
        return (lo + hi) / 2;
    }
}
