package org.linrepro.claim;

import java.util.Locale;

/**
 * When the claim's relation, margin or budget was fixed relative to seeing results. {@code AFTER} means some value
 * was set or changed after runs, so the claim is weaker evidence than one fixed beforehand; {@code what} says which.
 */
public record Decided(When when, String what) {
    public enum When {
        BEFORE, AFTER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public String text() {
        return "decided " + when.id() + " seeing results: " + what;
    }
}
