package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.LinearSelfAttentionRegressor;
import org.linrepro.theory.IclTheory;
import org.linrepro.theory.SmallMatrices;
import org.linrepro.util.LinreproException;

/**
 * Von Oswald et al., "Transformers learn in-context by gradient descent" (arXiv 2212.07677): the weight
 * construction (one linear self-attention layer = one GD step), the GD step size that is optimal for their data
 * (x ~ U(−1, 1)<sup>d</sup>, w ~ N(0, I)) by line search, and a trained layer compared with that GD step by the
 * measures of their official code ({@code src/train.py::analyse}) over training.
 */
final class VonOswaldExperiments {
    private VonOswaldExperiments() {}

    static final ConfigSpec CONSTRUCTION = IclConfigs.DISTRIBUTION.with(
            number("eta", "GD step size the weights are built for (sum form)"),
            integer("tasks", "prompts compared").byDefault(10_000));

    static final ConfigSpec LINE_SEARCH = IclConfigs.DISTRIBUTION.with(
            integer("tasks", "prompts per loss evaluation (≥ 1000)"));

    static final ConfigSpec TRAINED_SPEC = IclConfigs.DISTRIBUTION.with(IclConfigs.LSA_TRAINING).with(
            integer("evalTasks", "fixed evaluation prompts (1000 … 200000)").byDefault(10_000),
            integer("curvePoints", "points of the training curve (2 … steps)").byDefault(40),
            text("measure", "what is measured").choices("lossRatio", "sensitivityCosine", "predictionDifference",
                    "modelDifference"));

    /** max |ŷ_LSA − ŷ_GD| / max |ŷ_GD| for the constructed weights (Prop. 1), on prompts of the config. */
    static Measurement construction(RunContext ctx) {
        Config c = ctx.config();
        PromptDistribution d = IclConfigs.distribution(c);
        double eta = c.number("eta");
        c.check(eta > 0, "eta", "must be > 0");
        int tasks = c.integer("tasks");
        try (NDManager m = NDManager.newBaseManager(ctx.device());
                LinearSelfAttentionRegressor lsa = LinearSelfAttentionRegressor.gradientStep(m, d.d(), d.n(), eta)) {
            RegressionPrompts p = RegressionPrompts.sample(m, tasks, d, DataType.FLOAT32);
            NDArray gd = p.oneStepGd(eta);
            double diff = lsa.predict(p).sub(gd).abs().max().getFloat();
            double scale = gd.abs().max().getFloat();
            return Measurement.of(diff / scale).detail("maxAbsDifference", diff).detail("maxAbsGd", scale)
                    .detail("tasks", tasks).seed(ctx.seed()).build();
        }
    }

    /** The line-searched step for the config's distribution; reference: the closed form for i.i.d. inputs. */
    static Measurement lineSearch(RunContext ctx) {
        Config c = ctx.config();
        PromptDistribution d = IclConfigs.distribution(c);
        int tasks = c.integer("tasks");
        c.check(tasks >= 1000, "tasks", "must be at least 1000");
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            LineSearch.Result r = LineSearch.oneStepGd(m, d, tasks);
            return Measurement.of(r.step()).standardError(r.standardError())
                    .detail("lossAtStep", r.loss()).detail("closedFormLoss", closedFormLoss(d))
                    .detail("meanFormStep", d.n() * r.step()).detail("tasks", tasks).seed(ctx.seed()).build();
        }
    }

    /** η* = s/(m₄ + (n+d−2)s² + σ²s) for i.i.d. coordinates (Gaussian: s = 1, m₄ = 3). */
    static double closedFormStep(PromptDistribution d) {
        double[] mom = moments(d);
        return IclTheory.optimalStepSizeIidInputs(d.d(), d.n(), d.noise(), mom[0], mom[1]);
    }

    static double closedFormLoss(PromptDistribution d) {
        double[] mom = moments(d);
        return IclTheory.lossAtStepIidInputs(d.d(), d.n(), d.noise(), mom[0], mom[1], closedFormStep(d));
    }

    private static double[] moments(PromptDistribution d) {
        if (d.link() != PromptDistribution.Link.LINEAR || d.covariance() != null
                || d.prior() != PromptDistribution.Prior.STANDARD) {
            throw new LinreproException("the closed-form step covers linear targets with i.i.d. input coordinates "
                    + "and w ~ N(0, I) only");
        }
        if (d.inputs() == PromptDistribution.Inputs.UNIFORM) {
            return new double[] {IclTheory.uniformSecondMoment(d.halfWidth()),
                    IclTheory.uniformFourthMoment(d.halfWidth())};
        }
        return new double[] {1, 3};
    }

    /** The trained layer's final measures and its curve over training. */
    record Trained(LsaEvaluation last, double step, FigureData figure, double seconds, double cpuSeconds) {}

    private static final Map<String, Trained> TRAINED = new ConcurrentHashMap<>();

    /**
     * A layer trained on the config's distribution against one GD step at the closed-form step (checked against
     * the line search by its own claim). {@code measure}: lossRatio (trained loss / GD loss on the same prompts),
     * sensitivityCosine, predictionDifference (mean |ŷ − ŷ_GD|), modelDifference (mean ‖∂ŷ/∂x_q − ŵ_GD‖).
     */
    static Measurement trained(RunContext ctx) {
        Config c = ctx.config();
        PromptDistribution d = IclConfigs.distribution(c);
        LsaTraining.Settings s = IclConfigs.lsaSettings(c, d, ctx.seed());
        int evalTasks = c.integer("evalTasks");
        int points = c.integer("curvePoints");
        c.check(evalTasks >= 1000 && evalTasks <= 200_000, "evalTasks", "must be between 1000 and 200000");
        c.check(points >= 2 && points <= s.steps(), "curvePoints", "must be between 2 and steps");
        String key = IclConfigs.key(d) + "/" + s + "/" + evalTasks + "/" + points + "/" + ctx.device();
        Trained r = TRAINED.computeIfAbsent(key, k -> train(ctx, d, s, evalTasks, points));
        String measure = c.text("measure");
        LsaEvaluation e = r.last;
        Measurement.Builder b = switch (measure) {
            case "lossRatio" -> Measurement.of(e.loss() / e.referenceLoss());
            case "sensitivityCosine" -> Measurement.of(e.sensitivityCosine());
            case "predictionDifference" -> Measurement.of(e.meanAbsDifference());
            case "modelDifference" -> Measurement.of(e.modelDifference());
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'measure' must be lossRatio, "
                    + "sensitivityCosine, predictionDifference or modelDifference, got '" + measure + "'");
        };
        return b.figure(r.figure).detail("halfMseTrained", e.loss() / 2).detail("halfMseGd", e.referenceLoss() / 2)
                .detail("lossRatio", e.loss() / e.referenceLoss()).detail("sensitivityCosine", e.sensitivityCosine())
                .detail("predictionDifference", e.meanAbsDifference()).detail("meanAbsGdPrediction",
                        e.meanReferenceAbs()).detail("modelDifference", e.modelDifference())
                .detail("meanGdModelNorm", e.meanReferenceModelNorm())
                .detail("gdStep", r.step).detail("gdMeanFormStep", d.n() * r.step).detail("trainSeconds", r.seconds)
                .detail("trainCpuSeconds", r.cpuSeconds).seed(ctx.seed()).build();
    }

    private static Trained train(RunContext ctx, PromptDistribution d, LsaTraining.Settings s, int evalTasks,
            int points) {
        double step = closedFormStep(d);
        double[][] gd = SmallMatrices.scale(step, SmallMatrices.identity(d.d()));
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            // A fixed evaluation set from its own seed, drawn before training (which reseeds the engine).
            Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("eval"));
            RegressionPrompts evalSet = RegressionPrompts.sample(m, evalTasks, d, DataType.FLOAT32);
            List<double[]> curve = new ArrayList<>();
            int every = Math.max(1, s.steps() / points);
            long t0 = System.nanoTime();
            double c0 = CpuClock.seconds();
            LsaTraining.StepHook hook = (done, model) -> {
                if (done % every == 0 || done == s.steps()) {
                    LsaEvaluation e = LsaEvaluation.of(model, evalSet, gd);
                    curve.add(new double[] {done, e.loss() / 2, e.referenceLoss() / 2, e.meanAbsDifference(),
                            1 - e.sensitivityCosine(), e.modelDifference()});
                }
            };
            try (LinearSelfAttentionRegressor model = LsaTraining.train(m, s, d, ctx.progress(), hook)) {
                double secs = (System.nanoTime() - t0) / 1e9;
                LsaEvaluation last = LsaEvaluation.of(model, evalSet, gd);
                return new Trained(last, step, figure(d, s, curve), secs, CpuClock.seconds() - c0);
            }
        }
    }

    private static FigureData figure(PromptDistribution d, LsaTraining.Settings s, List<double[]> curve) {
        String[] names = {"½·MSE trained LSA", "½·MSE one GD step (η*)", "mean |ŷ − ŷ_GD|",
            "1 − cos(∂ŷ/∂x_q, ŵ_GD)", "mean ‖∂ŷ/∂x_q − ŵ_GD‖"};
        FigureData.Builder b = FigureData.builder(String.format(java.util.Locale.ROOT,
                "vonoswald-lsa-vs-gd-d%d-n%d-s%d", d.d(), d.n(), s.seed()),
                "Trained linear self-attention vs one GD step (d=" + d.d() + ", N=" + d.n() + ", x ~ U(−"
                        + org.linrepro.claim.Numbers.format(d.halfWidth()) + ", "
                        + org.linrepro.claim.Numbers.format(d.halfWidth()) + ")^d)")
                .axes("training step", "value (log scale)").logY();
        double[] x = curve.stream().mapToDouble(r -> r[0]).toArray();
        for (int i = 0; i < names.length; i++) {
            int col = i + 1;
            // a log axis cannot show exact zeros; clamp at 1e-12
            b.series(names[i], x, curve.stream().mapToDouble(r -> Math.max(1e-12, r[col])).toArray(),
                    FigureData.Style.LINE);
        }
        return b.build();
    }
}
