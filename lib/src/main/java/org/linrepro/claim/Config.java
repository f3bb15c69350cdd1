package org.linrepro.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.linrepro.util.LinreproException;

/**
 * A claim's experiment configuration (a JSON object), with typed getters whose errors name the claim and the
 * field, and a stable hash recorded in every verdict.
 */
public final class Config {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String owner;
    private final ObjectNode node;

    public Config(String owner, ObjectNode node) {
        this.owner = owner;
        this.node = node;
    }

    public static Config empty(String owner) {
        return new Config(owner, CANONICAL.createObjectNode());
    }

    public ObjectNode json() {
        return node.deepCopy();
    }

    public boolean has(String key) {
        return node.hasNonNull(key);
    }

    private JsonNode require(String key) {
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

    public int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    public double number(String key) {
        JsonNode v = require(key);
        if (!v.isNumber()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    public String text(String key) {
        JsonNode v = require(key);
        if (!v.isTextual()) {
            throw new LinreproException(owner + ": config field '" + key + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    public String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
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

    /** Fails with a message naming the claim and field unless {@code ok}; for impossible configs. */
    public void check(boolean ok, String key, String requirement) {
        if (!ok) {
            throw new LinreproException(owner + ": config field '" + key + "' " + requirement
                    + " (config " + canonical() + ")");
        }
    }

    /** Canonical JSON: keys sorted, no whitespace. */
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
