package org.linrepro.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.function.Function;

/**
 * One key of an experiment's config: its name, JSON type, default, unit and one-line help. Immutable; the
 * {@code with}-style methods return a changed copy, so a spec reads as a list:
 * {@code ConfigKey.integer("steps", "Adam steps").byDefault(3000)}.
 *
 * <p>A key is <em>required</em> (no default), has a literal default, a default <em>derived</em> from other keys
 * (e.g. {@code warmup = max(1, steps/10)}, written once here and shown by {@code linrepro explain}), or is
 * <em>optional</em> (may be absent; the experiment asks {@link Config#has}).
 *
 * @param element for {@link Type#OBJECT} and {@link Type#OBJECTS}: the spec each object must satisfy (null = any
 *                object of scalars, e.g. method-specific options)
 */
public record ConfigKey(String name, Type type, String help, String unit, JsonNode defaultValue,
        Function<Config, Object> derived, String derivedText, boolean mayBeAbsent, List<String> choices,
        ConfigSpec element) {

    /** JSON types a config value can have; nothing is coerced (5.0 is not an integer, "5" is not a number). */
    public enum Type {
        INTEGER("integer"), NUMBER("number"), TEXT("string"), BOOLEAN("boolean"), NUMBERS("array of numbers"),
        TEXTS("array of strings"), OBJECT("object"), OBJECTS("array of objects");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static ConfigKey integer(String name, String help) {
        return new ConfigKey(name, Type.INTEGER, help, "", null, null, null, false, List.of(), null);
    }

    public static ConfigKey number(String name, String help) {
        return new ConfigKey(name, Type.NUMBER, help, "", null, null, null, false, List.of(), null);
    }

    public static ConfigKey text(String name, String help) {
        return new ConfigKey(name, Type.TEXT, help, "", null, null, null, false, List.of(), null);
    }

    public static ConfigKey bool(String name, String help) {
        return new ConfigKey(name, Type.BOOLEAN, help, "", null, null, null, false, List.of(), null);
    }

    public static ConfigKey numbers(String name, String help) {
        return new ConfigKey(name, Type.NUMBERS, help, "", null, null, null, false, List.of(), null);
    }

    public static ConfigKey texts(String name, String help) {
        return new ConfigKey(name, Type.TEXTS, help, "", null, null, null, false, List.of(), null);
    }

    /** An object whose fields {@code element} checks (null: any object whose values are scalars). */
    public static ConfigKey object(String name, ConfigSpec element, String help) {
        return new ConfigKey(name, Type.OBJECT, help, "", null, null, null, false, List.of(), element);
    }

    /** A non-empty array of objects, each checked by {@code element}. */
    public static ConfigKey objects(String name, ConfigSpec element, String help) {
        return new ConfigKey(name, Type.OBJECTS, help, "", null, null, null, false, List.of(), element);
    }

    public ConfigKey unit(String u) {
        return new ConfigKey(name, type, help, u, defaultValue, derived, derivedText, mayBeAbsent, choices, element);
    }

    /** A literal default (int, long, double, String, Boolean). */
    public ConfigKey byDefault(Object value) {
        return new ConfigKey(name, type, help, unit, toJson(value), null, null, false, choices, element);
    }

    /**
     * A default computed from the other keys (already filled), e.g. {@code derived("max(1, steps/10)", c ->
     * Math.max(1, c.integer("steps") / 10))}; {@code text} says how, for {@code explain}.
     */
    public ConfigKey derived(String text, Function<Config, Object> f) {
        return new ConfigKey(name, type, help, unit, null, f, text, false, choices, element);
    }

    /** May be absent, with no default: the experiment checks {@link Config#has}. */
    public ConfigKey optional() {
        return new ConfigKey(name, type, help, unit, null, null, null, true, choices, element);
    }

    /** The only values a string key accepts. */
    public ConfigKey choices(String... values) {
        return new ConfigKey(name, type, help, unit, defaultValue, derived, derivedText, mayBeAbsent, List.of(values),
                element);
    }

    public boolean required() {
        return defaultValue == null && derived == null && !mayBeAbsent;
    }

    /** How the default reads in {@code explain}: the literal, "= formula", "(optional)" or "(required)". */
    public String defaultText() {
        if (defaultValue != null) {
            return defaultValue.isTextual() ? '"' + defaultValue.textValue() + '"' : defaultValue.toString();
        }
        if (derived != null) {
            return "= " + derivedText;
        }
        return mayBeAbsent ? "(optional)" : "(required)";
    }

    static JsonNode toJson(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof JsonNode j) {
            return j;
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        throw new IllegalArgumentException("unsupported default " + v + " (" + v.getClass() + ")");
    }
}
