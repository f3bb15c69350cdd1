package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a {@link TrainingLoop} optimises: where each step's batch comes from, the loss of (a micro-batch of) a batch,
 * and optionally a score of the model at the evaluation cadence. The model and its parameters belong to the
 * objective's creator; the loop owns the step, the optimiser, the schedule, clipping, divergence checks, progress and
 * checkpoints.
 *
 * @param <B> what one step's batch is (a list of examples, token windows, sampled prompts)
 */
public interface Objective<B> {

    /**
     * The batch of update {@code step}, made in {@code manager} (closed after the step). The loop asks for the batches
     * of all steps in order, from step 0, so an objective may draw them from one stream (an epoch permutation, the
     * engine's random generator).
     */
    B batch(NDManager manager, int step);

    /**
     * Advances past the batch of {@code step} when a resumed run skips that step: by default it draws the batch and
     * drops it, so a stream of draws is at the position the uninterrupted run had. An objective whose batches depend
     * on the step alone overrides this to do nothing.
     */
    default void skip(NDManager manager, int step) {
        batch(manager, step);
    }

    /** Tokens (or examples, for models without tokens) in a batch: progress, throughput, a plan's pilot. */
    long tokens(B batch);

    /**
     * The mean loss of micro-batch {@code index} of {@code count} equal parts of the batch, in training mode, inside
     * the loop's gradient collector ({@code count} is 1 without gradient accumulation).
     */
    NDArray loss(NDManager manager, B batch, int index, int count);

    /** A score of the model as it is now, higher is better (validation accuracy); asked at the evaluation cadence. */
    default double evaluate(NDManager manager) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no evaluation; set evalEvery 0");
    }

    /** What {@link #evaluate} scores, for progress lines. */
    default String scoreName() {
        return "score";
    }

    /** Called after each optimiser step, outside the gradient collector (a curve over training, say). */
    default void afterStep(int stepsDone) {}
}
