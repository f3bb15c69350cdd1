package org.linrepro.train;

import org.linrepro.util.LinreproException;

/**
 * Learning-rate schedules as pure functions of the step. The static {@code double} methods are the schedules the
 * quick-tier claims were measured with (their warm-up counts from step + 1); the {@link Schedule} factories are the
 * official ones the papers' code uses, each with that code's step convention (the first update at step 0). The LRA
 * factor strings are {@link FactorSchedule}.
 */
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

    /** Linear warm-up then inverse square root decay (the fairseq schedule, warm-up counted from step + 1). */
    public static double inverseSqrt(int step, int warmup, double peak) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        return peak * Math.sqrt((double) warmup / (step + 1));
    }

    /** {@link #warmupCosine} as a {@link Schedule} (what {@link ClassifierTrainer} runs unless told otherwise). */
    public static Schedule legacyWarmupCosine(int total, int warmup, double peak, double floor) {
        return new Named("warmupCosine(total " + total + ", warmup " + warmup + ", peak " + peak + ", floor " + floor
                + ")", s -> warmupCosine(s, total, warmup, peak, floor));
    }

    /** The same rate at every step. */
    public static Schedule constant(double lr) {
        return new Named("constant(" + lr + ")", s -> lr);
    }

    /**
     * Hugging Face {@code get_linear_schedule_with_warmup} (the LoRA NLU scripts' default {@code lr_scheduler_type
     * linear}): peak·s/w while s &lt; w, then peak·max(0, (T − s)/(T − w)).
     */
    public static Schedule linearWarmupLinearDecay(int total, int warmup, double peak) {
        check(total >= 1 && warmup >= 0 && warmup <= total, "linear warm-up + decay needs 0 ≤ warmup ≤ total, total ≥ 1");
        return new Named("linearWarmupLinearDecay(total " + total + ", warmup " + warmup + ", peak " + peak + ")", s -> {
            if (s < warmup) {
                return peak * s / Math.max(1, warmup);
            }
            return peak * Math.max(0.0, (double) (total - s) / Math.max(1, total - warmup));
        });
    }

    /**
     * Hugging Face {@code get_cosine_schedule_with_warmup} (half a cycle; the S4 repository's {@code cosine_warmup})
     * with an optional floor: peak·s/w while s &lt; w, then peak·(floor + (1 − floor)·max(0, ½(1 + cos(π·p)))),
     * p = (s − w)/(T − w). Past T the Hugging Face curve rises again (cos beyond π); so does this one.
     */
    public static Schedule cosineWithWarmup(int total, int warmup, double peak, double floor) {
        check(total >= 1 && warmup >= 0 && warmup <= total, "cosine needs 0 ≤ warmup ≤ total, total ≥ 1");
        check(floor >= 0 && floor <= 1, "cosine floor must be in [0, 1]");
        return new Named("cosineWithWarmup(total " + total + ", warmup " + warmup + ", peak " + peak + ", floor " + floor
                + ")", s -> {
                    if (s < warmup) {
                        return peak * s / Math.max(1, warmup);
                    }
                    double p = (double) (s - warmup) / Math.max(1, total - warmup);
                    return peak * (floor + (1 - floor) * Math.max(0.0, 0.5 * (1 + Math.cos(Math.PI * p))));
                });
    }

    /**
     * fairseq {@code inverse_sqrt}: linear from {@code init} to {@code peak} over {@code warmup} updates, then
     * peak·√(warmup / s).
     */
    public static Schedule fairseqInverseSqrt(int warmup, double peak, double init) {
        check(warmup >= 1, "inverse square root needs warmup ≥ 1");
        return new Named("fairseqInverseSqrt(warmup " + warmup + ", peak " + peak + ", init " + init + ")", s -> {
            if (s < warmup) {
                return init + (peak - init) * s / warmup;
            }
            return peak * Math.sqrt((double) warmup / s);
        });
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new LinreproException("schedule: " + message);
        }
    }

    /** A schedule with a readable name (checkpoints compare settings by their text). */
    private record Named(String name, Schedule f) implements Schedule {
        @Override
        public double at(int step) {
            return f.at(step);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
