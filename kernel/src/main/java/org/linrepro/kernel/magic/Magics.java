package org.linrepro.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.linrepro.kernel.CellException;
import org.linrepro.kernel.JavaSession;

/**
 * The magics a cell may use, by name.
 *
 * <ul>
 *   <li>{@code %classpath PATTERN...} and its alias {@code %jars}: add jars or class folders (globs, see {@link Globs}).
 *   <li>{@code %maven GROUP:ARTIFACT:VERSION...}: add an artifact and its runtime classpath, resolved as Maven does
 *       (local repository first, then Maven Central and added repositories; see {@link MavenResolver}).
 *   <li>{@code %mavenRepo ID URL}: add a remote repository for {@code %maven}.
 *   <li>{@code %loadFromPOM FILE} and {@code %%loadFromPOM} (a POM or its {@code <dependencies>} in the cell): add a
 *       POM's dependencies.
 *   <li>{@code %load FILE}: run a {@code .jsh}/{@code .java} file (Java and magics) or an {@code .ipynb} notebook's
 *       code cells in order (relative to the notebook's folder; see {@link Load}).
 *   <li>{@code %time CODE} and {@code %%time}: run, then print the CPU and wall time.
 *   <li>{@code %lsmagic}: list the magics.
 * </ul>
 */
public final class Magics {

    /** A magic on one line: {@code %name args}. Returns the value the line stands for, or {@link JavaSession#NO_VALUE}. */
    public interface LineMagic {
        Object run(JavaSession session, List<String> args, String argLine, String label, int line) throws Exception;
    }

    /** A magic for a whole cell: {@code %%name args} then the body. */
    public interface CellMagic {
        Object run(JavaSession session, List<String> args, String body, String label, int bodyLine) throws Exception;
    }

    private final Map<String, LineMagic> line = new TreeMap<>();
    private final Map<String, CellMagic> cell = new TreeMap<>();

    public static Magics standard() {
        Magics m = new Magics();
        LineMagic classpath = (s, args, argLine, label, l) -> {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("give one or more jars, folders or globs, e.g. %classpath lib/*.jar");
            }
            s.addToClasspath(Globs.resolve(args, s.workDir()));
            return JavaSession.NO_VALUE;
        };
        m.line("classpath", classpath);
        m.line("jars", classpath);
        m.line("maven", (s, args, argLine, label, l) -> {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("give coordinates, e.g. %maven tech.tablesaw:tablesaw-core:0.44.4");
            }
            List<Path> jars = new ArrayList<>();
            for (String coordinate : args) {
                jars.addAll(s.maven().resolve(coordinate));
            }
            s.addToClasspath(jars);
            return JavaSession.NO_VALUE;
        });
        m.line("mavenRepo", (s, args, argLine, label, l) -> {
            if (args.size() != 2) {
                throw new IllegalArgumentException("give an id and a URL, e.g. %mavenRepo snapshots"
                        + " https://central.sonatype.com/repository/maven-snapshots/");
            }
            s.maven().addRepository(args.get(0), args.get(1));
            return JavaSession.NO_VALUE;
        });
        m.line("loadFromPOM", (s, args, argLine, label, l) -> {
            if (args.size() != 1) {
                throw new IllegalArgumentException("give one POM file, e.g. %loadFromPOM pom.xml");
            }
            s.addToClasspath(s.maven().resolvePom(s.workDir().resolve(args.get(0)).normalize()));
            return JavaSession.NO_VALUE;
        });
        m.cell("loadFromPOM", (s, args, body, label, bodyLine) -> {
            s.addToClasspath(s.maven().resolvePomText(body, s.workDir()));
            return JavaSession.NO_VALUE;
        });
        m.line("load", (s, args, argLine, label, l) -> {
            if (args.size() != 1) {
                throw new IllegalArgumentException("give one file, e.g. %load helpers.jsh or %load ../utils/Plot.ipynb");
            }
            return Load.run(s, s.workDir().resolve(args.get(0)).normalize());
        });
        m.line("time", (s, args, argLine, label, l) -> timed(() -> s.evalCode(argLine, label, l)));
        m.cell("time", (s, args, body, label, bodyLine) -> timed(() -> s.evalCode(body, label, bodyLine)));
        m.line("lsmagic", (s, args, argLine, label, l) -> {
            System.out.println("Line magics: %" + String.join("  %", s.magics().lineNames()));
            System.out.println("Cell magics: %%" + String.join("  %%", s.magics().cellNames()));
            return JavaSession.NO_VALUE;
        });
        return m;
    }

    public Magics line(String name, LineMagic magic) {
        line.put(name, magic);
        return this;
    }

    public Magics cell(String name, CellMagic magic) {
        cell.put(name, magic);
        return this;
    }

    public Set<String> lineNames() {
        return line.keySet();
    }

    public Set<String> cellNames() {
        return cell.keySet();
    }

    public Object runLine(JavaSession session, CellParser.LineMagicCall call, String label) {
        LineMagic magic = line.get(call.name());
        String where = "line " + call.line();
        if (magic == null) {
            throw error(where, "%" + call.name(), "unknown line magic; known: %" + String.join(" %", lineNames()));
        }
        try {
            return magic.run(session, call.args(), call.argLine(), label, call.line());
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw error(where, "%" + call.name(), e.getMessage());
        }
    }

    public Object runCell(JavaSession session, CellParser.CellMagicCall call, String label) {
        CellMagic magic = cell.get(call.name());
        String where = "line " + (call.bodyLine() - 1);
        if (magic == null) {
            throw error(where, "%%" + call.name(), "unknown cell magic; known: %%" + String.join(" %%", cellNames()));
        }
        try {
            return magic.run(session, call.args(), call.body(), label, call.bodyLine());
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw error(where, "%%" + call.name(), e.getMessage());
        }
    }

    private static CellException error(String where, String magic, String message) {
        String msg = magic + ": " + message;
        List<String> tb = new ArrayList<>();
        tb.add("MagicError: " + where + ": " + msg.split("\n", -1)[0]);
        String[] more = msg.split("\n");
        for (int i = 1; i < more.length; i++) {
            tb.add(more[i]);
        }
        return new CellException("MagicError", where + ": " + msg.split("\n", -1)[0], tb);
    }

    private interface Body {
        Object run();
    }

    /**
     * Runs the body and prints its CPU and wall time, as IPython's {@code %time}. CPU time is the whole process's
     * (every thread, so PyTorch's native worker threads count too), from {@code com.sun.management}.
     */
    private static Object timed(Body body) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try {
            return body.run();
        } finally {
            long wall = System.nanoTime() - t0;
            long cpu = processCpuNanos() - cpu0;
            System.out.println((cpu0 < 0 ? "" : "CPU time: " + formatDuration(cpu) + ", ") + "Wall time: "
                    + formatDuration(wall));
        }
    }

    /** CPU time of this JVM (all threads), or -1 when the platform does not tell. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    static String formatDuration(long ns) {
        double ms = ns / 1e6;
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.0f µs", ns / 1e3);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
}
