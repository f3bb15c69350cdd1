package org.linrepro.kernel.nb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;


import org.linrepro.util.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * {@code ./linrepro notebooks list | run [NAME ...] [--out DIR] [--notebooks DIR] [--classpath CP]}: executes notebooks
 * in-process (no Jupyter needed) and writes, per notebook, the executed copy {@code NAME.ipynb} and an HTML export
 * {@code NAME.html} to the output folder ({@code reports/notebooks} by default), plus {@code index.html}. The size of
 * the experiments comes from {@code LINREPRO_TIER} (the launcher's {@code --tier}). Exit 0 when every notebook ran, 1
 * when a cell failed (the executed copy up to the failing cell, with its error, is still written), 2 for bad input.
 */
public final class NotebooksCli {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private NotebooksCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("linrepro notebooks: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (o.help) {
            out.println(usage());
            return 0;
        }
        try {
            List<Path> all = notebooks(o.notebooks);
            if (o.command.equals("list")) {
                all.forEach(p -> out.println(name(p)));
                return 0;
            }
            List<Path> selected = select(all, o.names, o.notebooks);
            return execute(selected, o, out, err);
        } catch (IllegalArgumentException e) {
            err.println("linrepro notebooks: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("linrepro notebooks: " + e);
            return 2;
        }
    }

    private static int execute(List<Path> selected, Options o, PrintStream out, PrintStream err) throws IOException {
        Files.createDirectories(o.out);
        String tier = System.getenv().getOrDefault("LINREPRO_TIER", "quick");
        out.println("Running " + selected.size() + " notebook(s) at LINREPRO_TIER=" + tier + " -> " + o.out);
        List<String[]> rows = new ArrayList<>();
        int failed = 0;
        for (Path nb : selected) {
            String name = name(nb);
            JsonObject parsed;
            try {
                parsed = JsonParser.parseString(Files.readString(nb, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                err.println("linrepro notebooks: " + nb + " is not valid notebook JSON: " + e.getMessage());
                rows.add(new String[] {name, "invalid JSON", "", ""});
                failed++;
                continue;
            }
            NotebookRunner.Result r = new NotebookRunner(o.classpath, new ProgressLine(name, err))
                    .run(parsed, nb.toAbsolutePath().getParent());
            AtomicFiles.write(o.out.resolve(name + ".ipynb"), GSON.toJson(r.notebook()) + "\n");
            AtomicFiles.write(o.out.resolve(name + ".html"), HtmlExport.page(name, r.notebook()));
            String time = String.format(Locale.ROOT, "%.1f s", r.seconds());
            if (r.ok()) {
                out.println("  ok      " + name + "  (" + r.cellSeconds().size() + " cells, " + time + ")");
                rows.add(new String[] {name, "ok", time, ""});
            } else {
                failed++;
                NotebookRunner.Failure f = r.failure();
                String why = "cell " + f.cell() + ": " + f.ename() + ": " + f.evalue();
                out.println("  FAILED  " + name + "  " + why + "  (" + time + ")");
                rows.add(new String[] {name, "failed", time, why});
            }
        }
        AtomicFiles.write(o.out.resolve("index.html"), index(rows, tier));
        out.println("Wrote " + o.out.resolve("index.html") + (failed > 0 ? "; " + failed + " notebook(s) failed" : ""));
        return failed > 0 ? 1 : 0;
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

    static String usage() {
        return String.join("\n",
                "usage: linrepro notebooks list",
                "       linrepro notebooks run [NAME ...] [--tier smoke|quick|paper] [--out DIR]",
                "  run      executes the notebooks (all, or the NAMEs) in-process and writes DIR/NAME.ipynb (executed",
                "           copy), DIR/NAME.html and DIR/index.html; DIR defaults to reports/notebooks",
                "  --tier   the experiments' size (sets LINREPRO_TIER; default quick, CI uses smoke)",
                "  --notebooks DIR   the folder of notebooks (default: the project's notebooks/)",
                "  --classpath CP    classpath preloaded into each notebook (the launcher passes the library)");
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

    private static final class Options {
        String command;
        final List<String> names = new ArrayList<>();
        Path out = Path.of("reports", "notebooks");
        Path notebooks = Path.of(System.getProperty("linrepro.home", ".")).resolve("notebooks");
        String classpath = "";
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help", "help" -> o.help = true;
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--notebooks" -> o.notebooks = Path.of(value(args, ++i, a));
                    case "--classpath" -> o.classpath = value(args, ++i, a);
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        } else if (o.command == null) {
                            if (!a.equals("run") && !a.equals("list")) {
                                throw new IllegalArgumentException("unknown command '" + a + "' (run or list)");
                            }
                            o.command = a;
                        } else {
                            o.names.add(a);
                        }
                    }
                }
            }
            if (o.command == null && !o.help) {
                throw new IllegalArgumentException("say run or list");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
