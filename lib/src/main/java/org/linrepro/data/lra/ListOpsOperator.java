package org.linrepro.data.lra;

import java.util.Arrays;

/**
 * The four ListOps operators of the LRA generator ({@code lra_benchmarks/data/listops.py}: {@code OPERATORS =
 * [MIN, MAX, MED, SUM_MOD]}; FIRST and LAST are commented out there). Their token is the one in the released TSVs.
 */
public enum ListOpsOperator {
    MIN("[MIN"), MAX("[MAX"), MED("[MED"), SM("[SM");

    private final String token;

    ListOpsOperator(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The operator whose token is {@code t}, or null. */
    public static ListOpsOperator ofToken(String t) {
        for (ListOpsOperator o : values()) {
            if (o.token.equals(t)) {
                return o;
            }
        }
        return null;
    }

    /**
     * MED is {@code int(np.median(values))}: for an even count the mean of the two middle values, truncated (so
     * MED of [1, 2, 3, 4] is int(2.5) = 2). SM is the sum mod 10.
     */
    public int apply(int[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(token + " has no arguments");
        }
        return switch (this) {
            case MIN -> Arrays.stream(values).min().getAsInt();
            case MAX -> Arrays.stream(values).max().getAsInt();
            case SM -> Arrays.stream(values).sum() % 10;
            case MED -> {
                int[] s = values.clone();
                Arrays.sort(s);
                int n = s.length;
                // values are digits ≥ 0, so truncation toward zero is the floor of the (half-integer) mean
                yield n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            }
        };
    }
}
