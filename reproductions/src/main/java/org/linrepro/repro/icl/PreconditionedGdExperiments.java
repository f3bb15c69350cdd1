package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.numbers;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.LinearSelfAttentionRegressor;
import org.linrepro.theory.PreconditionedOneStepGd;
import org.linrepro.theory.SmallMatrices;
import org.linrepro.util.LinreproException;

/**
 * Mahankali, Hashimoto &amp; Ma (arXiv 2307.03576) beyond the isotropic case: non-isotropic covariates, where the
 * optimal layer is one step of preconditioned GD (closed form, Monte-Carlo, trained layer), and nonlinear
 * responses, where it stays one plain GD step (trained layer against a line-searched GD step).
 */
final class PreconditionedGdExperiments {
    private PreconditionedGdExperiments() {}

    static final ConfigSpec CLOSED_FORM = IclConfigs.DISTRIBUTION.with(
            text("quantity", "which closed-form quantity").choices("optimalLoss", "bestScalarLoss",
                    "meanFormDiagonalDeviation", "specialFormDeviation"),
            numbers("expectedMeanFormDiagonal", "meanFormDiagonalDeviation: the paper's n·Γ*_ii").optional());

    static final ConfigSpec MONTE_CARLO = IclConfigs.DISTRIBUTION.with(
            integer("tasks", "prompts sampled (≥ 100)"),
            number("gammaFactor", "preconditioner as a multiple of the optimal Γ*").byDefault(1.0));

    static final ConfigSpec TRAINED_SPEC = IclConfigs.DISTRIBUTION.with(IclConfigs.LSA_TRAINING).with(
            integer("evalTasks", "fresh prompts for the evaluation (≥ 1000)").byDefault(100_000),
            text("measure", "what is measured").choices("preconditionerError", "testLoss", "identityDeviation",
                    "predictionGap"));

    static double[][] optimalGamma(PromptDistribution d) {
        return PreconditionedOneStepGd.optimalPreconditioner(d.inputCovariance(), d.priorCovariance(), d.n(),
                d.noise());
    }

    /**
     * {@code quantity}: optimalLoss; bestScalarLoss (the loss of the best Γ = c·I, for the order claim that
     * preconditioning helps); meanFormDiagonalDeviation (max |n·Γ*<sub>ii</sub> − expectedMeanFormDiagonal[i]|);
     * specialFormDeviation (the general formula against the special closed form of the prior, relative Frobenius).
     */
    static Measurement closedForm(RunContext ctx) {
        Config c = ctx.config();
        PromptDistribution d = IclConfigs.distribution(c);
        double[][] sigma = d.inputCovariance();
        double[][] sigmaW = d.priorCovariance();
        double[][] g = optimalGamma(d);
        double lossStar = PreconditionedOneStepGd.optimalLoss(sigma, sigmaW, d.n(), d.noise());
        String q = c.text("quantity");
        Measurement.Builder b = switch (q) {
            case "optimalLoss" -> Measurement.of(lossStar);
            case "bestScalarLoss" -> Measurement.of(bestScalarLoss(d));
            case "meanFormDiagonalDeviation" -> {
                double[] expected = c.numbers("expectedMeanFormDiagonal");
                c.check(expected.length == d.d(), "expectedMeanFormDiagonal", "must have d entries");
                double dev = 0;
                for (int i = 0; i < d.d(); i++) {
                    dev = Math.max(dev, Math.abs(d.n() * g[i][i] - expected[i]));
                }
                yield Measurement.of(dev);
            }
            case "specialFormDeviation" -> Measurement.of(SmallMatrices.relativeDifference(g, specialForm(d)));
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'quantity' must be optimalLoss, "
                    + "bestScalarLoss, meanFormDiagonalDeviation or specialFormDeviation, got '" + q + "'");
        };
        double[] diag = SmallMatrices.diagonalOf(g);
        for (int i = 0; i < diag.length; i++) {
            b.detail("meanFormGamma" + i + i, d.n() * diag[i]);
        }
        return b.detail("optimalLoss", lossStar).detail("bestScalarLoss", bestScalarLoss(d)).build();
    }

    /** Σ⁻¹/(n+d+1+σ²) for the prior N(0, Σ⁻¹); ((n+1)Σ + (tr Σ + σ²)I)⁻¹ for N(0, I) (CATALOGUE ICL-M6, sum form). */
    static double[][] specialForm(PromptDistribution d) {
        double[][] sigma = d.inputCovariance();
        if (d.prior() == PromptDistribution.Prior.INVERSE_COVARIANCE) {
            return SmallMatrices.scale(1.0 / (d.n() + d.d() + 1 + d.noise()), SmallMatrices.inverse(sigma));
        }
        return SmallMatrices.inverse(SmallMatrices.combine(d.n() + 1, sigma, SmallMatrices.trace(sigma) + d.noise(),
                SmallMatrices.identity(d.d())));
    }

    /** min over c of L(c·I): L(c) = ac² + bc + L(0) is quadratic, so three evaluations give a, b and the minimum. */
    static double bestScalarLoss(PromptDistribution d) {
        double[][] sigma = d.inputCovariance();
        double[][] sigmaW = d.priorCovariance();
        double[][] id = SmallMatrices.identity(d.d());
        double l0 = PreconditionedOneStepGd.loss(SmallMatrices.scale(0, id), sigma, sigmaW, d.n(), d.noise());
        double lp = PreconditionedOneStepGd.loss(id, sigma, sigmaW, d.n(), d.noise());
        double lm = PreconditionedOneStepGd.loss(SmallMatrices.scale(-1, id), sigma, sigmaW, d.n(), d.noise());
        double a = (lp + lm) / 2 - l0; // L(c) = a c² + b c + l0
        double bb = (lp - lm) / 2;
        return l0 - bb * bb / (4 * a);
    }

    /** Monte-Carlo loss of ŷ = x_qᵀ (f·Γ*) Σ y_i x_i (f = {@code gammaFactor}, default 1) against the closed form. */
    static Measurement monteCarlo(RunContext ctx) {
        Config c = ctx.config();
        PromptDistribution d = IclConfigs.distribution(c);
        int tasks = c.integer("tasks");
        c.check(tasks >= 100, "tasks", "must be at least 100");
        double f = c.number("gammaFactor");
        double[][] g = SmallMatrices.scale(f, optimalGamma(d));
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            IclExperiments.McEstimate e = monteCarloLoss(m, d, g, tasks);
            return Measurement.of(e.mean()).standardError(e.standardError()).detail("tasks", tasks)
                    .detail("gammaFactor", f).seed(ctx.seed()).build();
        }
    }

    /** Mean and s.e. of (x_qᵀ Γ Σ y_i x_i − target)² over prompts of {@code d}, in double precision. */
    static IclExperiments.McEstimate monteCarloLoss(NDManager manager, PromptDistribution d, double[][] gamma,
            int tasks) {
        double sum = 0;
        double sumSq = 0;
        int chunk = 20_000;
        for (int done = 0; done < tasks; done += chunk) {
            int b = Math.min(chunk, tasks - done);
            try (NDManager sm = manager.newSubManager()) {
                RegressionPrompts p = RegressionPrompts.sample(sm, b, d, DataType.FLOAT64);
                NDArray pred = p.gdWeights(1.0).matMul(sm.create(gamma).transpose()).mul(p.query()).sum(new int[] {1});
                NDArray e2 = pred.sub(p.target()).square();
                sum += e2.sum().getDouble();
                sumSq += e2.square().sum().getDouble();
            }
        }
        double mean = sum / tasks;
        return new IclExperiments.McEstimate(mean, Math.sqrt(Math.max(0, sumSq / tasks - mean * mean) / tasks));
    }

    /** The trained layer's numbers, shared by the claims that read different ones. */
    record Trained(double preconditionerError, double identityDeviation, LsaEvaluation eval, double referenceStep,
            double referenceStepSe, double seconds, double cpuSeconds) {}

    private static final Map<String, Trained> TRAINED = new ConcurrentHashMap<>();

    /**
     * A layer trained on prompts of the config's distribution. {@code measure}: preconditionerError
     * (‖Γ̂ − Γ*‖/‖Γ*‖), testLoss (reference L*, with s.e.), identityDeviation (‖Γ̂ − (trΓ̂/d)I‖/‖Γ̂‖),
     * predictionGap (E(ŷ − ŷ_GD)²/E ŷ_GD², against one GD step at the line-searched step for the distribution).
     */
    static Measurement trained(RunContext ctx) {
        Config c = ctx.config();
        PromptDistribution d = IclConfigs.distribution(c);
        LsaTraining.Settings s = IclConfigs.lsaSettings(c, d, ctx.seed());
        int evalTasks = c.integer("evalTasks");
        c.check(evalTasks >= 1000, "evalTasks", "must be at least 1000");
        String key = IclConfigs.key(d) + "/" + s + "/" + evalTasks + "/" + ctx.device();
        Trained r = TRAINED.computeIfAbsent(key, k -> train(ctx, d, s, evalTasks));
        boolean linear = d.link() == PromptDistribution.Link.LINEAR;
        String measure = c.text("measure");
        Measurement.Builder b = switch (measure) {
            case "preconditionerError" -> Measurement.of(r.preconditionerError);
            case "testLoss" -> {
                c.check(linear, "measure", "testLoss has a closed-form reference only for linear targets");
                yield Measurement.of(r.eval.loss()).standardError(r.eval.lossSe());
            }
            case "identityDeviation" -> Measurement.of(r.identityDeviation);
            case "predictionGap" -> Measurement.of(r.eval.relativeGap());
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'measure' must be "
                    + "preconditionerError, testLoss, identityDeviation or predictionGap, got '" + measure + "'");
        };
        return b.detail("testLoss", r.eval.loss()).detail("referenceLossSamePrompts", r.eval.referenceLoss())
                .detail("preconditionerError", r.preconditionerError).detail("identityDeviation", r.identityDeviation)
                .detail("predictionGap", r.eval.relativeGap()).detail("referenceStep", r.referenceStep)
                .detail("referenceStepSe", r.referenceStepSe).detail("trainSeconds", r.seconds).detail("trainCpuSeconds", r.cpuSeconds).seed(ctx.seed())
                .build();
    }

    private static Trained train(RunContext ctx, PromptDistribution d, LsaTraining.Settings s, int evalTasks) {
        long t0 = System.nanoTime();
        double c0 = CpuClock.seconds();
        try (NDManager m = NDManager.newBaseManager(ctx.device());
                LinearSelfAttentionRegressor model = LsaTraining.train(m, s, d, ctx.progress(), null)) {
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = CpuClock.seconds() - c0;
            // The reference: Γ* for linear targets; for a nonlinear link, plain GD at the step a line search finds.
            double step = Double.NaN;
            double stepSe = Double.NaN;
            double[][] reference;
            if (d.link() == PromptDistribution.Link.LINEAR) {
                reference = optimalGamma(d);
            } else {
                Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("line-search"));
                LineSearch.Result ls = LineSearch.oneStepGd(m, d, evalTasks);
                step = ls.step();
                stepSe = ls.standardError();
                reference = SmallMatrices.scale(step, SmallMatrices.identity(d.d()));
            }
            Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("eval"));
            LsaEvaluation e = LsaEvaluation.sampled(m, model, (sm, b) -> RegressionPrompts.sample(sm, b, d,
                    DataType.FLOAT32), evalTasks, reference);
            double[][] g = model.effectivePreconditioner(d.n());
            return new Trained(SmallMatrices.relativeDifference(g, reference), identityDeviation(g), e, step, stepSe,
                    secs, cpu);
        }
    }

    static double identityDeviation(double[][] g) {
        double[][] scaledIdentity = SmallMatrices.scale(SmallMatrices.trace(g) / g.length,
                SmallMatrices.identity(g.length));
        return SmallMatrices.frobenius(SmallMatrices.combine(1, g, -1, scaledIdentity)) / SmallMatrices.frobenius(g);
    }
}
