package org.linrepro.repro.lra;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.objects;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.nn.lra.EncoderConfig;
import org.linrepro.nn.lra.LraEncoder;
import org.linrepro.train.ClassifierTrainer;
import org.linrepro.train.FactorSchedule;
import org.linrepro.train.Schedule;
import org.linrepro.train.Schedules;
import org.linrepro.run.CpuThreads;
import org.linrepro.util.LinreproException;

/**
 * Trains an {@link LraEncoder} on an LRA task from a claim's config and measures its test accuracy at the best
 * validation checkpoint. Runs are cached by (config, mixer, seed, device), so claims about the same run (e.g. "above
 * the majority baseline" and "softmax beats linear") train it once per JVM.
 *
 * <p>Config: task fields (see {@link LraTasks}); model {@code mixer, dim, heads, layers, ffn (0 = none), norm,
 * pooling (mean | cls | last), positional, dropout, padding (masked | unmasked), stateSize (s4/s4d only), qkvDim, headHidden};
 * optimisation {@code steps, batch, lr, weightDecay, warmup, clip (0 = none), evalEvery, schedule, factors,
 * stepsPerCycle, scheduleSteps, weights}. Paper-tier runs (or {@code checkpoint: "on"}) checkpoint under the
 * cache folder ({@code LINREPRO_CACHE}) and resume from there when rerun after an interruption.
 */
final class LraTraining {
    /** One finished run. */
    record Run(double testAccuracy, double validAccuracy, int bestStep, double majority, int classes, long parameters,
            double tokensPerSecond, double seconds, FigureData curve) {}

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private LraTraining() {}

    /** The encoder and its optimisation (the task's keys come from {@link LraTasks#SPEC}). */
    static final ConfigSpec MODEL = ConfigSpec.of(
            text("mixer", "token mixer id (MixerRegistry), e.g. softmax, linear-elu, performer, s4d"),
            integer("dim", "model width"),
            integer("heads", "attention heads"),
            integer("layers", "encoder layers"),
            integer("ffn", "feed-forward width (0 = no feed-forward block)"),
            text("norm", "pre- or post-norm residual blocks").choices("pre", "post").byDefault("pre"),
            text("pooling", "how token states become the sequence's (EncoderConfig.pooling)")
                    .choices("mean", "cls", "last").byDefault("mean"),
            text("positional", "positional encoding (EncoderConfig.positional)").byDefault("sinusoidal"),
            number("dropout", "dropout rate").byDefault(0.0),
            text("padding", "whether padding tokens are masked out of attention and pooling")
                    .choices("masked", "unmasked").byDefault("unmasked"),
            integer("stateSize", "state size N of s4/s4d mixers (0 = the mixer's default; others ignore it)")
                    .byDefault(0),
            integer("qkvDim", "width the attention works at, LRA's qkv_dim (0 = dim; s4/s4d ignore it)").byDefault(0),
            integer("headHidden", "hidden width of the classifier MLP head, LRA's mlp_dim (0 = linear head)")
                    .byDefault(0),
            integer("steps", "AdamW steps"),
            integer("batch", "examples per step"),
            number("lr", "peak learning rate"),
            number("weightDecay", "AdamW weight decay").byDefault(0.0),
            integer("warmup", "linear warm-up steps before the cosine decay").unit("steps")
                    .derived("max(1, steps / 10)", c -> Math.max(1, c.integer("steps") / 10)),
            text("pairFeatures", "Retrieval's two-tower head input: nli [u, v, u·v, u−v] or concat [u, v]")
                    .choices("nli", "concat").byDefault("nli"),
            text("init", "the encoder's own weights: default (embeddings N(0, 0.02), U(±1/√fan_in) layers) or lra (the "
                    + "LRA code: embeddings N(0, 1), CLS zeros, Xavier-uniform layers, LeCun-normal head)")
                    .choices("default", "lra").byDefault("default"),
            number("clip", "gradient-norm clip (0 = none)").byDefault(1.0),
            text("schedule", "learning-rate schedule: warmupCosine (warm-up from step + 1, cosine to 0), factors "
                    + "(the LRA factor string in 'factors'), cosine (Hugging Face cosine with warm-up over "
                    + "scheduleSteps)").choices("warmupCosine", "factors", "cosine").byDefault("warmupCosine"),
            text("factors", "LRA factor string, e.g. 'constant * linear_warmup * rsqrt_decay' (schedule factors)")
                    .byDefault(""),
            integer("stepsPerCycle", "cosine_decay's cycle in a factor string").unit("steps").byDefault(0),
            integer("scheduleSteps", "horizon of the cosine schedule (the S4 scheduler's num_training_steps)")
                    .unit("steps").derived("steps", c -> c.integer("steps")),
            text("weights", "weights tested after training: best (validation) or last (the LRA code)")
                    .choices("best", "last").byDefault("best"),
            integer("evalEvery", "validation every this many steps").unit("steps")
                    .derived("max(1, steps / 5)", c -> Math.max(1, c.integer("steps") / 5)),
            integer("cpuThreads", "intra-op CPU threads of this run").byDefault(1),
            text("checkpoint", "checkpoint and resume under LINREPRO_CACHE (auto: at paper tier only)")
                    .choices("on", "off", "auto").byDefault("auto"));

    /** {@code lra.train}: one encoder on one task. */
    static final ConfigSpec TRAIN = LraTasks.SPEC.with(MODEL);

    /** {@code lra.compare}: two mixers, same task, seed and budget. */
    static final ConfigSpec COMPARE = TRAIN.with(text("baseline", "the mixer subtracted"));

    /** {@code lra.average}: the mean over complete train configs. */
    static final ConfigSpec AVERAGE = ConfigSpec.of(
            objects("runs", TRAIN, "one lra.train config per task averaged (e.g. a paper's Avg column)"));

    /**
     * Test accuracy at the best validation checkpoint (claims compare it with the references
     * {@code lra.majorityShare} or {@code lra.chance}).
     */
    static Measurement run(RunContext ctx) {
        Config c = ctx.config();
        Run r = trained(ctx, c.text("mixer"));
        return Measurement.of(r.testAccuracy()).detail("validAccuracy", r.validAccuracy())
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
        java.util.List<Config> runs = ctx.config().objects("runs");
        double sum = 0;
        java.util.List<Run> done = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Config sub : runs) {
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
        return ctx.config().text("padding").equals("masked");
    }

    private static boolean checkpointed(RunContext ctx) {
        String v = ctx.config().text("checkpoint");
        return v.equals("on") || v.equals("auto") && ctx.claim().tier() == org.linrepro.claim.Tier.PAPER;
    }

    /** The named schedule; null = the trainer's default warm-up + cosine, as the quick tier was measured. */
    static Schedule schedule(Config c) {
        return switch (c.text("schedule")) {
            case "factors" -> new FactorSchedule(c.text("factors"), c.number("lr"), c.integer("warmup"),
                    c.integer("stepsPerCycle"));
            case "cosine" -> Schedules.cosineWithWarmup(c.integer("scheduleSteps"), c.integer("warmup"), c.number("lr"),
                    0.0);
            default -> null;
        };
    }

    private static Run train(RunContext ctx, String mixer) {
        Config c = ctx.config();
        LraTasks.Task task = LraTasks.of(ctx);
        EncoderConfig ec = new EncoderConfig(task.vocabulary(), task.classes(), task.maxLength(), c.integer("dim"),
                c.integer("heads"), c.integer("layers"), c.integer("ffn"), mixer, c.text("norm").equals("pre"),
                EncoderConfig.pooling(c.text("pooling")), EncoderConfig.positional(c.text("positional")),
                task.name().equals("retrieval")) // Retrieval: the two-tower model
                .withDropout(c.number("dropout")).withMaskPadding(masked(ctx)).withStateSize(ssm(mixer) ? c.integer("stateSize") : 0)
                .withQkvDim(ssm(mixer) ? 0 : c.integer("qkvDim")).withHeadHidden(c.integer("headHidden"))
                .withConcatPair(c.text("pairFeatures").equals("concat")).withLraInit(c.text("init").equals("lra"));
        int steps = c.integer("steps");
        ClassifierTrainer.Settings s = new ClassifierTrainer.Settings(steps, c.integer("batch"), c.number("lr"),
                c.number("weightDecay"), c.integer("warmup"), c.number("clip"), c.integer("evalEvery"),
                ctx.derivedSeed("batches")).withSchedule(schedule(c)).withKeepLast(c.text("weights").equals("last"));
        long t0 = System.nanoTime();
        try (CpuThreads threads = CpuThreads.limit(ctx.device(), c.integer("cpuThreads"));
                NDManager m = NDManager.newBaseManager(ctx.device())) {
            Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("init-" + mixer));
            try (LraEncoder model = LraEncoder.create(m, ec)) {
                ClassifierTrainer<org.linrepro.data.lra.TokenExample> trainer = new ClassifierTrainer<>(model, s,
                        ctx.progress(), "train " + task.name() + " " + mixer);
                if (checkpointed(ctx)) {
                    String hash = c.hash();
                    trainer.checkpointTo(org.linrepro.util.CacheFolder.fromEnvironment().resolve("lra")
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
