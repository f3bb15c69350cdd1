package org.linrepro.kernel.nb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.linrepro.kernel.CellException;
import org.linrepro.kernel.JavaSession;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Executes a notebook top to bottom in one fresh {@link JavaSession} (in this JVM, no Jupyter), the way
 * {@code jupyter nbconvert --execute} does: outputs and execution counts are filled in, and execution stops at the first
 * failing cell, whose error is kept in the copy. The input notebook is never modified.
 */
public final class NotebookRunner {

    /** Called as cells start and finish, for a progress line. */
    public interface Listener {
        /** Reports nothing. */
        Listener NONE = new Listener() {
            @Override
            public void cellStarted(int index, int codeCells, String firstLine) {
            }

            @Override
            public void cellFinished(int index, int codeCells, double seconds) {
            }
        };

        void cellStarted(int index, int codeCells, String firstLine);

        void cellFinished(int index, int codeCells, double seconds);
    }

    /** The executed copy, and where it failed (null when every cell ran). */
    public record Result(JsonObject notebook, Failure failure, List<Double> cellSeconds, double seconds) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** The first failing cell: its position among all cells (1-based) and the error. */
    public record Failure(int cell, String ename, String evalue) {
    }

    private final String classpath;
    private final Listener listener;

    public NotebookRunner(String classpath, Listener listener) {
        this.classpath = classpath;
        this.listener = listener;
    }

    /** Runs {@code notebook} (parsed nbformat 4 JSON) with {@code workDir} as the session's folder. */
    public Result run(JsonObject notebook, Path workDir) {
        JsonObject copy = notebook.deepCopy();
        JsonArray cells = copy.getAsJsonArray("cells");
        if (cells == null) {
            throw new IllegalArgumentException("not a notebook: no \"cells\" array");
        }
        int codeCells = 0;
        for (JsonElement c : cells) {
            if (isCode(c.getAsJsonObject())) {
                codeCells++;
            }
        }
        for (JsonElement c : cells) { // a cell never reached must not show a stale output
            JsonObject cell = c.getAsJsonObject();
            if (isCode(cell)) {
                cell.add("outputs", new JsonArray());
                cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
            }
        }
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        Failure failure = null;
        try (JavaSession session = JavaSession.start(classpath, workDir)) {
            int count = 0;
            int index = 0;
            for (JsonElement c : cells) {
                index++;
                JsonObject cell = c.getAsJsonObject();
                if (!isCode(cell)) {
                    continue;
                }
                count++;
                String source = source(cell);
                listener.cellStarted(count, codeCells, firstLine(source));
                NotebookOutputs out = new NotebookOutputs();
                long t0 = System.nanoTime();
                try {
                    JavaSession.CellResult r = session.execute(source, count, out);
                    if (r.hasValue() && r.bundle() != null) {
                        out.result(r.bundle(), count);
                    }
                } catch (CellException e) {
                    out.error(e.ename(), e.evalue(), e.traceback());
                    failure = new Failure(index, e.ename(), e.evalue());
                }
                double s = (System.nanoTime() - t0) / 1e9;
                times.add(s);
                cell.addProperty("execution_count", count);
                cell.add("outputs", out.outputs());
                listener.cellFinished(count, codeCells, s);
                if (failure != null) {
                    break;
                }
            }
        }
        return new Result(copy, failure, times, (System.nanoTime() - start) / 1e9);
    }

    static boolean isCode(JsonObject cell) {
        return cell.has("cell_type") && "code".equals(cell.get("cell_type").getAsString());
    }

    /** A cell's source, which nbformat allows as one string or a list of lines. */
    static String source(JsonObject cell) {
        return multiline(cell.get("source"));
    }

    /** An nbformat multiline string: one string, or a list of lines to join (null or missing: empty). */
    static String multiline(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        if (e.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            e.getAsJsonArray().forEach(l -> b.append(l.getAsString()));
            return b.toString();
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static String firstLine(String source) {
        for (String l : source.split("\n")) {
            if (!l.isBlank()) {
                return l.strip();
            }
        }
        return "";
    }
}
