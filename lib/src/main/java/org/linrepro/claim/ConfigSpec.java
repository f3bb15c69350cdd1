package org.linrepro.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config an experiment accepts: its keys (types, defaults, units, help) and, where the keys depend on one
 * key's value, its variants (e.g. LRA's {@code task}: ListOps takes {@code maxDepth}, Pathfinder takes
 * {@code resolution}). {@link #bind} checks a claim's config strictly (unknown keys, wrong types, missing required
 * keys, values outside the choices) and fills the defaults, giving the <em>effective</em> config the experiment
 * reads and the verdict records. Nothing is coerced.
 */
public final class ConfigSpec {
    private final Map<String, ConfigKey> keys;
    private final String selector;
    private final Map<String, ConfigSpec> variants;

    private ConfigSpec(Map<String, ConfigKey> keys, String selector, Map<String, ConfigSpec> variants) {
        this.keys = keys;
        this.selector = selector;
        this.variants = variants;
    }

    public static ConfigSpec of(ConfigKey... keys) {
        return new ConfigSpec(index(List.of(), Arrays.asList(keys)), null, Map.of());
    }

    /** This spec plus more keys; a key named again replaces the earlier one (e.g. a different default). */
    public ConfigSpec with(ConfigKey... more) {
        return new ConfigSpec(index(keys.values(), Arrays.asList(more)), selector, variants);
    }

    /** This spec plus another's keys (and its variants, when this one has none). */
    public ConfigSpec with(ConfigSpec other) {
        if (selector != null && other.selector != null) {
            throw new IllegalArgumentException("cannot merge two specs that both have variants");
        }
        return new ConfigSpec(index(keys.values(), List.copyOf(other.keys.values())),
                selector != null ? selector : other.selector, selector != null ? variants : other.variants);
    }

    /** This spec without the named keys. */
    public ConfigSpec without(String... names) {
        Map<String, ConfigKey> k = new LinkedHashMap<>(keys);
        for (String n : names) {
            if (k.remove(n) == null) {
                throw new IllegalArgumentException("no key '" + n + "' to remove");
            }
        }
        return new ConfigSpec(k, selector, variants);
    }

    /**
     * Keys that depend on the string key {@code selector} (declared in this spec): its value picks the variant
     * whose keys are added. Keys of other variants are rejected.
     */
    public ConfigSpec variants(String selector, Map<String, ConfigSpec> byValue) {
        ConfigKey sel = keys.get(selector);
        if (sel == null || sel.type() != ConfigKey.Type.TEXT) {
            throw new IllegalArgumentException("variant selector '" + selector + "' must be a declared string key");
        }
        Map<String, ConfigKey> k = new LinkedHashMap<>(keys);
        k.put(selector, sel.choices(byValue.keySet().toArray(String[]::new)));
        return new ConfigSpec(k, selector, new LinkedHashMap<>(byValue));
    }

    private static Map<String, ConfigKey> index(Iterable<ConfigKey> base, List<ConfigKey> more) {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey k : base) {
            m.put(k.name(), k);
        }
        for (ConfigKey k : more) {
            m.put(k.name(), k);
        }
        return m;
    }

    /** The keys that apply to a config whose selector (if any) has value {@code variant} (null: the base keys). */
    public Map<String, ConfigKey> keys(String variant) {
        Map<String, ConfigKey> m = new LinkedHashMap<>(keys);
        if (variant != null && variants.containsKey(variant)) {
            m.putAll(variants.get(variant).keys);
        }
        return m;
    }

    /** Every key name, of all variants. */
    public Set<String> allKeys() {
        Set<String> all = new LinkedHashSet<>(keys.keySet());
        variants.values().forEach(v -> all.addAll(v.allKeys()));
        return all;
    }

    public Map<String, ConfigKey> keys() {
        return keys(null);
    }

    /** Checks {@code raw} and returns the effective config; errors name {@code owner} and the key. */
    public Config bind(String owner, ObjectNode raw) {
        return bind(owner, raw, "");
    }

    private Config bind(String owner, ObjectNode raw, String path) {
        String variant = null;
        if (selector != null) {
            JsonNode s = raw.get(selector);
            ConfigKey sk = keys.get(selector);
            if (s == null && sk.defaultValue() != null) {
                s = sk.defaultValue();
            }
            if (s == null) {
                throw new ConfigException(owner, path + selector, "is missing (" + sk.help() + "; one of "
                        + String.join(", ", variants.keySet()) + ")");
            }
            check(owner, path, sk, s);
            variant = s.textValue();
        }
        Map<String, ConfigKey> applicable = keys(variant);
        ObjectNode eff = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            ConfigKey k = applicable.get(e.getKey());
            if (k == null) {
                throw new ConfigException(owner, path + e.getKey(), unknown(e.getKey(), applicable, variant));
            }
        }
        Set<String> defaulted = new LinkedHashSet<>();
        List<ConfigKey> derived = new ArrayList<>();
        for (ConfigKey k : applicable.values()) {
            JsonNode v = raw.get(k.name());
            if (v != null) {
                eff.set(k.name(), check(owner, path, k, v));
            } else if (k.defaultValue() != null) {
                eff.set(k.name(), k.defaultValue().deepCopy());
                defaulted.add(k.name());
            } else if (k.derived() != null) {
                derived.add(k);
            } else if (k.required()) {
                throw new ConfigException(owner, path + k.name(), "is missing (" + k.type() + ": " + k.help() + ")");
            }
        }
        Config partial = new Config(owner, eff, applicable, defaulted, this, raw);
        for (ConfigKey k : derived) {
            JsonNode v;
            try {
                v = ConfigKey.toJson(k.derived().apply(partial));
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(owner, path + k.name(), "(default " + k.derivedText() + ") cannot be "
                        + "derived: " + e.getMessage());
            }
            eff.set(k.name(), check(owner, path, k, v));
            defaulted.add(k.name());
        }
        // the effective config lists keys in the spec's order, for explain and reports
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        for (String name : applicable.keySet()) {
            if (eff.has(name)) {
                ordered.set(name, eff.get(name));
            }
        }
        return new Config(owner, ordered, applicable, defaulted, this, raw.deepCopy());
    }

    private String unknown(String key, Map<String, ConfigKey> applicable, String variant) {
        for (Map.Entry<String, ConfigSpec> v : variants.entrySet()) {
            if (!v.getKey().equals(variant) && v.getValue().keys.containsKey(key)) {
                return "applies only to " + selector + " '" + v.getKey() + "', not to " + selector + " '" + variant
                        + "'";
            }
        }
        List<String> near = ClaimCatalog.closest(key, applicable.keySet(), 1);
        return "is not a config key of this experiment"
                + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?")
                + " (keys: " + String.join(", ", applicable.keySet()) + ")";
    }

    /** The value itself when it has the key's type (sub-objects: their effective form), else an error. */
    private static JsonNode check(String owner, String path, ConfigKey k, JsonNode v) {
        String where = path + k.name();
        boolean ok = switch (k.type()) {
            case INTEGER -> v.isIntegralNumber() && v.canConvertToLong();
            case NUMBER -> v.isNumber();
            case TEXT -> v.isTextual();
            case BOOLEAN -> v.isBoolean();
            case NUMBERS -> v.isArray() && all(v, JsonNode::isNumber);
            case TEXTS -> v.isArray() && all(v, JsonNode::isTextual);
            case OBJECT -> v.isObject();
            case OBJECTS -> v.isArray() && !v.isEmpty() && all(v, JsonNode::isObject);
        };
        if (!ok) {
            throw new ConfigException(owner, where, "must be " + (k.type() == ConfigKey.Type.INTEGER ? "an " : "a")
                    + (k.type() == ConfigKey.Type.OBJECTS ? "non-empty " : "") + k.type() + ", got " + v);
        }
        if (!k.choices().isEmpty() && !k.choices().contains(v.textValue())) {
            List<String> near = ClaimCatalog.closest(v.textValue(), k.choices(), 1);
            throw new ConfigException(owner, where, "must be one of " + String.join(", ", k.choices()) + ", got '"
                    + v.textValue() + "'" + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?"));
        }
        if (k.type() == ConfigKey.Type.OBJECT) {
            if (k.element() == null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode()) {
                        throw new ConfigException(owner, where + "." + e.getKey(), "must be a string or number");
                    }
                }
                return v.deepCopy();
            }
            return k.element().bind(owner, (ObjectNode) v, where + ".").json();
        }
        if (k.type() == ConfigKey.Type.OBJECTS) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < v.size(); i++) {
                out.add(k.element().bind(owner, (ObjectNode) v.get(i), where + "[" + i + "].").json());
            }
            return out;
        }
        return v.deepCopy();
    }

    private static boolean all(JsonNode array, java.util.function.Predicate<JsonNode> p) {
        for (JsonNode e : array) {
            if (!p.test(e)) {
                return false;
            }
        }
        return true;
    }

    /** A config error naming the owner (e.g. the claim) and the key; the loader adds the file. */
    public static final class ConfigException extends org.linrepro.util.LinreproException {
        private final String key;
        private final String problem;

        ConfigException(String owner, String key, String problem) {
            super(owner + ": config field '" + key + "' " + problem);
            this.key = key;
            this.problem = problem;
        }

        public String key() {
            return key;
        }

        public String problem() {
            return problem;
        }
    }
}
