package org.linrepro.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.linrepro.nn.Classifier;
import org.linrepro.run.Progress;
import org.linrepro.nn.ops.NoGrad;
import org.linrepro.util.LinreproException;

/**
 * Supervised classification training for sequence classifiers: AdamW, linear warm-up then cosine decay (or the
 * {@link Schedule} the settings name), global gradient-norm clipping, NaN detection, evaluation on a validation set
 * every {@code evalEvery} steps with best-checkpoint selection (the model ends with its best weights, or with its last
 * ones if the settings say so), progress with loss, accuracy and tokens/s.
 * Batches come from seeded epoch permutations, so the same seed gives the same run on the CPU.
 *
 * @param <E> example type
 */
public final class ClassifierTrainer<E> {

    /**
     * @param clipNorm  global gradient-norm clip; 0 = no clipping
     * @param schedule  the learning rate per step; {@code null} = {@link Schedules#warmupCosine} from {@code lr} and
     *                  {@code warmup} (what the quick tier was measured with)
     * @param keepLast  end with the last weights (the LRA code tests its final model) instead of the best-validation ones
     */
    public record Settings(int steps, int batch, double lr, double weightDecay, int warmup, double clipNorm,
            int evalEvery, long seed, Schedule schedule, boolean keepLast) {
        public Settings {
            if (steps < 1 || batch < 1 || !(lr > 0) || weightDecay < 0 || warmup < 0 || !(clipNorm >= 0)
                    || evalEvery < 1) {
                throw new LinreproException("training settings: need steps ≥ 1, batch ≥ 1, lr > 0, weight decay ≥ 0, "
                        + "warm-up ≥ 0, clip norm ≥ 0, evalEvery ≥ 1; got " + this);
            }
        }

        /** Warm-up + cosine to zero, best-validation weights at the end. */
        public Settings(int steps, int batch, double lr, double weightDecay, int warmup, double clipNorm, int evalEvery,
                long seed) {
            this(steps, batch, lr, weightDecay, warmup, clipNorm, evalEvery, seed, null, false);
        }

        public Settings withSchedule(Schedule s) {
            return new Settings(steps, batch, lr, weightDecay, warmup, clipNorm, evalEvery, seed, s, keepLast);
        }

        public Settings withKeepLast(boolean last) {
            return new Settings(steps, batch, lr, weightDecay, warmup, clipNorm, evalEvery, seed, schedule, last);
        }

        double lrAt(int step) {
            return schedule == null ? Schedules.warmupCosine(step, steps, warmup, lr, 0.0) : schedule.at(step);
        }

        /** The text checkpoints are keyed by: the first eight fields alone for the default schedule and selection. */
        @Override
        public String toString() {
            String base = "Settings[steps=" + steps + ", batch=" + batch + ", lr=" + lr + ", weightDecay=" + weightDecay
                    + ", warmup=" + warmup + ", clipNorm=" + clipNorm + ", evalEvery=" + evalEvery + ", seed=" + seed;
            return base + (schedule == null ? "" : ", schedule=" + schedule) + (keepLast ? ", keepLast=true" : "") + "]";
        }
    }

    /** Outcome: best validation accuracy and when, last smoothed loss, throughput, and the curve. */
    public record Result(double bestValidAccuracy, int bestStep, double finalLoss, double tokensPerSecond,
            double seconds, List<double[]> curve) {}

    private final Classifier<E> model;
    private final Settings s;
    private final Progress progress;
    private final String phase;
    private java.nio.file.Path checkpoints;

    public ClassifierTrainer(Classifier<E> model, Settings settings, Progress progress, String phase) {
        this.model = model;
        this.s = settings;
        this.progress = progress;
        this.phase = phase;
    }

    /**
     * Saves {@code last.ckpt} (weights, Adam moments and step, smoothed loss, curve — at every evaluation) and
     * {@code best.ckpt} (best validation weights) in {@code dir}. A later {@link #train} with the same settings and
     * model resumes from {@code last.ckpt} and ends with exactly the parameters and result of an uninterrupted run
     * (CPU, same thread count): the batch order is replayed and dropout is reseeded per step. A checkpoint of other
     * settings is refused.
     */
    public ClassifierTrainer<E> checkpointTo(java.nio.file.Path dir) {
        this.checkpoints = dir;
        return this;
    }

    public Result train(NDManager manager, List<E> train, List<E> valid) {
        if (train.isEmpty() || valid.isEmpty()) {
            throw new LinreproException(phase + ": training and validation sets must not be empty");
        }
        try (NoGrad off = NoGrad.enter()) { // updates happen in place, outside the collector, on any thread
            return run(manager, train, valid);
        }
    }

    private Result run(NDManager manager, List<E> train, List<E> valid) {
        List<NDArray> params = model.parameters();
        Adam adam = new Adam(params, 0.9, 0.98, 1e-9, s.weightDecay());
        SplittableRandom random = new SplittableRandom(s.seed());
        int[] order = permutation(train.size(), random);
        int cursor = 0;
        double smoothed = Double.NaN;
        double best = -1;
        int bestStep = -1;
        ParameterSnapshot bestWeights = null;
        List<double[]> curve = new ArrayList<>();
        long tokens = 0;
        int start = 0;
        String key = settingsKey(params);
        ClassifierCheckpoint resumed = checkpoints == null ? null
                : ClassifierCheckpoint.load(checkpoints.resolve("last.ckpt"), key);
        if (resumed != null) {
            resumed.weights().restore(params);
            adam.restore(resumed.optimizer());
            start = resumed.step();
            smoothed = resumed.smoothedLoss();
            tokens = resumed.tokens();
            curve.addAll(resumed.curve());
            bestWeights = read("best.ckpt");
            if (bestWeights != null) {
                best = bestWeights.metric();
                bestStep = bestWeights.step();
            }
        }
        long t0 = System.nanoTime();
        for (int step = 0; step < s.steps(); step++) {
            List<E> batch = new ArrayList<>(s.batch());
            for (int i = 0; i < s.batch(); i++) {
                if (cursor == order.length) {
                    order = permutation(train.size(), random);
                    cursor = 0;
                }
                batch.add(train.get(order[cursor++]));
            }
            if (step < start) {
                continue; // resuming: replay the batch order up to the saved step
            }
            long batchTokens = model.tokens(batch);
            if (step == start) {
                progress.trainingStarts(phase, params.stream().mapToLong(p -> p.getShape().size()).sum(), batchTokens,
                        s.steps());
            }
            tokens += batchTokens;
            // dropout masks depend on (seed, step) only, so a resumed run draws the same ones
            Engine.getInstance().setRandomSeed((int) (s.seed() * 1_000_003L + step));
            double loss;
            try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = crossEntropy(model.logits(sm, batch, true), labels(sm, batch));
                    gc.backward(l);
                    loss = l.getFloat();
                }
                TrainingDivergedException.check(phase + " loss", step, loss);
                TrainingDivergedException.check(phase + " gradient norm", step, adam.clipGradients(s.clipNorm()));
                adam.step(s.lrAt(step));
            }
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
            boolean last = step == s.steps() - 1;
            if ((step + 1) % s.evalEvery() == 0 || last) {
                double acc = accuracy(manager, valid, Math.max(s.batch(), 64));
                curve.add(new double[] {step + 1, smoothed, acc});
                if (acc > best) {
                    best = acc;
                    bestStep = step + 1;
                    bestWeights = ParameterSnapshot.of(params, step + 1, acc);
                    write("best.ckpt", bestWeights);
                }
                if (checkpoints != null) {
                    new ClassifierCheckpoint(key, step + 1, smoothed, tokens, curve, ParameterSnapshot.of(params, step + 1),
                            adam.state()).save(checkpoints.resolve("last.ckpt"));
                }
            }
            if (step % progress.every(10) == 0 || last) {
                double secs = (System.nanoTime() - t0) / 1e9;
                progress.update(phase, step + 1, s.steps(), Map.of("loss", smoothed,
                        "best valid acc", Math.max(best, 0), "tokens/s", tokens / Math.max(secs, 1e-9)));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!s.keepLast()) {
            bestWeights.restore(params);
        }
        return new Result(best, bestStep, smoothed, tokens / Math.max(secs, 1e-9), secs, curve);
    }

    /** What a checkpoint must match to be resumed: the settings and the parameter shapes. */
    private String settingsKey(List<NDArray> params) {
        StringBuilder b = new StringBuilder(phase).append(' ').append(s);
        for (NDArray p : params) {
            b.append(' ').append(p.getShape());
        }
        return Integer.toHexString(b.toString().hashCode()) + " " + s;
    }

    private ParameterSnapshot read(String name) {
        java.nio.file.Path f = checkpoints == null ? null : checkpoints.resolve(name);
        if (f == null || !java.nio.file.Files.isRegularFile(f)) {
            return null;
        }
        try {
            return ParameterSnapshot.load(f);
        } catch (java.io.IOException e) {
            throw new LinreproException(phase + ": cannot read checkpoint " + f + ": " + e.getMessage());
        }
    }

    private void write(String name, ParameterSnapshot snapshot) {
        if (checkpoints == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(checkpoints);
            snapshot.save(checkpoints.resolve(name));
        } catch (java.io.IOException e) {
            throw new LinreproException(phase + ": cannot write checkpoint in " + checkpoints + ": " + e.getMessage());
        }
    }

    /** Accuracy of the model as it is now, in batches of {@code batch}. */
    public double accuracy(NDManager manager, List<E> data, int batch) {
        long correct = 0;
        for (int i = 0; i < data.size(); i += batch) {
            List<E> b = data.subList(i, Math.min(data.size(), i + batch));
            try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                long[] pred = model.logits(sm, b, false).argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false)
                        .toLongArray();
                for (int j = 0; j < pred.length; j++) {
                    correct += pred[j] == model.label(b.get(j)) ? 1 : 0;
                }
            }
        }
        return (double) correct / data.size();
    }

    private NDArray labels(NDManager m, List<E> batch) {
        long[] y = new long[batch.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = model.label(batch.get(i));
        }
        return m.create(y);
    }

    /** Mean cross-entropy of logits [B, C] against integer labels [B]. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
        return logp.mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
