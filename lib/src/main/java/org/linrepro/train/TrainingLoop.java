package org.linrepro.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.nn.ops.NoGrad;
import org.linrepro.nn.ops.Tensors;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;

/**
 * The one training loop. Each step: the objective's batch; its micro-batches' losses, each backpropagated (gradients
 * add up); a NaN/Inf check of the loss; global-norm clipping and a NaN/Inf check of the norm; the optimiser's update
 * at the schedule's rate; then the objective's after-step hook, evaluation and checkpoint at their cadence, and
 * progress. Every experiment that trains runs this loop with its own {@link Objective} and {@link TrainingSettings}.
 *
 * <p>Exact resume: with a checkpoint file set, a run resumes from it and ends with exactly the parameters, losses and
 * evaluations of an uninterrupted run (same thread count): weights, moments and the record so far come from the
 * checkpoint, the data position is replayed ({@link Objective#skip}) and dropout is reseeded per step
 * ({@link TrainingSettings#dropoutSeed}). A checkpoint of another run (key or parameter shapes) is refused.
 */
public final class TrainingLoop {

    /**
     * @param resumedAt   the step the run started from (0, or the checkpoint's)
     * @param losses      the loss of every update made so far (the checkpoint's included), indexed by step
     * @param lastLoss    the loss of the last update (NaN when none)
     * @param smoothed    the exponentially smoothed loss (factor 0.95) after the last update
     * @param tokens      tokens seen over the run (the checkpoint's included)
     * @param evaluations (step, smoothed loss, score) at each evaluation
     * @param bestScore   best score and its step (−∞ and −1 without evaluation)
     * @param log         (step, tokens seen, seconds, smoothed loss) at each progress line of this process
     * @param tokensPerSecond throughput of this process's steps
     */
    public record Result(int resumedAt, double[] losses, double lastLoss, double smoothed, long tokens,
            List<double[]> evaluations, double bestScore, int bestStep, List<double[]> log, double seconds,
            double tokensPerSecond) {}

    private TrainingLoop() {}

    /** Trains {@code params} (in place) to the objective for the settings' steps. */
    public static <B> Result run(NDManager manager, List<NDArray> params, Objective<B> objective, TrainingSettings s,
            Progress progress) {
        return run(manager, params, objective, s, progress, s.steps());
    }

    /**
     * As {@link #run(NDManager, List, Objective, TrainingSettings, Progress)} but stops after step {@code stopAt}
     * (≤ steps) with the schedule of the full run: an interrupted run, resumable from its checkpoint.
     */
    public static <B> Result run(NDManager manager, List<NDArray> params, Objective<B> objective, TrainingSettings s,
            Progress progress, int stopAt) {
        try (NoGrad off = NoGrad.enter()) { // updates happen in place, outside the collector, on any thread
            return new Run<>(manager, params, objective, s, progress).until(Math.min(stopAt, s.steps()));
        }
    }

    /** The state of one run; {@link #until} is the loop. */
    private static final class Run<B> {
        private final NDManager manager;
        private final List<NDArray> params;
        private final Objective<B> objective;
        private final TrainingSettings s;
        private final Progress progress;
        private final Adam adam;
        private final String key;
        private double[] losses;
        private double smoothed = Double.NaN;
        private double last = Double.NaN;
        private long tokens;
        private final List<double[]> evaluations = new ArrayList<>();
        private double bestScore = Double.NEGATIVE_INFINITY;
        private int bestStep = -1;
        private ParameterSnapshot best;
        private int start;

        Run(NDManager manager, List<NDArray> params, Objective<B> objective, TrainingSettings s, Progress progress) {
            this.manager = manager;
            this.params = params;
            this.objective = objective;
            this.s = s;
            this.progress = progress;
            this.adam = s.optimiser().create(params);
            this.losses = new double[s.steps()];
            this.key = checkpointKey();
            Checkpoint resumed = s.checkpoint() == null ? null : Checkpoint.load(s.checkpoint(), key);
            if (resumed != null) {
                if (resumed.step() > s.steps()) {
                    throw new LinreproException("checkpoint " + s.checkpoint() + " is at step " + resumed.step()
                            + ", past this run's " + s.steps() + " steps; delete it to start afresh");
                }
                resumed.weights().restore(params);
                adam.restore(resumed.optimizer());
                start = resumed.step();
                System.arraycopy(resumed.losses(), 0, losses, 0, start);
                smoothed = resumed.smoothedLoss();
                last = resumed.lastLoss();
                tokens = resumed.tokens();
                evaluations.addAll(resumed.evaluations());
                bestScore = resumed.bestScore();
                bestStep = resumed.bestStep();
                best = resumed.best();
            }
        }

        Result until(int end) {
            long t0 = System.nanoTime();
            long tokensHere = 0;
            List<double[]> log = new ArrayList<>();
            int every = progress.every(s.progressEvery());
            long parameters = params.stream().mapToLong(p -> p.getShape().size()).sum();
            for (int step = 0; step < end; step++) {
                double loss = 0;
                try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    if (step < start) {
                        objective.skip(sm, step); // resuming: replay the data position up to the saved step
                        continue;
                    }
                    B batch = objective.batch(sm, step);
                    long batchTokens = objective.tokens(batch);
                    if (step == start) {
                        progress.trainingStarts(s.phase(), parameters, batchTokens, s.steps());
                    }
                    tokensHere += batchTokens;
                    if (s.dropoutSeed() != null) {
                        Engine.getInstance().setRandomSeed((int) (s.dropoutSeed() * 1_000_003L + step));
                    }
                    int parts = s.microBatches();
                    for (int k = 0; k < parts; k++) {
                        try (NDScope microScope = new NDScope(); NDManager mm = sm.newSubManager()) {
                            microScope.suppressNotUsedWarning();
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray l = objective.loss(mm, batch, k, parts);
                                // the mean over equal parts: each part's mean loss weighs 1/parts; DJL adds gradients
                                gc.backward(parts == 1 ? l : Tensors.div(l, parts));
                                loss += l.getFloat() / parts;
                            }
                        }
                    }
                    TrainingDivergedException.check(s.phase() + " loss", step, loss);
                    TrainingDivergedException.check(s.phase() + " gradient norm", step,
                            adam.clipGradients(s.clipNorm()));
                    adam.step(s.schedule().at(step));
                }
                objective.afterStep(step + 1);
                losses[step] = loss;
                last = loss;
                smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
                boolean lastStep = step == s.steps() - 1;
                if (s.evalEvery() > 0 && ((step + 1) % s.evalEvery() == 0 || lastStep)) {
                    evaluate(step + 1);
                }
                boolean stopping = step == end - 1;
                if (s.checkpoint() != null && (stopping || lastStep
                        || s.checkpointEvery() > 0 && (step + 1) % s.checkpointEvery() == 0)) {
                    checkpoint(step + 1, tokens + tokensHere);
                }
                if (step % every == 0 || lastStep) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    log.add(new double[] {step + 1, tokens + tokensHere, secs, smoothed});
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("loss", smoothed);
                    if (bestStep >= 0) {
                        metrics.put("best " + objective.scoreName(), bestScore);
                    }
                    metrics.put("tokens/s", tokensHere / Math.max(secs, 1e-9));
                    metrics.put("eta s", (s.steps() - step - 1) * secs / (step + 1 - start));
                    progress.update(s.phase(), step + 1, s.steps(), metrics);
                }
            }
            tokens += tokensHere;
            double secs = (System.nanoTime() - t0) / 1e9;
            if (s.keepBest() && end == s.steps() && best != null) {
                best.restore(params);
            }
            return new Result(start, Arrays.copyOf(losses, Math.max(end, start)), last, smoothed, tokens, evaluations,
                    bestScore, bestStep, log, secs, tokensHere / Math.max(secs, 1e-9));
        }

        private void evaluate(int stepsDone) {
            double score = objective.evaluate(manager);
            evaluations.add(new double[] {stepsDone, smoothed, score});
            if (score > bestScore) {
                bestScore = score;
                bestStep = stepsDone;
                if (s.keepBest()) {
                    best = ParameterSnapshot.of(params, stepsDone, score);
                }
            }
        }

        private void checkpoint(int stepsDone, long tokensSoFar) {
            new Checkpoint(key, stepsDone, smoothed, last, tokensSoFar, Arrays.copyOf(losses, stepsDone), evaluations,
                    bestScore, bestStep, best, ParameterSnapshot.of(params, stepsDone), adam.state())
                    .save(s.checkpoint());
        }

        /** What a checkpoint must match to be resumed: the settings' key, the phase and the parameter shapes. */
        private String checkpointKey() {
            StringBuilder shapes = new StringBuilder();
            for (NDArray p : params) {
                shapes.append(' ').append(p.getShape());
            }
            return s.phase() + " " + s.checkpointKey() + " shapes#" + Integer.toHexString(shapes.toString().hashCode());
        }
    }
}
