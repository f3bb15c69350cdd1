package org.linrepro.repro.glue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.object;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.DataRoot;
import org.linrepro.data.glue.GlueTask;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.util.LinreproException;

/**
 * {@code glue.compareMethods}: fine-tunes MiniLM with two methods (config objects {@code a} and {@code b}:
 * method, lr, rank) on the same seeded GLUE subset for {@code seeds} seeds (master seed, +1, …) and measures
 * either {@code devGap} = mean(dev metric of a − of b) or {@code lossGap} = mean(mean training loss of b −
 * of a over the first {@code lossSteps} steps), with the standard error over seeds; {@code aggregate: min} gives
 * the smallest gap over seeds instead (a relation claimed "in every seed"). Runs are shared between claims
 * through {@link GlueFineTune}'s per-JVM results.
 */
final class FineTuneExperiments {
    private FineTuneExperiments() {}

    /** One arm of a comparison: a method with its learning rate, rank and LoRA scale α. */
    static final ConfigSpec ARM = ConfigSpec.of(
            text("method", "adaptation method (AdapterMethods id)"),
            number("lr", "peak learning rate"),
            integer("rank", "rank r (0 = the method's default)").byDefault(0),
            number("alpha", "LoRA scale α (absent: the method's default)").optional());

    /** What every fine-tuning run shares. */
    static final ConfigSpec RUN = ConfigSpec.of(
            text("model", "pretrained backbone (Backbone id)").byDefault("minilm-l6"),
            text("task", "GLUE task, e.g. SST-2"),
            integer("batch", "examples per step"),
            integer("maxLength", "tokenizer truncation length").unit("tokens"),
            integer("evalSize", "dev examples scored (0 = the whole dev split)").byDefault(0),
            number("warmupRatio", "share of the steps in linear warm-up").byDefault(0.06),
            number("weightDecay", "AdamW weight decay").byDefault(0.1),
            text("schedule", "learning-rate schedule: legacy (warm-up from step + 1, as the quick tier was measured) or "
                    + "linear (Hugging Face linear warm-up + decay, warm-up ceil(ratio · steps))")
                    .choices("legacy", "linear").byDefault("legacy"),
            number("clip", "gradient-norm clip (the Hugging Face Trainer's max_grad_norm; 0 = none)").byDefault(0.0),
            text("decay", "weight decay on all trainable tensors or on matrices only (the Hugging Face Trainer exempts "
                    + "biases and LayerNorm weights)").choices("all", "matrices").byDefault("all"),
            integer("seeds", "seeds run: master seed, +1, … (1 … 20)").byDefault(1),
            text("metric", "dev metric read").derived("the task's primary metric",
                    c -> GlueTask.byName(c.text("task")).metric().primary()));

    static final ConfigSpec COMPARE = RUN.with(
            integer("trainSize", "training examples (a seeded subset)"),
            integer("steps", "optimizer steps"),
            object("a", ARM, "first arm"),
            object("b", ARM, "second arm"),
            text("measure", "devGap: mean dev metric of a − of b; lossGap: mean early training loss of b − of a")
                    .choices("devGap", "lossGap"),
            integer("lossSteps", "lossGap: first steps averaged").derived("steps", c -> c.integer("steps")),
            text("aggregate", "mean over seeds, or the smallest gap (a relation claimed in every seed)")
                    .choices("mean", "min").byDefault("mean"));

    static final ConfigSpec SINGLE = RUN.with(
            object("arm", ARM, "the method run"),
            integer("trainSize", "training examples (0 = the whole train split)").byDefault(0),
            integer("epochs", "epochs over the train split (instead of steps)").optional(),
            integer("steps", "optimizer steps (when epochs is absent)").optional(),
            number("scale", "factor on the metric (100 = percent)").byDefault(1.0));

    record Arm(String method, double lr, AdapterOptions options) {
        static Arm of(Config c, String key) {
            Config n = c.object(key);
            AdapterOptions o = new AdapterOptions(n.integer("rank"), List.of(), java.util.Map.of());
            if (n.has("alpha")) {
                o = o.with("alpha", n.number("alpha"));
            }
            return new Arm(n.text("method"), n.number("lr"), o);
        }
    }

    static Measurement compare(RunContext ctx) {
        Config c = ctx.config();
        GlueTask task = GlueTask.byName(c.text("task"));
        Arm a = Arm.of(c, "a");
        Arm b = Arm.of(c, "b");
        int seeds = c.integer("seeds");
        int steps = c.integer("steps");
        c.check(seeds >= 1 && seeds <= 20, "seeds", "must be between 1 and 20");
        c.check(steps >= 1, "steps", "must be ≥ 1");
        String measure = c.text("measure");
        int lossSteps = c.integer("lossSteps");
        c.check(lossSteps >= 1 && lossSteps <= steps, "lossSteps", "must be between 1 and steps");
        String metric = c.text("metric");
        DataRoot data = DataRoot.fromEnvironment();
        double[] gaps = new double[seeds];
        double[] perSeedA = new double[seeds];
        double[] perSeedB = new double[seeds];
        Measurement.Builder details = null;
        List<double[]> curvesA = new ArrayList<>();
        List<double[]> curvesB = new ArrayList<>();
        double sumA = 0;
        double sumB = 0;
        long countA = 0;
        long countB = 0;
        for (int i = 0; i < seeds; i++) {
            long seed = ctx.seed() + i;
            GlueFineTune.Result ra = GlueFineTune.run(settings(c, task, a, seed), data, ctx.device(), ctx.progress());
            GlueFineTune.Result rb = GlueFineTune.run(settings(c, task, b, seed), data, ctx.device(), ctx.progress());
            double va = metricOf(ra, metric);
            double vb = metricOf(rb, metric);
            perSeedA[i] = va;
            perSeedB[i] = vb;
            gaps[i] = measure.equals("devGap") ? va - vb : rb.meanLoss(0, lossSteps) - ra.meanLoss(0, lossSteps);
            sumA += va;
            sumB += vb;
            countA = ra.trainable() - ra.headParameters();
            countB = rb.trainable() - rb.headParameters();
            curvesA.add(ra.losses());
            curvesB.add(rb.losses());
        }
        double mean = 0;
        for (double g : gaps) {
            mean += g / seeds;
        }
        double var = 0;
        for (double g : gaps) {
            var += (g - mean) * (g - mean);
        }
        double se = seeds > 1 ? Math.sqrt(var / (seeds - 1) / seeds) : Double.NaN;
        String aggregate = c.text("aggregate");
        Measurement.Builder m;
        if (aggregate.equals("min")) {
            // "in every seed": the relation holds in all seeds exactly when it holds for the smallest gap
            m = Measurement.of(java.util.Arrays.stream(gaps).min().orElseThrow()).detail("meanGap", mean);
            if (seeds > 1) {
                m.detail("standardErrorOfMeanGap", se);
            }
        } else {
            m = Measurement.of(mean);
            if (seeds > 1) {
                m.standardError(se);
            }
        }
        for (int i = 0; i < seeds; i++) {
            m.detail("gapSeed" + (ctx.seed() + i), gaps[i]).seed(ctx.seed() + i)
                    .detail(a.method() + "Seed" + (ctx.seed() + i), perSeedA[i])
                    .detail(b.method() + "Seed" + (ctx.seed() + i), perSeedB[i]);
        }
        return m.detail(a.method() + "Dev_" + metric, sumA / seeds).detail(b.method() + "Dev_" + metric, sumB / seeds)
                .detail(a.method() + "TrainableBackbone", countA).detail(b.method() + "TrainableBackbone", countB)
                .figure(curves(ctx, a, b, curvesA, curvesB)).build();
    }

    private static GlueFineTune.Settings settings(Config c, GlueTask task, Arm arm, long seed) {
        return new GlueFineTune.Settings(c.text("model"), task, arm.method(), arm.options(), c.integer("trainSize"), c.integer("steps"),
                c.integer("batch"), arm.lr(), c.integer("maxLength"), c.integer("evalSize"),
                c.number("warmupRatio"), c.number("weightDecay"), seed)
                .withSchedule(c.text("schedule"), c.number("clip")).withDecay(c.text("decay"));
    }

    /**
     * {@code glue.fineTune}: one method (config object {@code arm}) on one task, trained for {@code epochs} over
     * the train split (or {@code steps}), for {@code seeds} seeds; the value is the median dev metric over seeds,
     * as the LoRA paper reports the median of 5 runs. Details: every seed's metric, the trainable counts.
     */
    static Measurement single(RunContext ctx) {
        Config c = ctx.config();
        GlueTask task = GlueTask.byName(c.text("task"));
        Arm arm = Arm.of(c, "arm");
        int seeds = c.integer("seeds");
        c.check(seeds >= 1 && seeds <= 20, "seeds", "must be between 1 and 20");
        String metric = c.text("metric");
        double scale = c.number("scale");
        // the model first: a missing checkpoint is reported before any data is read
        Backbone.byName(c.text("model"));
        DataRoot data = DataRoot.fromEnvironment();
        int steps;
        if (c.has("epochs")) {
            int train = c.integer("trainSize") > 0 ? c.integer("trainSize")
                    : org.linrepro.data.glue.GlueData.load(data, task, org.linrepro.data.glue.GlueData.Split.TRAIN).size();
            steps = c.integer("epochs") * ((train + c.integer("batch") - 1) / c.integer("batch"));
        } else {
            steps = c.integer("steps");
        }
        double[] values = new double[seeds];
        Measurement.Builder m;
        long backbone = 0;
        long head = 0;
        for (int i = 0; i < seeds; i++) {
            long seed = ctx.seed() + i;
            GlueFineTune.Settings s = new GlueFineTune.Settings(c.text("model"), task, arm.method(),
                    arm.options(), c.integer("trainSize"), steps, c.integer("batch"), arm.lr(),
                    c.integer("maxLength"), c.integer("evalSize"), c.number("warmupRatio"),
                    c.number("weightDecay"), seed).withSchedule(c.text("schedule"), c.number("clip")).withDecay(c.text("decay"));
            GlueFineTune.Result r = GlueFineTune.run(s, data, ctx.device(), ctx.progress());
            values[i] = metricOf(r, metric) * scale;
            backbone = r.trainable() - r.headParameters();
            head = r.headParameters();
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double median = seeds % 2 == 1 ? sorted[seeds / 2] : (sorted[seeds / 2 - 1] + sorted[seeds / 2]) / 2;
        m = Measurement.of(median);
        for (int i = 0; i < seeds; i++) {
            m.detail(metric + "Seed" + (ctx.seed() + i), values[i]).seed(ctx.seed() + i);
        }
        return m.detail("steps", steps).detail("trainableBackbone", backbone).detail("headParameters", head).build();
    }

    private static double metricOf(GlueFineTune.Result r, String metric) {
        Double v = r.dev().get(metric);
        if (v == null) {
            throw new LinreproException("metric '" + metric + "' is not one of " + r.dev().keySet());
        }
        return v;
    }

    /** Mean training-loss curves of both arms over seeds (smoothed over 10 steps). */
    private static FigureData curves(RunContext ctx, Arm a, Arm b, List<double[]> ca, List<double[]> cb) {
        int n = ca.get(0).length;
        double[] x = new double[n];
        double[] ya = new double[n];
        double[] yb = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = t + 1;
            int from = Math.max(0, t - 9);
            for (int s = 0; s < ca.size(); s++) {
                for (int k = from; k <= t; k++) {
                    ya[t] += ca.get(s)[k] / ((t - from + 1) * ca.size());
                    yb[t] += cb.get(s)[k] / ((t - from + 1) * cb.size());
                }
            }
        }
        String name = String.format(Locale.ROOT, "glue-%s-loss", ctx.claim().id());
        return FigureData.builder(name, "Training loss, " + a.method() + " vs " + b.method() + " (mean over seeds)")
                .axes("step", "training loss (10-step mean)")
                .series(a.method() + " (lr " + a.lr() + ")", x, ya, FigureData.Style.LINE)
                .series(b.method() + " (lr " + b.lr() + ")", x, yb, FigureData.Style.LINE).build();
    }
}
