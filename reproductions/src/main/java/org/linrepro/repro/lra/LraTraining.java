package org.linrepro.repro.lra;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.linrepro.claim.Config;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.nn.lra.EncoderConfig;
import org.linrepro.nn.lra.LraEncoder;
import org.linrepro.train.ClassifierTrainer;
import org.linrepro.train.CpuThreads;
import org.linrepro.train.FactorSchedule;
import org.linrepro.train.Schedule;
import org.linrepro.train.Schedules;
import org.linrepro.util.LinreproException;

/**
 * Trains an {@link LraEncoder} on an LRA task from a claim's config and measures its test accuracy at the best
 * validation checkpoint. Runs are cached by (config, mixer, seed, device), so claims about the same run (e.g. "above
 * the majority baseline" and "softmax beats linear") train it once per JVM.
 *
 * <p>Config: task fields (see {@link LraTasks}); model {@code mixer, dim, heads, layers, ffn (0 = none), norm,
 * pooling (mean | cls | last), positional, dropout, padding (masked | unmasked), stateSize (s4/s4d only), qkvDim
 * (attention width, 0 = dim), headHidden (MLP head width, 0 = linear head)}; optimisation {@code steps, batch, lr,
 * weightDecay, warmup, clip (0 = none), evalEvery, schedule, factors, stepsPerCycle, scheduleSteps, weights}. Paper-tier runs (or {@code checkpoint: "on"}) checkpoint under the
 * cache folder ({@code LINREPRO_CACHE}) and resume from there when rerun after an interruption.
 */
final class LraTraining {
    /** One finished run. */
    record Run(double testAccuracy, double validAccuracy, int bestStep, double majority, int classes, long parameters,
            double tokensPerSecond, double seconds, FigureData curve) {}

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private LraTraining() {}

    /**
     * {@code measure}: {@code testAccuracy} against {@code reference} = {@code majority} (the test split's
     * majority-class share) or {@code chance} (1/classes), for margin claims.
     */
    static Measurement run(RunContext ctx) {
        Config c = ctx.config();
        Run r = trained(ctx, c.text("mixer"));
        String ref = c.text("reference", "majority");
        double reference = switch (ref) {
            case "majority" -> r.majority();
            case "chance" -> 1.0 / r.classes();
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'reference' must be majority or "
                    + "chance, got '" + ref + "'");
        };
        return Measurement.of(r.testAccuracy()).reference(reference).detail("validAccuracy", r.validAccuracy())
                .detail("bestStep", r.bestStep()).detail("majority", r.majority()).detail("parameters", r.parameters())
                .detail("tokensPerSecond", r.tokensPerSecond()).detail("trainSeconds", r.seconds()).figure(r.curve())
                .seed(ctx.seed()).build();
    }

    /** Test accuracy of {@code mixer} minus that of {@code baseline}, same data, seed and budget. */
    static Measurement compare(RunContext ctx) {
        Config c = ctx.config();
        Run a = trained(ctx, c.text("mixer"));
        Run b = trained(ctx, c.text("baseline"));
        return Measurement.of(a.testAccuracy() - b.testAccuracy()).detail(c.text("mixer") + " accuracy", a.testAccuracy())
                .detail(c.text("baseline") + " accuracy", b.testAccuracy()).detail("majority", a.majority())
                .figure(a.curve()).figure(b.curve()).seed(ctx.seed()).build();
    }

    /**
     * Mean test accuracy over several runs, each a complete {@code lra.train} config in the array {@code runs} (e.g.
     * one per LRA task, for a paper's "Avg" column); the per-task accuracies are details and figures.
     */
    static Measurement average(RunContext ctx) {
        com.fasterxml.jackson.databind.JsonNode runs = ctx.config().json().get("runs");
        ctx.config().check(runs != null && runs.isArray() && runs.size() > 0, "runs",
                "must be a non-empty array of run configs");
        double sum = 0;
        java.util.List<Run> done = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ctx.config().check(runs.get(i).isObject(), "runs", "entry " + i + " must be an object");
            Config sub = new Config(ctx.claim().id() + " runs[" + i + "]",
                    (com.fasterxml.jackson.databind.node.ObjectNode) runs.get(i).deepCopy());
            RunContext one = new RunContext(ctx.claim(), sub, ctx.seed(), ctx.device(), ctx.progress());
            Run r = trained(one, sub.text("mixer"));
            done.add(r);
            names.add(sub.text("task"));
            sum += r.testAccuracy();
        }
        Measurement.Builder b = Measurement.of(sum / done.size()).seed(ctx.seed());
        for (int i = 0; i < done.size(); i++) {
            b.detail(names.get(i) + " accuracy", done.get(i).testAccuracy()).figure(done.get(i).curve());
        }
        return b.build();
    }

    private static Run trained(RunContext ctx, String mixer) {
        Config c = ctx.config();
        com.fasterxml.jackson.databind.node.ObjectNode key = c.json();
        for (String f : new String[] {"measure", "reference", "baseline"}) {
            key.remove(f);
        }
        key.put("mixer", mixer);
        String k = key + "/" + ctx.seed() + "/" + ctx.device();
        Run r = RUNS.get(k);
        if (r == null) {
            r = train(ctx, mixer);
            RUNS.put(k, r);
        }
        return r;
    }

    /** stateSize applies to the state-space mixers only, so one compare config can name an SSM and an attention. */
    private static boolean ssm(String mixer) {
        return mixer.equals("s4") || mixer.equals("s4d");
    }

    private static boolean masked(RunContext ctx) {
        String p = ctx.config().text("padding", "unmasked");
        ctx.config().check(p.equals("masked") || p.equals("unmasked"), "padding", "must be masked or unmasked, got '" + p + "'");
        return p.equals("masked");
    }

    private static boolean checkpointed(RunContext ctx) {
        String v = ctx.config().text("checkpoint", ctx.claim().tier() == org.linrepro.claim.Tier.PAPER ? "on" : "off");
        ctx.config().check(v.equals("on") || v.equals("off"), "checkpoint", "must be on or off, got '" + v + "'");
        return v.equals("on");
    }

    /**
     * {@code schedule}: {@code warmupCosine} (default; linear warm-up from step + 1, cosine to 0 at {@code steps}),
     * {@code factors} (the LRA code's factor string in {@code factors}, base {@code lr}, with {@code warmup} and, for
     * cosine_decay, {@code stepsPerCycle}), or {@code cosine} (the Hugging Face cosine with warm-up of the S4
     * repository, horizon {@code scheduleSteps}, default {@code steps}).
     */
    static Schedule schedule(Config c, int steps, int warmup) {
        String name = c.text("schedule", "warmupCosine");
        c.check(name.equals("warmupCosine") || name.equals("factors") || name.equals("cosine"), "schedule",
                "must be warmupCosine, factors or cosine, got '" + name + "'");
        return switch (name) {
            case "factors" -> new FactorSchedule(c.text("factors"), c.number("lr"), warmup, c.integer("stepsPerCycle", 0));
            case "cosine" -> Schedules.cosineWithWarmup(c.integer("scheduleSteps", steps), warmup, c.number("lr"), 0.0);
            default -> null; // warmupCosine: the trainer's default, as the quick tier was measured
        };
    }

    /** {@code weights}: {@code best} (best validation accuracy, default) or {@code last} (the LRA code's protocol). */
    private static boolean lastWeights(Config c) {
        String v = c.text("weights", "best");
        c.check(v.equals("best") || v.equals("last"), "weights", "must be best or last, got '" + v + "'");
        return v.equals("last");
    }

    private static Run train(RunContext ctx, String mixer) {
        Config c = ctx.config();
        LraTasks.Task task = LraTasks.of(ctx);
        EncoderConfig ec = new EncoderConfig(task.vocabulary(), task.classes(), task.maxLength(), c.integer("dim"),
                c.integer("heads"), c.integer("layers"), c.integer("ffn"), mixer, c.text("norm", "pre").equals("pre"),
                EncoderConfig.pooling(c.text("pooling", "mean")), EncoderConfig.positional(c.text("positional",
                "sinusoidal")), task.name().equals("retrieval")) // Retrieval: the two-tower model
                .withDropout(c.number("dropout", 0.0)).withMaskPadding(masked(ctx)).withStateSize(ssm(mixer) ? c.integer("stateSize", 0) : 0)
                .withQkvDim(ssm(mixer) ? 0 : c.integer("qkvDim", 0)).withHeadHidden(c.integer("headHidden", 0));
        int steps = c.integer("steps");
        int warmup = c.integer("warmup", Math.max(1, steps / 10));
        ClassifierTrainer.Settings s = new ClassifierTrainer.Settings(steps, c.integer("batch"), c.number("lr"),
                c.number("weightDecay", 0.0), warmup, c.number("clip", 1.0),
                c.integer("evalEvery", Math.max(1, steps / 5)), ctx.derivedSeed("batches"))
                .withSchedule(schedule(c, steps, warmup)).withKeepLast(lastWeights(c));
        long t0 = System.nanoTime();
        try (CpuThreads threads = CpuThreads.limit(ctx.device(), c.integer("cpuThreads", 1));
                NDManager m = NDManager.newBaseManager(ctx.device())) {
            Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("init-" + mixer));
            try (LraEncoder model = LraEncoder.create(m, ec)) {
                ClassifierTrainer<org.linrepro.data.lra.TokenExample> trainer = new ClassifierTrainer<>(model, s,
                        ctx.progress(), "train " + task.name() + " " + mixer);
                if (checkpointed(ctx)) {
                    String hash = c.hash();
                    trainer.checkpointTo(org.linrepro.data.lm.CacheDirectory.fromEnvironment().resolve("lra")
                            .resolve("checkpoints").resolve(ctx.claim().id() + "-" + mixer + "-s" + ctx.seed() + "-" + hash));
                }
                ClassifierTrainer.Result res = trainer.train(m, task.train(), task.valid());
                double test = trainer.accuracy(m, task.test(), 128);
                double[] xs = res.curve().stream().mapToDouble(p -> p[0]).toArray();
                double[] ys = res.curve().stream().mapToDouble(p -> p[2]).toArray();
                FigureData fig = FigureData.builder("lra-" + task.name() + "-" + mixer + "-s" + ctx.seed(),
                                "LRA " + task.name() + " (quick): validation accuracy, " + mixer)
                        .axes("step", "validation accuracy")
                        .series(mixer, xs, ys, FigureData.Style.LINE)
                        .series("majority class", new double[] {xs[0], xs[xs.length - 1]},
                                new double[] {task.majority(), task.majority()}, FigureData.Style.LINE)
                        .build();
                return new Run(test, res.bestValidAccuracy(), res.bestStep(), task.majority(), task.classes(),
                        model.parameterCount(), res.tokensPerSecond(), (System.nanoTime() - t0) / 1e9, fig);
            }
        }
    }
}
