package org.linrepro.kernel.exec;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/**
 * The class loader of a notebook: the classes JShell compiles from cells plus the jars and folders added to the
 * classpath. Parent-first, its parent being the kernel's own loader; it lives as long as the kernel, so native
 * libraries loaded through it (DJL's PyTorch) load once.
 */
public final class SnippetClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private volatile String refusal;
    private final Set<Path> paths = new LinkedHashSet<>();

    public SnippetClassLoader(ClassLoader parent) {
        super("linrepro-notebook", new URL[0], parent);
    }

    /** Adds jars or class folders; already added ones are skipped. Returns those that were new. */
    public synchronized List<Path> addPaths(List<Path> entries) {
        List<Path> fresh = new java.util.ArrayList<>();
        for (Path p : entries) {
            Path abs = p.toAbsolutePath().normalize();
            if (paths.add(abs)) {
                try {
                    addURL(abs.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("bad classpath entry " + p, e);
                }
                fresh.add(abs);
            }
        }
        return fresh;
    }

    /** The jars and folders added so far, in order. */
    public synchronized List<Path> paths() {
        return List.copyOf(paths);
    }

    /**
     * What the last refused snippet called (e.g. {@code System.exit}), then forgotten; null when none was refused.
     * See {@link ExitGuard}.
     */
    public String takeRefusal() {
        String r = refusal;
        refusal = null;
        return r;
    }

    void declare(String name, byte[] bytes) {
        declared.put(name, bytes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        return super.findClass(name);
    }

    /** JShell's view of this loader. */
    LoaderDelegate delegate() {
        return new Delegate();
    }

    private final class Delegate implements LoaderDelegate {
        private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

        @Override
        public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
            boolean[] installed = new boolean[cbcs.length];
            for (ClassBytecodes cbc : cbcs) {
                List<String> exits = ExitGuard.exitCalls(cbc.bytecodes());
                if (!exits.isEmpty()) {
                    refusal = String.join(", ", exits);
                    throw new ClassInstallException("refused: calls " + refusal, installed);
                }
            }
            for (ClassBytecodes cbc : cbcs) {
                declare(cbc.name(), cbc.bytecodes());
            }
            for (int i = 0; i < cbcs.length; i++) {
                try {
                    Class<?> c = loadClass(cbcs[i].name());
                    loaded.put(cbcs[i].name(), c);
                    c.getDeclaredMethods(); // links the class now, as JShell's own local loader does
                    installed[i] = true;
                } catch (Throwable e) {
                    throw new ClassInstallException("load: " + e.getMessage(), installed);
                }
            }
        }

        @Override
        public void classesRedefined(ClassBytecodes[] cbcs) {
            for (ClassBytecodes cbc : cbcs) {
                declare(cbc.name(), cbc.bytecodes());
            }
        }

        @Override
        public void addToClasspath(String path) {
            List<Path> entries = new java.util.ArrayList<>();
            for (String p : path.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    entries.add(Path.of(p));
                }
            }
            addPaths(entries);
        }

        @Override
        public Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = loaded.get(name);
            return c != null ? c : loadClass(name);
        }
    }
}
