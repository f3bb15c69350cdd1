package org.linrepro.repro.tracking;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.linrepro.claim.Config;
import org.linrepro.claim.RunContext;
import org.linrepro.data.tracking.TrackingExample;
import org.linrepro.data.tracking.TrackingTask;
import org.linrepro.nn.tracking.TrackingClassifier;
import org.linrepro.nn.tracking.TrackingModelConfig;
import org.linrepro.train.ClassifierTrainer;

/**
 * Trains a {@link TrackingClassifier} on a state-tracking task and measures the scaled accuracy
 * (acc − r)/(1 − r) on test lengths beyond the training lengths, as 2411.12537 does (train 3–40, test 40–256).
 * Model selection follows the official code: the best checkpoint on a validation set drawn at the test lengths.
 *
 * <p>Config: {@code task, trainMin, trainMax, testMin, testMax, train, valid, test} (example counts); model
 * {@code dim, heads, layers, mlpRatio, chunk}; optimisation {@code steps, batch, lr, weightDecay, warmup, clip,
 * evalEvery}. Runs are cached per (config, variant, seed) within a JVM, so claims over the same run train it once.
 */
final class TrackingTraining {

    /** One finished run. */
    record Run(Variant variant, long seed, double testAccuracy, double testScaled, double trainLengthScaled,
            double validScaled, int bestStep, long parameters, double seconds, double[] steps, double[] validCurve) {
        /** The scaled accuracy a claim's {@code measure} names. */
        double scaled(String measure) {
            return measure.equals("train-lengths") ? trainLengthScaled : testScaled;
        }
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private TrackingTraining() {}

    /** The run of {@code variant} with master seed {@code seed}, trained once per JVM. */
    static Run run(RunContext ctx, Variant variant, long seed) {
        com.fasterxml.jackson.databind.node.ObjectNode key = ctx.config().json();
        for (String f : new String[] {"variants", "seeds", "mixer", "eigenvalues", "householder", "measure"}) {
            key.remove(f);
        }
        String k = key + "/" + variant + "/" + seed + "/" + ctx.device();
        Run r = RUNS.get(k);
        if (r == null) {
            r = train(ctx, variant, seed);
            RUNS.put(k, r);
        }
        return r;
    }

    /** Trains one run, uncached. */
    static Run train(RunContext ctx, Variant variant, long seed) {
        Config c = ctx.config();
        TrackingTask task = TrackingTask.of(c.text("task"));
        int trainMin = c.integer("trainMin");
        int trainMax = c.integer("trainMax");
        int testMin = c.integer("testMin");
        int testMax = c.integer("testMax");
        c.check(trainMin <= trainMax && testMin <= testMax, "trainMin", "needs trainMin ≤ trainMax and testMin ≤ testMax");
        RunContext seeded = new RunContext(ctx.claim(), c, seed, ctx.device(), ctx.progress());
        List<TrackingExample> train = task.generate(c.integer("train"), trainMin, trainMax, seeded.derivedSeed("train"));
        List<TrackingExample> valid = byLength(task.generate(c.integer("valid"), testMin, testMax,
                seeded.derivedSeed("valid")));
        List<TrackingExample> test = byLength(task.generate(c.integer("test"), testMin, testMax,
                seeded.derivedSeed("test")));
        List<TrackingExample> inDistribution = byLength(task.generate(c.integer("valid"), trainMin, trainMax,
                seeded.derivedSeed("train-lengths")));
        TrackingModelConfig mc = new TrackingModelConfig(task.vocabulary(), task.classes(), c.integer("dim"),
                c.integer("layers"), c.integer("mlpRatio"));
        int steps = c.integer("steps");
        ClassifierTrainer.Settings s = new ClassifierTrainer.Settings(steps, c.integer("batch"), c.number("lr"),
                c.number("weightDecay"), c.integer("warmup"), c.number("clip"), c.integer("evalEvery"),
                seeded.derivedSeed("batches"));
        int heads = c.integer("heads");
        int chunk = c.integer("chunk");
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            Engine.getInstance().setRandomSeed((int) seeded.derivedSeed("init"));
            try (TrackingClassifier model = TrackingClassifier.create(m, mc, l -> variant.create(mc.dim(), heads,
                    chunk))) {
                ClassifierTrainer<TrackingExample> trainer = new ClassifierTrainer<>(model, s, ctx.progress(),
                        "train " + task.name() + " " + variant.label() + " s" + seed);
                ClassifierTrainer.Result res = trainer.train(m, train, valid);
                int evalBatch = Math.max(64, c.integer("batch"));
                double acc = trainer.accuracy(m, test, evalBatch);
                double inDist = trainer.accuracy(m, inDistribution, evalBatch);
                double[] xs = res.curve().stream().mapToDouble(p -> p[0]).toArray();
                double[] ys = res.curve().stream().mapToDouble(p -> task.scaled(p[2])).toArray();
                return new Run(variant, seed, acc, task.scaled(acc), task.scaled(inDist),
                        task.scaled(res.bestValidAccuracy()), res.bestStep(), model.parameterCount(),
                        (System.nanoTime() - t0) / 1e9, xs, ys);
            }
        }
    }

    /** Sorted by length, so evaluation batches pad little (accuracy does not depend on the order). */
    private static List<TrackingExample> byLength(List<TrackingExample> xs) {
        List<TrackingExample> out = new ArrayList<>(xs);
        out.sort(Comparator.comparingInt(TrackingExample::length));
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
