package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * What a user chooses for an adapter: rank (0 = the method's default), target modules (empty = the method's
 * default) and method-specific options by name (e.g. NOLA's {@code basis}, Compacter's {@code n}).
 */
public record AdapterOptions(int rank, List<String> targets, Map<String, String> extra) {

    public AdapterOptions {
        targets = targets == null ? List.of() : List.copyOf(targets);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        if (rank < 0) {
            throw new LinreproException("rank must be ≥ 1, got " + rank);
        }
    }

    public static AdapterOptions defaults() {
        return new AdapterOptions(0, List.of(), Map.of());
    }

    public static AdapterOptions rank(int r, String... targets) {
        return new AdapterOptions(r, List.of(targets), Map.of());
    }

    public AdapterOptions with(String key, Object value) {
        Map<String, String> m = new java.util.LinkedHashMap<>(extra);
        m.put(key, String.valueOf(value));
        return new AdapterOptions(rank, targets, m);
    }

    public int rankOr(int fallback) {
        return rank > 0 ? rank : fallback;
    }

    public List<String> targetsOr(List<String> fallback) {
        return targets.isEmpty() ? fallback : targets;
    }

    public int integer(String key, int fallback) {
        String v = extra.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < 1) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new LinreproException("option '" + key + "' must be a positive integer, got '" + v + "'");
        }
    }

    public boolean flag(String key, boolean fallback) {
        String v = extra.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new LinreproException("option '" + key + "' must be true or false, got '" + v + "'");
        };
    }

    public boolean has(String key) {
        return extra.containsKey(key);
    }

    /** A positive number option. */
    public double number(String key, double fallback) {
        String v = extra.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new LinreproException("option '" + key + "' must be a positive number, got '" + v + "'");
        }
    }

    public String text(String key, String fallback) {
        return extra.getOrDefault(key, fallback);
    }

    /** Fails with one message when an option the method does not know was given. */
    public void allowOnly(String method, String... known) {
        List<String> k = List.of(known);
        for (String key : extra.keySet()) {
            if (!k.contains(key)) {
                throw new LinreproException("method " + method + " has no option '" + key + "'"
                        + (k.isEmpty() ? "" : " (options: " + String.join(", ", k) + ")"));
            }
        }
    }
}
