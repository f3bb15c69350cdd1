package org.linrepro.train;

import java.nio.file.Path;
import org.linrepro.util.LinreproException;

/**
 * Everything a {@link TrainingLoop} run is set by, apart from its {@link Objective}.
 *
 * @param phase           the name progress lines, divergence messages and checkpoints carry
 * @param steps           optimiser updates
 * @param microBatches    equal parts each step's batch is run in, gradients adding up before the update (fairseq's
 *                        update_freq): the update is the whole batch's while only one part is in memory
 * @param optimiser       Adam/AdamW and its variant
 * @param schedule        the learning rate of each update
 * @param clipNorm        global gradient-norm clip; 0 = none (the norm is still computed and checked for NaN/Inf)
 * @param evalEvery       evaluate the objective every this many steps and after the last; 0 = never
 * @param keepBest        end with the best-evaluated weights instead of the last ones
 * @param checkpoint      file to resume from and save to, or null for none
 * @param checkpointEvery save every this many steps (and after the last step run); 0 = only after the last
 * @param checkpointKey   what a checkpoint must have been written with to be resumed (the settings and config that
 *                        decide the run; the loop adds the parameter shapes)
 * @param dropoutSeed     when not null, the engine is reseeded with {@code dropoutSeed · 1000003 + step} before each
 *                        step's loss, so dropout masks depend on (seed, step) alone and a resumed run draws the same
 * @param progressEvery   steps between progress lines (a plan's pilot asks for every step through
 *                        {@link org.linrepro.run.Progress#every})
 */
public record TrainingSettings(String phase, int steps, int microBatches, AdamSettings optimiser, Schedule schedule,
        double clipNorm, int evalEvery, boolean keepBest, Path checkpoint, int checkpointEvery, String checkpointKey,
        Long dropoutSeed, int progressEvery) {

    public TrainingSettings {
        if (steps < 1 || microBatches < 1 || !(clipNorm >= 0) || evalEvery < 0 || checkpointEvery < 0
                || progressEvery < 1 || optimiser == null || schedule == null) {
            throw new LinreproException(phase + ": training needs steps ≥ 1, micro-batches ≥ 1, clip norm ≥ 0, "
                    + "evalEvery ≥ 0, checkpointEvery ≥ 0, progressEvery ≥ 1, an optimiser and a schedule; got steps "
                    + steps + ", micro-batches " + microBatches + ", clip " + clipNorm + ", evalEvery " + evalEvery
                    + ", checkpointEvery " + checkpointEvery + ", progressEvery " + progressEvery);
        }
        if (keepBest && evalEvery == 0) {
            throw new LinreproException(phase + ": keeping the best weights needs an evaluation cadence (evalEvery)");
        }
    }

    /** One micro-batch, no clipping, evaluation or checkpoints; progress every 10 steps. */
    public static TrainingSettings of(String phase, int steps, AdamSettings optimiser, Schedule schedule) {
        return new TrainingSettings(phase, steps, 1, optimiser, schedule, 0, 0, false, null, 0, "", null, 10);
    }

    public TrainingSettings withMicroBatches(int n) {
        return new TrainingSettings(phase, steps, n, optimiser, schedule, clipNorm, evalEvery, keepBest, checkpoint,
                checkpointEvery, checkpointKey, dropoutSeed, progressEvery);
    }

    public TrainingSettings withClipNorm(double norm) {
        return new TrainingSettings(phase, steps, microBatches, optimiser, schedule, norm, evalEvery, keepBest,
                checkpoint, checkpointEvery, checkpointKey, dropoutSeed, progressEvery);
    }

    public TrainingSettings withEvaluation(int every, boolean best) {
        return new TrainingSettings(phase, steps, microBatches, optimiser, schedule, clipNorm, every, best, checkpoint,
                checkpointEvery, checkpointKey, dropoutSeed, progressEvery);
    }

    public TrainingSettings withCheckpoint(Path file, int every, String key) {
        return new TrainingSettings(phase, steps, microBatches, optimiser, schedule, clipNorm, evalEvery, keepBest,
                file, every, key, dropoutSeed, progressEvery);
    }

    public TrainingSettings withDropoutSeed(long seed) {
        return new TrainingSettings(phase, steps, microBatches, optimiser, schedule, clipNorm, evalEvery, keepBest,
                checkpoint, checkpointEvery, checkpointKey, seed, progressEvery);
    }

    public TrainingSettings withProgressEvery(int every) {
        return new TrainingSettings(phase, steps, microBatches, optimiser, schedule, clipNorm, evalEvery, keepBest,
                checkpoint, checkpointEvery, checkpointKey, dropoutSeed, every);
    }
}
