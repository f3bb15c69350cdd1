package org.linrepro.kernel.nb;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.linrepro.kernel.Json;
import org.linrepro.util.AtomicFiles;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./linrepro notebooks list | run [NAME ...] [--out DIR] [--notebooks DIR] [--classpath CP]}: executes notebooks
 * in-process (no Jupyter needed) and writes, per notebook, the executed copy {@code NAME.ipynb} and an HTML export
 * {@code NAME.html} to the output folder ({@code reports/notebooks} by default), plus {@code index.html} and the
 * MathJax the pages load. The size of the experiments comes from {@code LINREPRO_TIER} (the launcher's
 * {@code --tier}). Exit 0 when every notebook ran, 1 when a cell failed or ended the process (the executed copy up to
 * that cell, with its error, is still written), 2 for bad input.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Execute the notebooks in-process (no Jupyter needed) and export them.",
        subcommands = {NotebooksCli.ListCommand.class, NotebooksCli.RunCommand.class, CommandLine.HelpCommand.class})
public final class NotebooksCli implements Callable<Integer> {

    @Option(names = "--notebooks", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the folder of notebooks (default: the project's notebooks/)")
    Path notebooks = Path.of(System.getProperty("linrepro.home", ".")).resolve("notebooks");

    @Option(names = "--classpath", paramLabel = "CP", scope = ScopeType.INHERIT,
            description = "classpath preloaded into each notebook (the launcher passes the library)")
    String classpath = "";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        NotebooksCli cli = new NotebooksCli();
        cli.out = out;
        cli.err = err;
        return new CommandLine(cli)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("linrepro notebooks: " + (e instanceof IllegalArgumentException ? e.getMessage() : e));
                    return 2;
                })
                .execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        err.println("linrepro notebooks: say run or list");
        return 2;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The notebooks' names.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NotebooksCli top;

        @Override
        public Integer call() throws IOException {
            notebooks(top.notebooks).forEach(p -> top.out.println(name(p)));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Execute the notebooks (all, or the NAMEs); write DIR/NAME.ipynb, DIR/NAME.html, DIR/index.html.",
                "A notebook stops at its first failing cell; exit 1 if any failed or ended the process.",
                "The tier (smoke|quick|paper) comes from LINREPRO_TIER (the launcher's --tier)."})
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        NotebooksCli top;

        @Parameters(paramLabel = "NAME", arity = "0..*",
                description = "notebook names (with or without .ipynb) or paths to notebook files; none: all")
        List<String> names = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: reports/notebooks)")
        Path out = Path.of("reports", "notebooks");

        @Override
        public Integer call() throws IOException {
            List<Path> selected = select(notebooks(top.notebooks), names, top.notebooks);
            return new Execution(top.classpath, out, top.out, top.err).run(selected);
        }
    }

    /** One {@code run}: the notebooks in turn, then the index; a process exit mid-cell still leaves its report. */
    private static final class Execution {
        private final String classpath;
        private final Path dir;
        private final PrintStream out;
        private final PrintStream err;
        private final List<String[]> rows = new ArrayList<>();
        private final String tier = System.getenv().getOrDefault("LINREPRO_TIER", "quick");
        private volatile NotebookRunner running;
        private volatile String runningName;

        Execution(String classpath, Path dir, PrintStream out, PrintStream err) {
            this.classpath = classpath;
            this.dir = dir;
            this.out = out;
            this.err = err;
        }

        int run(List<Path> selected) throws IOException {
            Files.createDirectories(dir);
            HtmlExport.writeAssets(dir);
            out.println("Running " + selected.size() + " notebook(s) at LINREPRO_TIER=" + tier + " -> " + dir);
            Thread exitHook = new Thread(this::endedByExit, "linrepro-notebooks-exit");
            Runtime.getRuntime().addShutdownHook(exitHook);
            int failed = 0;
            try {
                for (Path nb : selected) {
                    if (!runOne(nb)) {
                        failed++;
                    }
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            }
            AtomicFiles.write(dir.resolve("index.html"), index(rows, tier));
            out.println("Wrote " + dir.resolve("index.html") + (failed > 0 ? "; " + failed + " notebook(s) failed" : ""));
            return failed > 0 ? 1 : 0;
        }

        private boolean runOne(Path nb) throws IOException {
            String name = name(nb);
            ObjectNode parsed;
            try {
                parsed = Json.parseObject(Files.readString(nb, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                err.println("linrepro notebooks: " + nb + " is not valid notebook JSON: " + e.getMessage());
                rows.add(new String[] {name, "invalid JSON", "", ""});
                return false;
            }
            NotebookRunner runner = new NotebookRunner(classpath, new ProgressLine(name, err));
            runningName = name;
            running = runner;
            NotebookRunner.Result r;
            try {
                r = runner.run(parsed, nb.toAbsolutePath().getParent());
            } finally {
                running = null;
            }
            return report(name, r);
        }

        private boolean report(String name, NotebookRunner.Result r) throws IOException {
            AtomicFiles.write(dir.resolve(name + ".ipynb"), Json.pretty(r.notebook()) + "\n");
            AtomicFiles.write(dir.resolve(name + ".html"), HtmlExport.page(name, r.notebook()));
            String time = String.format(Locale.ROOT, "%.1f s", r.seconds());
            if (r.ok()) {
                out.println("  ok      " + name + "  (" + r.cellSeconds().size() + " cells, " + time + ")");
                rows.add(new String[] {name, "ok", time, ""});
                return true;
            }
            NotebookRunner.Failure f = r.failure();
            String why = "cell " + f.cell() + ": " + f.ename() + ": " + f.evalue();
            out.println("  FAILED  " + name + "  " + why + "  (" + time + ")");
            rows.add(new String[] {name, "failed", time, why});
            return false;
        }

        /**
         * Shutdown hook: a cell (library code; cells' own calls are refused) ended the JVM. Writes what ran, with the
         * cell's error, and makes the exit status 1 whatever status the cell asked for.
         */
        private void endedByExit() {
            NotebookRunner r = running;
            NotebookRunner.Result partial = r == null ? null : r.endedByExit();
            if (partial == null) {
                return;
            }
            try {
                report(runningName, partial);
                AtomicFiles.write(dir.resolve("index.html"), index(rows, tier));
            } catch (IOException | RuntimeException e) {
                err.println("linrepro notebooks: could not write the report of " + runningName + ": " + e);
            } finally {
                out.flush();
                err.flush();
                Runtime.getRuntime().halt(1);
            }
        }
    }

    private static String index(List<String[]> rows, String tier) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>linrepro notebooks</title><style>body{font-family:system-ui,sans-serif;margin:2em}"
                + "td,th{border:1px solid #ccc;padding:3px 8px}table{border-collapse:collapse}"
                + ".failed{color:#b00;font-weight:bold}.ok{color:#070}</style></head><body>\n"
                + "<h1>Executed notebooks</h1><p>LINREPRO_TIER=" + HtmlExport.escape(tier) + "</p>\n"
                + "<table><tr><th>notebook</th><th>status</th><th>time</th><th>executed copy</th><th>error</th></tr>\n");
        for (String[] r : rows) {
            String n = HtmlExport.escape(r[0]);
            b.append("<tr><td><a href=\"").append(n).append(".html\">").append(n).append("</a></td><td class=\"")
                    .append(r[1].equals("ok") ? "ok" : "failed").append("\">").append(HtmlExport.escape(r[1]))
                    .append("</td><td>").append(r[2]).append("</td><td><a href=\"").append(n).append(".ipynb\">")
                    .append(n).append(".ipynb</a></td><td>").append(HtmlExport.escape(r[3])).append("</td></tr>\n");
        }
        return b.append("</table></body></html>\n").toString();
    }

    static List<Path> notebooks(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no notebooks folder at " + dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    /** Names (with or without .ipynb) from the notebooks folder, or paths to notebook files; none means all. */
    static List<Path> select(List<Path> all, List<String> names, Path dir) {
        if (names.isEmpty()) {
            return all;
        }
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            Path asPath = Path.of(n);
            if (n.endsWith(".ipynb") && Files.isRegularFile(asPath)) {
                out.add(asPath);
                continue;
            }
            String bare = n.endsWith(".ipynb") ? n.substring(0, n.length() - ".ipynb".length()) : n;
            Path match = all.stream().filter(p -> name(p).equals(bare)).findFirst().orElse(null);
            if (match == null) {
                throw new IllegalArgumentException("unknown notebook '" + n + "' in " + dir + " (known: "
                        + String.join(", ", all.stream().map(NotebooksCli::name).toList()) + ")");
            }
            out.add(match);
        }
        return out;
    }

    static String name(Path p) {
        String f = p.getFileName().toString();
        return f.endsWith(".ipynb") ? f.substring(0, f.length() - ".ipynb".length()) : f;
    }

    /** One live line per notebook on a terminal; a line per slow cell otherwise. */
    private static final class ProgressLine implements NotebookRunner.Listener {
        private final String name;
        private final PrintStream err;
        private final boolean live = System.console() != null;

        ProgressLine(String name, PrintStream err) {
            this.name = name;
            this.err = err;
        }

        @Override
        public void cellStarted(int index, int codeCells, String firstLine) {
            if (live) {
                String l = firstLine.length() > 60 ? firstLine.substring(0, 57) + "..." : firstLine;
                err.print("\r\u001B[K  " + name + "  cell " + index + "/" + codeCells + "  " + l);
                err.flush();
            }
        }

        @Override
        public void cellFinished(int index, int codeCells, double seconds) {
            if (live && index == codeCells) {
                err.print("\r\u001B[K");
                err.flush();
            } else if (!live && seconds >= 5) {
                err.printf(Locale.ROOT, "  %s  cell %d/%d took %.1f s%n", name, index, codeCells, seconds);
            }
        }
    }
}
