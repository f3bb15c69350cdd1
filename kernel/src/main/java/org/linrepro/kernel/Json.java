package org.linrepro.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The kernel's one JSON library (Jackson, as the library uses): parsing notebooks and kernelspecs, and writing them
 * the way Jupyter does (one-space indent, {@code "key": value}), so executed copies diff cleanly against nbformat's.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter(" ", "\n"))
            .withArrayIndenter(new DefaultIndenter(" ", "\n")));

    private Json() {
    }

    /** Parses text; throws {@link IllegalArgumentException} naming what is wrong. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
    }

    /** Parses an object; throws {@link IllegalArgumentException} for anything else. */
    public static ObjectNode parseObject(String text) {
        JsonNode n = parse(text);
        if (!(n instanceof ObjectNode)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (ObjectNode) n;
    }

    /** Pretty-printed, Jupyter's layout. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
