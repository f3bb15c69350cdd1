package org.linrepro.kernel;

import java.util.Map;

/**
 * Turns values of one type into a Jupyter MIME bundle (MIME type to data), for a cell's value and for
 * {@code display(...)}.
 *
 * <p>Renderers are found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/org.linrepro.kernel.Renderer} of any jar on the kernel's classpath (the kernel jar, the
 * preloaded classpath, or a jar added with {@code %classpath}/{@code %maven}); discovery runs again whenever the
 * classpath grows. Implementations in package {@code org.linrepro.kernel.renderers} of the kernel jar are loaded
 * next to the notebook's classes, so they may refer to types (Tablesaw, XChart, DJL, linrepro) that reach the
 * kernel only at run time. A notebook can also add one with {@code Notebook.addRenderer(...)}.
 *
 * <p>When several renderers accept a value, the one whose {@link #type()} is closest to the value's class wins,
 * then the higher {@link #priority()}.
 */
public interface Renderer {

    /** The type of values this renderer handles (subtypes included). */
    Class<?> type();

    /**
     * Whether this renderer takes this value; the default accepts every instance of {@link #type()}. Narrow it for
     * renderers of general types, e.g. a {@code List} renderer that only takes lists of verdicts.
     */
    default boolean accepts(Object value) {
        return type().isInstance(value);
    }

    /** Breaks ties between renderers of equally specific types; higher wins. */
    default int priority() {
        return 0;
    }

    /**
     * Renders the value. Keys are MIME types ({@code text/html}, {@code text/plain}, {@code image/png}, ...);
     * text data as {@link String}, binary data ({@code image/*}) as {@code byte[]} (the kernel base64-encodes it).
     * The kernel adds {@code text/plain} from {@code toString()} when it is missing.
     */
    Map<String, Object> render(Object value) throws Exception;
}
