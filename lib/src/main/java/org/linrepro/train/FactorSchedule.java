package org.linrepro.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.linrepro.util.LinreproException;

/**
 * The Long Range Arena schedule language (2011.04006, {@code lra_benchmarks/utils/train_utils.py}
 * {@code create_learning_rate_scheduler}): a product of named factors such as
 * {@code "constant * linear_warmup * rsqrt_decay"}, each read with that code's meaning. Computed in double precision
 * (the official code evaluates in float32).
 *
 * <ul>
 *   <li>{@code constant}: × base
 *   <li>{@code linear_warmup}: × min(1, step / warmup)
 *   <li>{@code rsqrt_decay}: ÷ √max(step, warmup) (so the peak of constant·linear_warmup·rsqrt_decay is base/√warmup)
 *   <li>{@code rsqrt_normalized_decay}: × √warmup ÷ √max(step, warmup)
 *   <li>{@code decay_every}: × decayFactor^⌊step / stepsPerDecay⌋
 *   <li>{@code cosine_decay}: × max(0, ½(1 + cos(π · (p mod 1)))), p = max(0, (step − warmup) / stepsPerCycle)
 * </ul>
 */
public final class FactorSchedule implements Schedule {
    /** The factor names the official code knows. */
    public static final List<String> FACTORS = List.of("constant", "linear_warmup", "rsqrt_decay",
            "rsqrt_normalized_decay", "decay_every", "cosine_decay");

    private final List<String> factors;
    private final double base;
    private final int warmup;
    private final int stepsPerCycle;
    private final double decayFactor;
    private final int stepsPerDecay;

    /**
     * @param stepsPerCycle cosine_decay's cycle (0 when the string has no cosine_decay)
     * @param decayFactor   decay_every's factor (the official default is 0.5)
     * @param stepsPerDecay decay_every's period (the official default is 20000)
     */
    public FactorSchedule(String factors, double base, int warmup, int stepsPerCycle, double decayFactor,
            int stepsPerDecay) {
        this.factors = parse(factors);
        this.base = base;
        this.warmup = warmup;
        this.stepsPerCycle = stepsPerCycle;
        this.decayFactor = decayFactor;
        this.stepsPerDecay = stepsPerDecay;
        if (this.factors.contains("linear_warmup") || this.factors.contains("rsqrt_decay")
                || this.factors.contains("rsqrt_normalized_decay")) {
            require(warmup >= 1, "needs warmup ≥ 1, got " + warmup);
        }
        if (this.factors.contains("cosine_decay")) {
            require(stepsPerCycle >= 1, "cosine_decay needs stepsPerCycle ≥ 1, got " + stepsPerCycle);
        }
        if (this.factors.contains("decay_every")) {
            require(stepsPerDecay >= 1, "decay_every needs stepsPerDecay ≥ 1, got " + stepsPerDecay);
        }
    }

    /** Without decay_every's parameters (the official defaults 0.5 and 20000). */
    public FactorSchedule(String factors, double base, int warmup, int stepsPerCycle) {
        this(factors, base, warmup, stepsPerCycle, 0.5, 20000);
    }

    public List<String> factors() {
        return factors;
    }

    @Override
    public double at(int step) {
        double ret = 1.0;
        for (String name : factors) {
            switch (name) {
                case "constant" -> ret *= base;
                case "linear_warmup" -> ret *= Math.min(1.0, (double) step / warmup);
                case "rsqrt_decay" -> ret /= Math.sqrt(Math.max(step, warmup));
                case "rsqrt_normalized_decay" -> ret *= Math.sqrt(warmup) / Math.sqrt(Math.max(step, warmup));
                case "decay_every" -> ret *= Math.pow(decayFactor, step / stepsPerDecay);
                case "cosine_decay" -> {
                    double progress = Math.max(0.0, (step - warmup) / (double) stepsPerCycle);
                    ret *= Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * (progress % 1.0))));
                }
                default -> throw new IllegalStateException(name); // parse() admits known names only
            }
        }
        return ret;
    }

    private static List<String> parse(String s) {
        require(s != null && !s.isBlank(), "factor string is empty");
        List<String> out = new ArrayList<>();
        for (String part : s.split("\\*")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            require(FACTORS.contains(name), "unknown factor '" + part.trim() + "' in \"" + s + "\"; known: "
                    + String.join(", ", FACTORS));
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new LinreproException("learning-rate factors: " + message);
        }
    }

    @Override
    public String toString() {
        return "factors(" + String.join(" * ", factors) + ", base " + base + ", warmup " + warmup
                + (factors.contains("cosine_decay") ? ", stepsPerCycle " + stepsPerCycle : "")
                + (factors.contains("decay_every") ? ", decayFactor " + decayFactor + ", stepsPerDecay " + stepsPerDecay
                        : "") + ")";
    }
}
