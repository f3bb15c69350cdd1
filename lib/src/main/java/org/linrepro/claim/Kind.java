package org.linrepro.claim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.linrepro.util.LinreproException;

/**
 * What sort of statement a claim is. {@code exact}: closed form, count or identity, tight tolerance;
 * {@code value}: a reported metric within a justified tolerance; {@code order}: a qualitative relation
 * with a margin; {@code scaling}: a log-log slope of cost against size.
 */
public enum Kind {
    EXACT, VALUE, ORDER, SCALING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String text) {
        for (Kind k : values()) {
            if (k.id().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new LinreproException("unknown kind '" + text + "'; known kinds: "
                + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", ")));
    }
}
