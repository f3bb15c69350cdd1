package org.linrepro.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.linrepro.util.LinreproException;

/**
 * A claim's <em>effective</em> experiment config: the keys the claim gives, checked against the experiment's
 * {@link ConfigSpec}, with every default filled in. Made only by {@link ConfigSpec#bind}. Typed getters read the
 * declared keys (reading an undeclared one is a bug in the experiment, reported as such); the canonical JSON and
 * its hash go into every verdict.
 */
public final class Config {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String owner;
    private final ObjectNode node;
    private final Map<String, ConfigKey> keys;
    private final Set<String> defaulted;
    private final ConfigSpec spec;
    private final ObjectNode given;

    Config(String owner, ObjectNode node, Map<String, ConfigKey> keys, Set<String> defaulted, ConfigSpec spec,
            ObjectNode given) {
        this.owner = owner;
        this.node = node;
        this.keys = keys;
        this.defaulted = defaulted;
        this.spec = spec;
        this.given = given;
    }

    /** The effective config (defaults filled), a copy. */
    public ObjectNode json() {
        return node.deepCopy();
    }

    /** The keys as the claim wrote them, a copy. */
    public ObjectNode given() {
        return given.deepCopy();
    }

    public ConfigSpec spec() {
        return spec;
    }

    /** The keys that apply to this config (its variant's included), in the spec's order. */
    public Map<String, ConfigKey> keys() {
        return keys;
    }

    /** Whether {@code key} took its default (literal or derived) rather than a value the claim gave. */
    public boolean defaulted(String key) {
        return defaulted.contains(key);
    }

    /**
     * The same claim's config with some keys replaced (e.g. a notebook's smaller preview), checked again and with
     * derived defaults recomputed from the new values.
     */
    public Config with(String newOwner, ObjectNode overrides) {
        ObjectNode raw = given.deepCopy();
        raw.setAll(overrides);
        return spec.bind(newOwner, raw);
    }

    public boolean has(String key) {
        declared(key);
        return node.hasNonNull(key);
    }

    private ConfigKey declared(String key) {
        ConfigKey k = keys.get(key);
        if (k == null) {
            throw new IllegalStateException(owner + ": the experiment reads config key '" + key
                    + "', which its spec does not declare (declared: " + String.join(", ", keys.keySet()) + ")");
        }
        return k;
    }

    private JsonNode require(String key) {
        declared(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new LinreproException(owner + ": config field '" + key + "' is missing");
        }
        return v;
    }

    public int integer(String key) {
        JsonNode v = require(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be an integer, got " + v);
        }
        return v.intValue();
    }

    public double number(String key) {
        JsonNode v = require(key);
        if (!v.isNumber()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    public String text(String key) {
        JsonNode v = require(key);
        if (!v.isTextual()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    public boolean bool(String key) {
        JsonNode v = require(key);
        if (!v.isBoolean()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be a boolean, got " + v);
        }
        return v.booleanValue();
    }

    public double[] numbers(String key) {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be an array of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw new LinreproException(owner + ": config field '" + key + "[" + i + "]' must be a number");
            }
            out[i] = v.get(i).doubleValue();
        }
        return out;
    }

    public java.util.List<String> texts(String key) {
        JsonNode v = require(key);
        java.util.List<String> out = new java.util.ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return java.util.List.copyOf(out);
    }

    /** A sub-object key (e.g. one arm of a comparison), as its own effective config. */
    public Config object(String key) {
        ConfigKey k = declared(key);
        JsonNode v = require(key);
        if (k.element() == null) {
            throw new IllegalStateException(owner + ": config key '" + key + "' has no spec for its fields");
        }
        return k.element().bind(owner + " " + key, (ObjectNode) v);
    }

    /** Each object of an array-of-objects key, as its own effective config. */
    public java.util.List<Config> objects(String key) {
        ConfigKey k = declared(key);
        JsonNode v = require(key);
        java.util.List<Config> out = new java.util.ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(k.element().bind(owner + " " + key + "[" + i + "]", (ObjectNode) v.get(i)));
        }
        return out;
    }

    /** A free-form object of scalars (e.g. method options), as text by field name. */
    public Map<String, String> textMap(String key) {
        JsonNode v = require(key);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Fails with a message naming the claim and field unless {@code ok}; for impossible configs. */
    public void check(boolean ok, String key, String requirement) {
        if (!ok) {
            throw new LinreproException(owner + ": config field '" + key + "' " + requirement
                    + " (config " + canonical() + ")");
        }
    }

    /** Canonical JSON of the effective config: keys sorted, no whitespace. */
    public String canonical() {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** First 12 hex digits of the SHA-256 of the canonical JSON. */
    public String hash() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return canonical();
    }
}
