package org.linrepro.claim;

/**
 * What the paper reports. Either a number ({@code value}) or, when the paper states a formula rather than a
 * number, a {@link ReferenceCall}: a registered reference function with its arguments, which
 * {@link ClaimRunner} evaluates (apart from the experiment) to get the number the measurement is checked against.
 * {@code text} is the human-readable form for tables, made from the value or from the call itself.
 */
public record Reported(Double value, ReferenceCall reference, String unit) {

    public boolean hasValue() {
        return value != null;
    }

    public String text() {
        String u = unit == null || unit.isBlank() ? "" : " " + unit;
        if (value != null) {
            return Numbers.format(value) + u;
        }
        return reference.text() + u;
    }
}
