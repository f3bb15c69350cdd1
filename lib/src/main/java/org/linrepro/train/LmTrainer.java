package org.linrepro.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.linrepro.run.Progress;
import org.linrepro.nn.lm.LanguageModel;
import org.linrepro.nn.ops.Tensors;
import org.linrepro.util.LinreproException;

/**
 * Trains a {@link LanguageModel} on a token stream: random contiguous windows, AdamW, warm-up then cosine or
 * inverse-sqrt decay, global-norm clipping, NaN/Inf detection, periodic atomic checkpoints with resume, and
 * progress (loss, tokens/s, ETA).
 *
 * <p>The windows of step s come from {@code Random(seed, s)} alone, so a resumed run sees exactly the batches the
 * uninterrupted run would have seen.
 */
public final class LmTrainer {

    /**
     * COSINE and INVERSE_SQRT as the quick tier was measured (warm-up from step + 1); FAIRSEQ_INVERSE_SQRT is fairseq's
     * inverse_sqrt from --warmup-init-lr 1e-7 (the TransNormer ALM script), see {@link Schedules#fairseqInverseSqrt}.
     */
    public enum Schedule { COSINE, INVERSE_SQRT, FAIRSEQ_INVERSE_SQRT }

    /** fairseq's --warmup-init-lr in the TransNormer ALM recipe. */
    public static final double FAIRSEQ_WARMUP_INIT = 1e-7;

    /**
     * @param batch      windows per optimiser step
     * @param checkpoint file to resume from and save to every {@code checkpointEvery} steps, or null for none
     * @param accumulate micro-batches per step (fairseq's update_freq): the step's {@code batch} windows are run in
     *                   {@code accumulate} equal slices whose gradients add up before the update, so the update is
     *                   that of the whole batch while only batch/accumulate windows are in memory at once
     */
    public record Settings(int steps, int batch, int length, double lr, int warmup, Schedule schedule, double clip,
            double weightDecay, double beta1, double beta2, long seed, Path checkpoint, int checkpointEvery,
            String configHash, int accumulate) {
        public Settings {
            if (steps < 1 || batch < 1 || length < 1) {
                throw new LinreproException("LM training needs steps, batch and length ≥ 1");
            }
            if (!(lr > 0) || warmup < 0) {
                throw new LinreproException("LM training needs lr > 0 and warmup ≥ 0");
            }
            if (accumulate < 1 || batch % accumulate != 0) {
                throw new LinreproException("LM training: accumulate (micro-batches per step) must be ≥ 1 and divide "
                        + "the batch " + batch + ", got " + accumulate);
            }
        }

        /** Without gradient accumulation (one micro-batch per step). */
        public Settings(int steps, int batch, int length, double lr, int warmup, Schedule schedule, double clip,
                double weightDecay, double beta1, double beta2, long seed, Path checkpoint, int checkpointEvery,
                String configHash) {
            this(steps, batch, length, lr, warmup, schedule, clip, weightDecay, beta1, beta2, seed, checkpoint,
                    checkpointEvery, configHash, 1);
        }

        public Settings withAccumulation(int microBatches) {
            return new Settings(steps, batch, length, lr, warmup, schedule, clip, weightDecay, beta1, beta2, seed,
                    checkpoint, checkpointEvery, configHash, microBatches);
        }

        public static Settings quick(int steps, int batch, int length, double lr, long seed) {
            return new Settings(steps, batch, length, lr, Math.max(1, steps / 10), Schedule.COSINE, 1.0, 0.01, 0.9,
                    0.98, seed, null, 0, "");
        }

        public Settings withCheckpoint(Path file, int every, String hash) {
            return new Settings(steps, batch, length, lr, warmup, schedule, clip, weightDecay, beta1, beta2, seed,
                    file, every, hash, accumulate);
        }

        double lrAt(int step) {
            return switch (schedule) {
                case COSINE -> Schedules.warmupCosine(step, steps, Math.max(1, warmup), lr, 0.1);
                case INVERSE_SQRT -> Schedules.inverseSqrt(step, Math.max(1, warmup), lr);
                case FAIRSEQ_INVERSE_SQRT -> Schedules.fairseqInverseSqrt(Math.max(1, warmup), lr, FAIRSEQ_WARMUP_INIT)
                        .at(step);
            };
        }
    }

    /** Training curve: (step, tokens seen, seconds, smoothed loss) at each logged step. */
    public record Log(List<double[]> points, double finalLoss, double tokensPerSecond, int resumedAt) {}

    private LmTrainer() {}

    /** Trains in place; the model must be initialised. */
    public static Log train(LanguageModel model, int[] tokens, Settings s, Progress progress) {
        return train(model, tokens, s, progress, s.steps());
    }

    /**
     * As {@link #train(LanguageModel, int[], Settings, Progress)} but stops after step {@code stopAt} (≤ steps) with
     * the schedule of the full run: an interrupted run, resumable from its checkpoint.
     */
    public static Log train(LanguageModel model, int[] tokens, Settings s, Progress progress, int stopAt) {
        if (tokens.length < s.length() + 2) {
            throw new LinreproException("training stream has " + tokens.length + " tokens; need more than the window "
                    + s.length());
        }
        if (s.length() > model.config().maxLength()) {
            throw new LinreproException("training length " + s.length() + " is longer than the model's maximum "
                    + model.config().maxLength());
        }
        List<NDArray> params = model.parameterArrays();
        NDManager manager = params.get(0).getManager();
        Adam opt = Adam.forLanguageModel(params, s.beta1(), s.beta2(), 1e-8, s.weightDecay());
        int start = 0;
        if (s.checkpoint() != null && LmCheckpoint.load(s.checkpoint(), s.configHash(), model.parameterNames(), params, opt)) {
            start = opt.steps();
        }
        List<double[]> points = new ArrayList<>();
        double smoothed = Double.NaN;
        double last = Double.NaN;
        long t0 = System.nanoTime();
        long tokensPerStep = (long) s.batch() * s.length();
        int logEvery = progress.every(Math.max(1, s.steps() / 50));
        progress.trainingStarts("train " + model.config().mixer(), params.stream().mapToLong(p -> p.getShape().size())
                .sum(), tokensPerStep, s.steps());
        for (int step = start; step < Math.min(stopAt, s.steps()); step++) {
            int[][][] b = batch(tokens, s, step);
            double lossValue = 0;
            int micro = s.batch() / s.accumulate();
            for (int k = 0; k < s.accumulate(); k++) {
                try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    NDArray in = sm.create(java.util.Arrays.copyOfRange(b[0], k * micro, (k + 1) * micro));
                    NDArray tg = sm.create(java.util.Arrays.copyOfRange(b[1], k * micro, (k + 1) * micro));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = model.loss(new ParameterStore(sm, false), in, tg, true);
                        // the mean over equal slices: each slice's mean loss weighs 1/k; DJL adds the gradients up
                        gc.backward(s.accumulate() == 1 ? loss : Tensors.div(loss, s.accumulate()));
                        lossValue += loss.getFloat() / s.accumulate();
                    }
                }
            }
            TrainingDivergedException.check("training loss", step, lossValue);
            try (NDScope scope = new NDScope()) { // the optimiser's temporaries
                scope.suppressNotUsedWarning();
                TrainingDivergedException.check("gradient norm", step, opt.clipGradients(s.clip()));
                opt.step(s.lrAt(step));
            }
            last = lossValue;
            smoothed = Double.isNaN(smoothed) ? lossValue : 0.95 * smoothed + 0.05 * lossValue;
            boolean ckpt = s.checkpoint() != null && s.checkpointEvery() > 0 && (step + 1) % s.checkpointEvery() == 0;
            if (ckpt) {
                LmCheckpoint.save(s.checkpoint(), s.configHash(), model.parameterNames(), params, opt);
            }
            if (step % logEvery == 0 || step == s.steps() - 1) {
                double secs = (System.nanoTime() - t0) / 1e9;
                int done = step + 1 - start;
                double tps = done * tokensPerStep / Math.max(secs, 1e-9);
                points.add(new double[] {step + 1, (double) (step + 1) * tokensPerStep, secs, smoothed});
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", smoothed);
                metrics.put("tokens/s", tps);
                metrics.put("eta s", (s.steps() - step - 1) * secs / done);
                progress.update("train " + model.config().mixer(), step + 1, s.steps(), metrics);
            }
        }
        for (NDArray p : params) {
            p.setRequiresGradient(false);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double tps = (Math.min(stopAt, s.steps()) - start) * (double) tokensPerStep / Math.max(secs, 1e-9);
        return new Log(points, last, tps, start);
    }

    /** [inputs, targets] of shape [batch][length] for a step: windows at offsets drawn from Random(seed, step). */
    static int[][][] batch(int[] tokens, Settings s, int step) {
        Random r = new Random(s.seed() * 1_000_003L + step);
        int[][] in = new int[s.batch()][s.length()];
        int[][] tg = new int[s.batch()][s.length()];
        int range = tokens.length - s.length() - 1;
        for (int b = 0; b < s.batch(); b++) {
            int o = r.nextInt(range + 1);
            System.arraycopy(tokens, o, in[b], 0, s.length());
            System.arraycopy(tokens, o + 1, tg[b], 0, s.length());
        }
        return new int[][][] {in, tg};
    }

}
