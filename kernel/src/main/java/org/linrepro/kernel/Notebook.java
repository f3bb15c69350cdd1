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

    /** Whether a notebook session is bound (code running in a cell). */
    public static boolean isRunning() {
        return session != null;
    }

    /**
     * Shows a ready MIME bundle ({@code text/html}, {@code text/plain}, ... to their data) as it is, no renderer
     * involved; returns the display id for {@link #updateDisplayData}. For libraries showing live progress.
     */
    public static String displayData(Map<String, ?> bundle) {
        return session().displayBundle(bundle, null);
    }

    /** Replaces what {@link #displayData} (or {@code display}) showed under this id with a ready MIME bundle. */
    public static void updateDisplayData(String displayId, Map<String, ?> bundle) {
        session().displayBundle(bundle, displayId);
    }

    /** The value rendered as its MIME bundle without showing it (as JJava's {@code render}); show it later as a cell's value or with {@code display}. */
    public static MimeBundle render(Object value) {
        return new MimeBundle(session().renderers().render(value));
    }

    /** {@link #render(Object)} restricted to these MIME types (plus text/plain). */
    public static MimeBundle render(Object value, String... mimeTypes) {
        return new MimeBundle(session().renderers().render(value, mimeTypes));
    }

    /** Runs code (Java and magics) now, from inside the cell, and returns its last value (null when none), as JJava's {@code eval}. */
    public static Object eval(String code) {
        return session().eval(code);
    }

    /** The running notebook session (JJava's {@code kernel()}): classpath, renderers, magics, {@code eval}. */
    public static JavaSession kernel() {
        return session();
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
