package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.ReferenceFunction;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ExperimentProvider;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.LinearSelfAttentionRegressor;
import org.linrepro.theory.IclTheory;
import org.linrepro.util.LinreproException;

/**
 * The in-context linear regression line: closed forms, Monte-Carlo checks and a trained linear self-attention
 * layer (Mahankali, Hashimoto &amp; Ma, arXiv 2307.03576, isotropic case, in this class); the non-isotropic and
 * nonlinear cases ({@link PreconditionedGdExperiments}), von Oswald et al. ({@link VonOswaldExperiments}), a small
 * transformer against reference algorithms for Akyürek et al. and Garg et al. ({@link TransformerIclExperiments})
 * and Garg et al.'s exact reference curves ({@link ReferenceCurveExperiments}).
 */
public final class IclExperiments implements ExperimentProvider {

    @Override
    public String line() {
        return "icl";
    }

    @Override
    public List<String> claimFiles() {
        return List.of("claims/icl/2307.03576.json", "claims/icl/2212.07677.json", "claims/icl/2211.15661.json",
                "claims/icl/2208.01066.json");
    }

    @Override
    public Map<String, Experiment> experiments() {
        Map<String, Experiment> m = new LinkedHashMap<>();
        m.put("icl.closedForm", Experiment.of(CLOSED_FORM, IclExperiments::closedForm));
        m.put("icl.oneStepGdMonteCarlo", Experiment.of(MONTE_CARLO, IclExperiments::monteCarlo));
        m.put("icl.trainedLinearSelfAttention", Experiment.of(TRAINED_SPEC, IclExperiments::trained));
        m.put("icl.preconditionedClosedForm", Experiment.of(PreconditionedGdExperiments.CLOSED_FORM,
                PreconditionedGdExperiments::closedForm));
        m.put("icl.preconditionedMonteCarlo", Experiment.of(PreconditionedGdExperiments.MONTE_CARLO,
                PreconditionedGdExperiments::monteCarlo));
        m.put("icl.trainedLinearSelfAttentionOnDistribution", Experiment.of(PreconditionedGdExperiments.TRAINED_SPEC,
                PreconditionedGdExperiments::trained));
        m.put("icl.gdConstruction", Experiment.of(VonOswaldExperiments.CONSTRUCTION,
                VonOswaldExperiments::construction));
        m.put("icl.gdStepLineSearch", Experiment.of(VonOswaldExperiments.LINE_SEARCH,
                VonOswaldExperiments::lineSearch));
        m.put("icl.trainedLinearSelfAttentionVsGd", Experiment.of(VonOswaldExperiments.TRAINED_SPEC,
                VonOswaldExperiments::trained));
        m.put("icl.trainedTransformerVsReferences", Experiment.of(TransformerIclExperiments.SPEC,
                TransformerIclExperiments::run));
        m.put("icl.referenceCurve", Experiment.of(ReferenceCurveExperiments.EXACT, ReferenceCurveExperiments::exact));
        m.put("icl.referenceCurveMonteCarlo", Experiment.of(ReferenceCurveExperiments.MONTE_CARLO,
                ReferenceCurveExperiments::monteCarlo));
        return m;
    }

    @Override
    public Map<String, ReferenceFunction> references() {
        return IclReferences.all();
    }

    static final ConfigSpec CLOSED_FORM = IclConfigs.TASK.with(
            text("quantity", "which closed form of IclTheory").choices("optimalStepSize", "optimalLoss"));

    static final ConfigSpec MONTE_CARLO = IclConfigs.TASK.with(
            integer("tasks", "prompts sampled (≥ 100)"),
            number("stepFactor", "step size as a multiple of the optimal η*").byDefault(1.0));

    static final ConfigSpec TRAINED_SPEC = IclConfigs.TASK.with(IclConfigs.LSA_TRAINING).with(
            integer("evalTasks", "fresh prompts for the evaluation").byDefault(100_000),
            text("measure", "what is measured").choices("testLoss", "predictionGap", "identityDeviation",
                    "stepSize"));

    /** Shape of the ICL task from a claim's config, validated. */
    record Task(int d, int n, double noise) {
        static Task of(Config c) {
            Task t = new Task(c.integer("d"), c.integer("n"), c.number("noise"));
            c.check(t.d >= 1 && t.d <= 4096, "d", "must be between 1 and 4096");
            c.check(t.n >= 1 && t.n <= 100_000, "n", "must be between 1 and 100000");
            c.check(t.noise >= 0 && !Double.isInfinite(t.noise), "noise", "must be a finite variance ≥ 0");
            return t;
        }
    }

    /** {@code quantity}: "optimalStepSize" or "optimalLoss" of {@link IclTheory}. */
    static Measurement closedForm(RunContext ctx) {
        Task t = Task.of(ctx.config());
        double v = ctx.config().text("quantity").equals("optimalStepSize")
                ? IclTheory.optimalStepSize(t.d, t.n, t.noise) : IclTheory.optimalLoss(t.d, t.n, t.noise);
        return Measurement.of(v).build();
    }

    /** Mean and standard error of the squared error of one GD step at η = stepFactor·η*, over fresh prompts. */
    record McEstimate(double mean, double standardError) {}

    static McEstimate monteCarloLoss(NDManager manager, Task t, double eta, int tasks, int chunk) {
        double sum = 0;
        double sumSq = 0;
        for (int done = 0; done < tasks; done += chunk) {
            int b = Math.min(chunk, tasks - done);
            try (NDManager sm = manager.newSubManager()) {
                RegressionPrompts p = RegressionPrompts.sample(sm, b, t.n, t.d, t.noise, DataType.FLOAT64);
                NDArray e2 = p.oneStepGd(eta).sub(p.target()).square();
                sum += e2.sum().getDouble();
                sumSq += e2.square().sum().getDouble();
            }
        }
        double mean = sum / tasks;
        double var = Math.max(0, sumSq / tasks - mean * mean);
        return new McEstimate(mean, Math.sqrt(var / tasks));
    }

    /** Monte-Carlo loss of one GD step at η*·stepFactor, with the closed form as reference. */
    static Measurement monteCarlo(RunContext ctx) {
        Config c = ctx.config();
        Task t = Task.of(c);
        int tasks = c.integer("tasks");
        c.check(tasks >= 100, "tasks", "must be at least 100");
        double factor = c.number("stepFactor");
        double eta = factor * IclTheory.optimalStepSize(t.d, t.n, t.noise);
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            McEstimate e = monteCarloLoss(m, t, eta, tasks, 20_000);
            return Measurement.of(e.mean).standardError(e.standardError)
                    .detail("eta", eta).detail("tasks", tasks).seed(ctx.seed()).build();
        }
    }

    /** A trained layer and its evaluation, shared by the claims that differ only in what they measure. */
    record TrainedResult(double testLoss, double testLossSe, double gdLossSamePrompts, double predictionGap, double identityDeviation,
            double stepSize, double spurious, double seconds, FigureData figure) {}

    private static final Map<String, TrainedResult> TRAINED = new ConcurrentHashMap<>();

    /**
     * {@code measure}: testLoss (reference: optimal loss), predictionGap (E(ŷ−ŷ_GD)²/E ŷ_GD² at η*),
     * identityDeviation (‖Γ − (trΓ/d)I‖/‖Γ‖ of the learned preconditioner), stepSize (trΓ/d; reference η*).
     */
    static Measurement trained(RunContext ctx) {
        Config c = ctx.config();
        Task t = Task.of(c);
        LsaTraining.Settings s = new LsaTraining.Settings(t.d, t.n, t.noise, c.integer("steps"), c.integer("batch"),
                c.number("lr"), c.number("initScale"), ctx.seed());
        c.check(s.steps() >= 1, "steps", "must be ≥ 1");
        c.check(s.batch() >= 1, "batch", "must be ≥ 1");
        c.check(s.lr() > 0, "lr", "must be > 0");
        int evalTasks = c.integer("evalTasks");
        String key = s + "/" + evalTasks + "/" + ctx.device();
        TrainedResult r = TRAINED.get(key);
        if (r == null) {
            r = trainAndEvaluate(ctx, t, s, evalTasks);
            TRAINED.put(key, r);
        }
        double eta = IclTheory.optimalStepSize(t.d, t.n, t.noise);
        String measure = c.text("measure");
        Measurement.Builder b = switch (measure) {
            case "testLoss" -> Measurement.of(r.testLoss).standardError(r.testLossSe).figure(r.figure);
            case "predictionGap" -> Measurement.of(r.predictionGap);
            case "identityDeviation" -> Measurement.of(r.identityDeviation);
            case "stepSize" -> Measurement.of(r.stepSize);
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'measure' must be testLoss, "
                    + "predictionGap, identityDeviation or stepSize, got '" + measure + "'");
        };
        return b.detail("testLoss", r.testLoss).detail("optimalLoss", IclTheory.optimalLoss(t.d, t.n, t.noise))
                .detail("gdLossSamePrompts", r.gdLossSamePrompts)
                .detail("excessOverGdSamePrompts", r.testLoss / r.gdLossSamePrompts - 1)
                .detail("learnedStep", r.stepSize).detail("optimalStep", eta)
                .detail("predictionGap", r.predictionGap).detail("identityDeviation", r.identityDeviation)
                .detail("spuriousRatio", r.spurious).detail("trainSeconds", r.seconds).seed(ctx.seed()).build();
    }

    private static TrainedResult trainAndEvaluate(RunContext ctx, Task t, LsaTraining.Settings s, int evalTasks) {
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager(ctx.device());
                LinearSelfAttentionRegressor model = LsaTraining.train(m, s, ctx.progress())) {
            double secs = (System.nanoTime() - t0) / 1e9;
            double eta = IclTheory.optimalStepSize(t.d, t.n, t.noise);
            // Evaluation prompts come from their own seed, so they never overlap the training stream.
            Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("eval"));
            double sum = 0;
            double sumSq = 0;
            double gapNum = 0;
            double gapDen = 0;
            double gdSum = 0;
            int chunk = 20_000;
            for (int done = 0; done < evalTasks; done += chunk) {
                int b = Math.min(chunk, evalTasks - done);
                try (NDManager sm = m.newSubManager()) {
                    RegressionPrompts p = RegressionPrompts.sample(sm, b, t.n, t.d, t.noise, DataType.FLOAT32);
                    NDArray pred = model.predict(p);
                    NDArray e2 = pred.sub(p.target()).square().toType(DataType.FLOAT64, false);
                    sum += e2.sum().getDouble();
                    sumSq += e2.square().sum().getDouble();
                    NDArray gd = p.oneStepGd(eta);
                    gapNum += pred.sub(gd).square().toType(DataType.FLOAT64, false).sum().getDouble();
                    gapDen += gd.square().toType(DataType.FLOAT64, false).sum().getDouble();
                    gdSum += gd.sub(p.target()).square().toType(DataType.FLOAT64, false).sum().getDouble();
                }
                ctx.progress().update("evaluate", Math.min(done + chunk, evalTasks), evalTasks, Map.of());
            }
            double mean = sum / evalTasks;
            double se = Math.sqrt(Math.max(0, sumSq / evalTasks - mean * mean) / evalTasks);
            double[][] g = model.effectivePreconditioner(t.n);
            double trace = 0;
            for (int i = 0; i < t.d; i++) {
                trace += g[i][i];
            }
            double scale = trace / t.d;
            double off = 0;
            double all = 0;
            for (int i = 0; i < t.d; i++) {
                for (int j = 0; j < t.d; j++) {
                    double dev = g[i][j] - (i == j ? scale : 0);
                    off += dev * dev;
                    all += g[i][j] * g[i][j];
                }
            }
            FigureData fig = lossVersusStep(m, t, scale, mean, ctx);
            return new TrainedResult(mean, se, gdSum / evalTasks, gapNum / gapDen, Math.sqrt(off / all), scale, model.spuriousRatio(),
                    secs, fig);
        }
    }

    /** Loss against step size: the closed-form curve, Monte-Carlo points and the trained layer. */
    private static FigureData lossVersusStep(NDManager m, Task t, double learnedStep, double learnedLoss,
            RunContext ctx) {
        double eta = IclTheory.optimalStepSize(t.d, t.n, t.noise);
        int points = 81;
        double[] xs = new double[points];
        double[] ys = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = 2.0 * eta * i / (points - 1);
            ys[i] = IclTheory.lossAtStep(t.d, t.n, t.noise, xs[i]);
        }
        double[] factors = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75};
        double[] mx = new double[factors.length];
        double[] my = new double[factors.length];
        Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("figure"));
        for (int i = 0; i < factors.length; i++) {
            mx[i] = factors[i] * eta;
            my[i] = monteCarloLoss(m, t, mx[i], 20_000, 20_000).mean;
        }
        String name = String.format(java.util.Locale.ROOT, "icl-loss-vs-step-d%d-n%d-s%s", t.d, t.n,
                org.linrepro.claim.Numbers.format(t.noise));
        return FigureData.builder(name, "One GD step: loss vs step size (d=" + t.d + ", n=" + t.n + ", σ²="
                        + org.linrepro.claim.Numbers.format(t.noise) + ")")
                .axes("step size η (sum form)", "E[(ŷ − ⟨w, x_q⟩)²]")
                .series("closed form L(η)", xs, ys, FigureData.Style.LINE)
                .series("Monte-Carlo (20k prompts)", mx, my, FigureData.Style.MARKERS)
                .series("trained LSA layer", new double[] {learnedStep}, new double[] {learnedLoss},
                        FigureData.Style.MARKERS)
                .build();
    }
}
