package org.linrepro.kernel;

import java.util.Map;
import java.util.function.Function;

/**
 * What a cell can call without a qualifier (the kernel imports these statically): {@code display(...)} as in
 * IJava/JJava, plus renderer registration.
 */
public final class Notebook {

    private static volatile JavaSession session;

    private Notebook() {
    }

    static void bind(JavaSession s) {
        session = s;
    }

    static void unbind(JavaSession s) {
        if (session == s) {
            session = null;
        }
    }

    private static JavaSession session() {
        JavaSession s = session;
        if (s == null) {
            throw new IllegalStateException("no notebook kernel is running");
        }
        return s;
    }

    /** Shows a value in the cell's output with every representation its renderer gives; returns the display id. */
    public static String display(Object value) {
        return session().display(value);
    }

    /**
     * Shows a value as the given MIME types only (plus text/plain), e.g. {@code display(html, "text/html")} for a
     * string of HTML, or {@code display(pngBytes, "image/png")}.
     */
    public static String display(Object value, String... mimeTypes) {
        return session().display(value, mimeTypes);
    }

    /** Replaces what an earlier {@code display} showed. */
    public static void updateDisplay(String displayId, Object value) {
        session().updateDisplay(displayId, value);
    }

    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        session().updateDisplay(displayId, value, mimeTypes);
    }

    /** {@code System.out.printf}, as in JJava. */
    public static void printf(String format, Object... args) {
        System.out.printf(format, args);
    }

    /** Adds a renderer for this kernel session. */
    public static void addRenderer(Renderer renderer) {
        session().renderers().register(renderer);
    }

    /** Adds a renderer from a function: {@code addRenderer(Point.class, p -> Map.of("text/html", "<b>" + p + "</b>"))}. */
    public static <T> void addRenderer(Class<T> type, Function<? super T, Map<String, Object>> render) {
        session().renderers().register(type, render);
    }
}
