package org.linrepro.plan;

import ai.djl.Device;
import java.util.Map;
import org.linrepro.run.Progress;

/**
 * The progress sink of a plan's pilot: asks trainers to report every step, times the first training run an experiment
 * announces ({@link Progress#trainingStarts}) over a few steps, then stops the experiment by throwing {@link PilotStop}.
 * Experiments stay unaware of pilots: the full model and data pipeline run as in a real run, only cut short.
 *
 * <p>The first step is left out of the timing (allocation and one-time set-up), and seconds per step are the median
 * over the timed steps (one slow step on a shared machine does not set the estimate); with {@code steps} = 0 the pilot stops
 * at the announcement, before any step ("--no-pilot": counts only). Work that announces no training run (benchmarks)
 * is stopped once {@code budgetSeconds} have passed and extrapolated linearly from its step counter.
 */
public final class Pilot implements Progress {
    private final int steps;
    private final double budgetSeconds;
    private final Progress shown;
    private final Device device;
    private final java.util.function.LongSupplier clock;
    private final long t0;

    private String phase;
    private long parameters = -1;
    private long tokensPerStep = -1;
    private long totalSteps = -1;
    private double announcedAt = Double.NaN;
    private long firstStep = -1;
    private double firstStepAt = Double.NaN;
    private long lastStep = -1;
    private double lastStepAt = Double.NaN;
    private final java.util.List<Double> stepSeconds = new java.util.ArrayList<>();
    private String otherPhase;
    private long otherStep;
    private long otherTotal;
    private long gpuPeak = -1;

    /**
     * @param steps         steps to time after the first one (0: stop before the first step)
     * @param budgetSeconds wall time after which any phase is stopped at its next update
     * @param shown         where updates are also shown (a console line), or {@link Progress#NONE}
     */
    public Pilot(int steps, double budgetSeconds, Device device, Progress shown) {
        this(steps, budgetSeconds, device, shown, System::nanoTime);
    }

    /** With a clock in nanoseconds (tests). */
    Pilot(int steps, double budgetSeconds, Device device, Progress shown, java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.t0 = clock.getAsLong();
        this.steps = steps;
        this.budgetSeconds = budgetSeconds;
        this.shown = shown;
        this.device = device;
    }

    @Override
    public int every(int usualInterval) {
        return 1;
    }

    @Override
    public void trainingStarts(String phase, long parameters, long tokensPerStep, long steps) {
        sampleGpu();
        if (this.phase != null) {
            return; // a later run of the same experiment: only the first is timed
        }
        this.phase = phase;
        this.parameters = parameters;
        this.tokensPerStep = tokensPerStep;
        this.totalSteps = steps;
        this.announcedAt = now();
        if (this.steps <= 0) {
            throw new PilotStop();
        }
    }

    @Override
    public void update(String phase, long step, long total, Map<String, Double> metrics) {
        shown.update("pilot: " + phase, step, total, metrics);
        sampleGpu();
        double t = now();
        if (phase.equals(this.phase)) {
            if (firstStep < 0) {
                firstStep = step;
                firstStepAt = t;
            } else {
                long prevStep = lastStep >= 0 ? lastStep : firstStep;
                double prevAt = lastStep >= 0 ? lastStepAt : firstStepAt;
                if (step > prevStep) {
                    stepSeconds.add((t - prevAt) / (step - prevStep));
                }
                lastStep = step;
                lastStepAt = t;
            }
            if (lastStep >= 0 && lastStep - firstStep >= steps) {
                throw new PilotStop();
            }
        } else if (this.phase == null) {
            otherPhase = phase;
            otherStep = step;
            otherTotal = total;
        }
        if (t > budgetSeconds && (this.phase == null ? otherStep > 0 : firstStep >= 0)) {
            throw new PilotStop();
        }
    }

    @Override
    public void done() {
        shown.done();
    }

    private double now() {
        return (clock.getAsLong() - t0) / 1e9;
    }

    private void sampleGpu() {
        if ("gpu".equals(device.getDeviceType())) {
            gpuPeak = Math.max(gpuPeak, PeakMemory.gpuUsed(device));
        }
    }

    /**
     * What the pilot saw. Seconds per step come from the steps after the first; when only the first step ran within
     * the budget, from that one (set-up included, so an over-estimate), flagged in {@link Timing#note()}.
     */
    public Timing timing() {
        double end = now();
        if (phase != null) {
            double perStep;
            String note;
            if (lastStep > firstStep) {
                perStep = median(stepSeconds); // a busy machine's outlier step does not set the estimate
                note = "timed " + (lastStep - firstStep) + " step(s) after the first";
            } else if (firstStep > 0) {
                perStep = (firstStepAt - announcedAt) / firstStep;
                note = "only the first step ran within the budget (its time includes set-up)";
            } else {
                perStep = Double.NaN;
                note = steps <= 0 ? "counts only (no step run)" : "no step finished";
            }
            return new Timing(phase, parameters, tokensPerStep, totalSteps, perStep, announcedAt, end, note, false);
        }
        if (otherStep > 0) {
            double perStep = end / otherStep;
            return new Timing(otherPhase, -1, -1, otherTotal, perStep, 0, end,
                    "no training run announced; " + otherPhase + " extrapolated from " + otherStep + "/" + otherTotal,
                    true);
        }
        return new Timing(null, -1, -1, -1, Double.NaN, end, end, "ran to completion without training steps", false);
    }

    private static double median(java.util.List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** GPU memory in use at its highest sample (bytes), or -1 off the GPU. */
    public long gpuPeakBytes() {
        return gpuPeak;
    }

    /**
     * @param setupSeconds  from the start of the experiment to the training announcement (data, model)
     * @param wallSeconds   the pilot's whole run
     * @param extrapolated  true when seconds per step come from a phase other than training
     */
    public record Timing(String phase, long parameters, long tokensPerStep, long totalSteps, double secondsPerStep,
            double setupSeconds, double wallSeconds, String note, boolean extrapolated) {}
}
