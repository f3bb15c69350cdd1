package org.linrepro.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The renderers a kernel knows: those found with {@link ServiceLoader} on the notebook's classpath (see
 * {@link Renderer}) and those a notebook adds. Produces MIME bundles ready for Jupyter: text as strings, binary data
 * base64-encoded, always with {@code text/plain}.
 */
public final class RendererRegistry {

    /** Renderers in this package are defined next to the notebook's classes (see {@link Renderer}). */
    public static final String BUILTIN_PACKAGE = "org.linrepro.kernel.renderers.";

    public static final String TEXT_PLAIN = "text/plain";

    private static final int UNRELATED = 1_000;

    private final List<Renderer> added = new CopyOnWriteArrayList<>();
    private volatile List<Renderer> discovered = List.of();
    private volatile List<String> skipped = List.of();

    /** Finds the renderers visible from a class loader (normally the notebook's); replaces the previous ones. */
    public synchronized RendererRegistry discover(ClassLoader notebookLoader) {
        ClassLoader loader = new BuiltinFirstLoader(notebookLoader, Renderer.class.getClassLoader());
        List<Renderer> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Iterator<Renderer> it = ServiceLoader.load(Renderer.class, loader).iterator();
        for (int guard = 0; guard < 10_000; guard++) {
            Renderer r;
            try {
                if (!it.hasNext()) {
                    break;
                }
                r = it.next();
                r.type(); // resolves the rendered type: fails here when it is not on the classpath (yet)
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(String.valueOf(e.getMessage()));
                continue;
            }
            if (seen.add(r.getClass().getName())) {
                found.add(r);
            }
        }
        discovered = List.copyOf(found);
        skipped = List.copyOf(problems);
        return this;
    }

    /** Adds a renderer; it wins over discovered ones of the same type and priority. */
    public void register(Renderer renderer) {
        renderer.type();
        added.add(0, renderer);
    }

    /** Adds a renderer made from a function: {@code register(Foo.class, foo -> Map.of("text/html", ...))}. */
    public <T> void register(Class<T> type, Function<? super T, Map<String, Object>> render) {
        register(new Renderer() {
            @Override
            public Class<?> type() {
                return type;
            }

            @Override
            public Map<String, Object> render(Object value) {
                return render.apply(type.cast(value));
            }
        });
    }

    /** All renderers, added ones first. */
    public List<Renderer> renderers() {
        List<Renderer> all = new ArrayList<>(added);
        all.addAll(discovered);
        return Collections.unmodifiableList(all);
    }

    /** Service entries that could not be loaded at the last discovery (e.g. their type is not on the classpath). */
    public List<String> skipped() {
        return skipped;
    }

    /** The renderer for a value: most specific type first, then priority, then added before discovered. */
    public Optional<Renderer> find(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        Renderer best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Renderer r : renderers()) {
            boolean accepts;
            try {
                accepts = r.accepts(value);
            } catch (RuntimeException | LinkageError e) {
                accepts = false;
            }
            if (!accepts) {
                continue;
            }
            int d = distance(value.getClass(), r.type());
            if (best == null || d < bestDistance || (d == bestDistance && r.priority() > best.priority())) {
                best = r;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A MIME bundle for a value with every type its renderer gives, plus {@code text/plain}. */
    public Map<String, Object> render(Object value) {
        if (value instanceof MimeBundle b) {
            return new LinkedHashMap<>(b.data());
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        Optional<Renderer> renderer = find(value);
        if (renderer.isPresent()) {
            try {
                Map<String, Object> out = renderer.get().render(value);
                if (out != null) {
                    raw.putAll(out);
                }
            } catch (Exception | LinkageError e) {
                raw.clear();
                raw.put(TEXT_PLAIN, plainText(value) + "\n(renderer " + renderer.get().getClass().getName()
                        + " failed: " + e + ")");
            }
        }
        raw.putIfAbsent(TEXT_PLAIN, plainText(value));
        return encode(raw);
    }

    /**
     * A MIME bundle restricted to the requested types (plus {@code text/plain}). A requested type the renderer does
     * not give is filled from the value itself when it is a string ({@code display("<b>hi</b>", "text/html")}) or
     * bytes ({@code display(pngBytes, "image/png")}).
     */
    public Map<String, Object> render(Object value, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) {
            return render(value);
        }
        Map<String, Object> full = render(value);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String mime : mimeTypes) {
            if (full.containsKey(mime)) {
                out.put(mime, full.get(mime));
            } else if (value instanceof CharSequence) {
                out.put(mime, value.toString());
            } else if (value instanceof byte[]) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put(mime, value);
                out.putAll(encode(one));
            }
        }
        out.putIfAbsent(TEXT_PLAIN, full.get(TEXT_PLAIN));
        return out;
    }

    /** {@code String.valueOf}, with arrays spelled out. */
    public static String plainText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            String s = Arrays.deepToString(new Object[] {value});
            return s.substring(1, s.length() - 1);
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> encode(Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((mime, data) -> {
            if (data instanceof byte[]) {
                byte[] bytes = (byte[]) data;
                out.put(mime, isText(mime) ? new String(bytes, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(bytes));
            } else if (data != null) {
                out.put(mime, data instanceof CharSequence ? data.toString() : data);
            }
        });
        return out;
    }

    private static boolean isText(String mime) {
        return mime.startsWith("text/") || mime.endsWith("+xml") || mime.equals("image/svg+xml")
                || mime.equals("application/javascript");
    }

    /** Steps from a class up to a supertype (superclasses and interfaces), or {@link #UNRELATED}. */
    static int distance(Class<?> from, Class<?> to) {
        if (!to.isAssignableFrom(from)) {
            return UNRELATED;
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        Map<Class<?>, Integer> depth = new LinkedHashMap<>();
        queue.add(from);
        depth.put(from, 0);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            int d = depth.get(c);
            if (c == to) {
                return d;
            }
            List<Class<?>> next = new ArrayList<>(Arrays.asList(c.getInterfaces()));
            if (c.getSuperclass() != null) {
                next.add(0, c.getSuperclass());
            }
            for (Class<?> n : next) {
                if (depth.putIfAbsent(n, d + 1) == null) {
                    queue.add(n);
                }
            }
        }
        return UNRELATED - 1; // e.g. Object for an interface
    }

    /**
     * Defines the kernel's built-in renderers itself (reading their bytes from the kernel jar), so the types they
     * mention resolve through the notebook's class loader; everything else is delegated to it as usual.
     */
    static final class BuiltinFirstLoader extends ClassLoader {
        private final ClassLoader bytesFrom;

        BuiltinFirstLoader(ClassLoader parent, ClassLoader bytesFrom) {
            super("linrepro-renderers", parent);
            this.bytesFrom = bytesFrom;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(BUILTIN_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = read(name);
                    if (bytes == null) {
                        return super.loadClass(name, resolve);
                    }
                    c = defineClass(name, bytes, 0, bytes.length, Renderer.class.getProtectionDomain());
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private byte[] read(String className) throws ClassNotFoundException {
            try (InputStream in = bytesFrom.getResourceAsStream(className.replace('.', '/') + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(className, e);
            }
        }
    }
}
