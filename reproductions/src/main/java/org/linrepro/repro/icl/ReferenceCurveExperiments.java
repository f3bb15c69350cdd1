package org.linrepro.repro.icl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.ReferencePredictors;
import org.linrepro.theory.EstimatorRisks;
import org.linrepro.util.LinreproException;

/**
 * The exact error curves of Garg et al.'s reference estimators (arXiv 2208.01066, x, w ~ N(0, I); CATALOGUE GA-6,
 * DERIVED) and their Monte-Carlo checks with the same estimator code the transformer is compared with.
 */
final class ReferenceCurveExperiments {
    private ReferenceCurveExperiments() {}

    static final ConfigSpec EXACT = IclConfigs.TASK.with(
            text("estimator", "reference estimator").choices("leastSquares", "oneStepGd", "averaging",
                    "noisyLeastSquares"));

    static final ConfigSpec MONTE_CARLO = EXACT.with(integer("tasks", "prompts sampled (≥ 100)"));

    /** {@code estimator}: leastSquares, oneStepGd, averaging or noisyLeastSquares; error per dimension. */
    static double closedForm(RunContext ctx, String estimator, int d, int n, double noise) {
        return switch (estimator) {
            case "leastSquares" -> {
                ctx.config().check(noise == 0, "noise", "must be 0 for leastSquares (use noisyLeastSquares)");
                yield EstimatorRisks.minNormLeastSquares(d, n);
            }
            case "oneStepGd" -> EstimatorRisks.optimalOneStepGd(d, n, noise);
            case "averaging" -> EstimatorRisks.averaging(d, n, noise);
            case "noisyLeastSquares" -> {
                ctx.config().check(n > d + 1, "n", "must exceed d + 1 for noisyLeastSquares");
                yield EstimatorRisks.noisyLeastSquares(d, n, noise);
            }
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'estimator' must be "
                    + "leastSquares, oneStepGd, averaging or noisyLeastSquares, got '" + estimator + "'");
        };
    }

    static Measurement exact(RunContext ctx) {
        Config c = ctx.config();
        IclExperiments.Task t = IclExperiments.Task.of(c);
        return Measurement.of(closedForm(ctx, c.text("estimator"), t.d(), t.n(), t.noise())).build();
    }

    /** Monte-Carlo error/d of the estimator at the prompts' query; reference: the closed form. */
    static Measurement monteCarlo(RunContext ctx) {
        Config c = ctx.config();
        IclExperiments.Task t = IclExperiments.Task.of(c);
        String estimator = c.text("estimator");
        closedForm(ctx, estimator, t.d(), t.n(), t.noise()); // the same checks on (estimator, noise, n)
        int tasks = c.integer("tasks");
        c.check(tasks >= 100, "tasks", "must be at least 100");
        ReferencePredictors.Algorithm a = switch (estimator) {
            case "leastSquares", "noisyLeastSquares" -> ReferencePredictors.leastSquares();
            case "oneStepGd" -> ReferencePredictors.oneStepGd(t.noise());
            default -> ReferencePredictors.averaging();
        };
        PromptDistribution dist = PromptDistribution.isotropic(t.d(), t.n(), t.noise());
        double sum = 0;
        double sumSq = 0;
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            int chunk = 5000;
            for (int done = 0; done < tasks; done += chunk) {
                int b = Math.min(chunk, tasks - done);
                try (NDManager sm = m.newSubManager()) {
                    ReferencePredictors.Host h = ReferencePredictors.Host.of(
                            RegressionPrompts.sample(sm, b, dist, DataType.FLOAT64));
                    double[] pred = ReferencePredictors.predictQueries(a, h);
                    for (int i = 0; i < b; i++) {
                        double e = (pred[i] - h.target()[i]);
                        double e2 = e * e / t.d();
                        sum += e2;
                        sumSq += e2 * e2;
                    }
                }
            }
        }
        double mean = sum / tasks;
        double se = Math.sqrt(Math.max(0, sumSq / tasks - mean * mean) / tasks);
        return Measurement.of(mean).standardError(se).detail("tasks", tasks).seed(ctx.seed())
                .build();
    }
}
