package org.linrepro.claim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.linrepro.util.LinreproException;

/** How expensive a claim is to check: seconds, a few CPU minutes, or the paper's own configuration. */
public enum Tier {
    UNIT, QUICK, PAPER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier parse(String text) {
        for (Tier t : values()) {
            if (t.id().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new LinreproException("unknown tier '" + text + "'; known tiers: "
                + Arrays.stream(values()).map(Tier::id).collect(Collectors.joining(", ")));
    }
}
