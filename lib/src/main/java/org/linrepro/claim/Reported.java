package org.linrepro.claim;

/**
 * What the paper reports. Either a number ({@code value}) or, when the paper states a formula rather than a
 * number, the {@code expression} the experiment evaluates for the claim's config (its result is then the
 * reference the measurement is checked against). {@code text} is the human-readable form for tables.
 */
public record Reported(Double value, String expression, String unit) {

    public boolean hasValue() {
        return value != null;
    }

    public String text() {
        String u = unit == null || unit.isBlank() ? "" : " " + unit;
        if (value != null) {
            return Numbers.format(value) + u;
        }
        return expression + u;
    }
}
