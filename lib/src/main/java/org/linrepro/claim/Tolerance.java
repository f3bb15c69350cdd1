package org.linrepro.claim;

import java.util.Locale;

/**
 * How far a measurement may sit from the reported value, with the reason it may. Every tolerance carries its
 * justification ({@code why}): a measured seed spread, the paper's std, a Monte-Carlo standard error or a
 * stated reason. Tolerances are never tuned to make a claim pass.
 *
 * <ul>
 *   <li>{@code ABSOLUTE}: |measured − reported| ≤ value</li>
 *   <li>{@code RELATIVE}: |measured − reported| ≤ value · |reported|</li>
 *   <li>{@code STANDARD_ERRORS}: |measured − reported| ≤ value · (standard error of the measurement)</li>
 *   <li>{@code MARGIN} (ordering): measured − reported ≥ value when {@code above}, reported − measured ≥ value when
 *       below</li>
 *   <li>{@code SLOPE_RANGE}: min ≤ measured ≤ max (a log-log slope)</li>
 * </ul>
 */
public record Tolerance(Type type, double value, double min, double max, boolean above, String why) {

    public enum Type { ABSOLUTE, RELATIVE, STANDARD_ERRORS, MARGIN, SLOPE_RANGE }

    public static Tolerance absolute(double v, String why) {
        return new Tolerance(Type.ABSOLUTE, v, Double.NaN, Double.NaN, true, why);
    }

    public static Tolerance relative(double v, String why) {
        return new Tolerance(Type.RELATIVE, v, Double.NaN, Double.NaN, true, why);
    }

    public static Tolerance standardErrors(double k, String why) {
        return new Tolerance(Type.STANDARD_ERRORS, k, Double.NaN, Double.NaN, true, why);
    }

    public static Tolerance margin(double v, boolean above, String why) {
        return new Tolerance(Type.MARGIN, v, Double.NaN, Double.NaN, above, why);
    }

    public static Tolerance slopeRange(double min, double max, String why) {
        return new Tolerance(Type.SLOPE_RANGE, Double.NaN, min, max, true, why);
    }

    /** Whether the check needs a reference (reported or computed) value. */
    public boolean needsReference() {
        return type != Type.SLOPE_RANGE;
    }

    /** Short human form, e.g. "±1e-12", "±5 %", "±3 s.e.", "≥ ref + 0.1", "slope in [0.8, 1.2]". */
    public String text() {
        return switch (type) {
            case ABSOLUTE -> "±" + Numbers.format(value);
            case RELATIVE -> "±" + Numbers.format(value * 100) + " %";
            case STANDARD_ERRORS -> "±" + Numbers.format(value) + " s.e.";
            case MARGIN -> (above ? "≥ ref + " : "≤ ref − ") + Numbers.format(value);
            case SLOPE_RANGE -> "slope in [" + Numbers.format(min) + ", " + Numbers.format(max) + "]";
        };
    }

    /** The outcome of one check: pass/fail, and the margin (positive = inside the tolerance by that much). */
    public record Check(boolean passed, double margin, String explanation) {}

    public Check check(double measured, Double reference, Double standardError) {
        if (Double.isNaN(measured) || Double.isInfinite(measured)) {
            return new Check(false, Double.NEGATIVE_INFINITY, "measured value is " + Numbers.format(measured));
        }
        if (needsReference() && reference == null) {
            throw new IllegalStateException("tolerance " + text() + " needs a reference value");
        }
        switch (type) {
            case ABSOLUTE, RELATIVE, STANDARD_ERRORS -> {
                double allowed = switch (type) {
                    case ABSOLUTE -> value;
                    case RELATIVE -> value * Math.abs(reference);
                    default -> {
                        if (standardError == null || !(standardError > 0)) {
                            throw new IllegalStateException("tolerance " + text()
                                    + " needs the measurement's standard error, which the experiment did not report");
                        }
                        yield value * standardError;
                    }
                };
                double diff = Math.abs(measured - reference);
                return new Check(diff <= allowed, allowed - diff, String.format(Locale.ROOT,
                        "|%s − %s| = %s, allowed %s", Numbers.format(measured), Numbers.format(reference),
                        Numbers.format(diff), Numbers.format(allowed)));
            }
            case MARGIN -> {
                double gap = above ? measured - reference : reference - measured;
                return new Check(gap >= value, gap - value, String.format(Locale.ROOT,
                        "%s %s %s by %s, required %s", Numbers.format(measured), above ? "exceeds" : "is below",
                        Numbers.format(reference), Numbers.format(gap), Numbers.format(value)));
            }
            case SLOPE_RANGE -> {
                boolean ok = measured >= min && measured <= max;
                return new Check(ok, Math.min(measured - min, max - measured), String.format(Locale.ROOT,
                        "slope %s, allowed [%s, %s]", Numbers.format(measured), Numbers.format(min),
                        Numbers.format(max)));
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }
}
