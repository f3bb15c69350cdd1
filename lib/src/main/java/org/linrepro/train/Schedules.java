package org.linrepro.train;

/** Learning-rate schedules as pure functions of the step. */
public final class Schedules {
    private Schedules() {}

    /** Linear warm-up over {@code warmup} steps, then cosine decay to {@code floor·peak} at {@code total}. */
    public static double warmupCosine(int step, int total, int warmup, double peak, double floor) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
        return peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** Linear warm-up then inverse square root decay (the fairseq schedule). */
    public static double inverseSqrt(int step, int warmup, double peak) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        return peak * Math.sqrt((double) warmup / (step + 1));
    }
}
