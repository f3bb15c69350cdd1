package org.linrepro.claim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.linrepro.util.LinreproException;

/**
 * Where a claim's reported value comes from. {@code where} names the place ("Table 1, row Transformer, column
 * ListOps"); {@code kind} says whose number it is: printed in the {@code paper}, read from the authors'
 * {@code official-code}, or {@code derived} by us (a closed form, identity or count we computed from the setup).
 */
public record Source(Kind kind, String where) {

    public enum Kind {
        PAPER, OFFICIAL_CODE, DERIVED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id().equals(text.trim())) {
                    return k;
                }
            }
            throw new LinreproException("unknown source kind '" + text + "'; known: "
                    + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", ")));
        }
    }
}
