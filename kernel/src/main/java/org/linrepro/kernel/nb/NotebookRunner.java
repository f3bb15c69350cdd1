package org.linrepro.kernel.nb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.linrepro.kernel.CellException;
import org.linrepro.kernel.JavaSession;
import org.linrepro.kernel.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    public record Result(ObjectNode notebook, Failure failure, List<Double> cellSeconds, double seconds) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** The first failing cell: its position among all cells (1-based) and the error. */
    public record Failure(int cell, String ename, String evalue) {
    }

    private final String classpath;
    private final Listener listener;
    private final List<Double> times = new ArrayList<>();
    private volatile ObjectNode copy;
    private volatile ObjectNode runningCell;
    private volatile int runningIndex;
    private volatile NotebookOutputs runningOutputs;
    private long start;

    public NotebookRunner(String classpath, Listener listener) {
        this.classpath = classpath;
        this.listener = listener;
    }

    /** Runs {@code notebook} (parsed nbformat 4 JSON) with {@code workDir} as the session's folder. */
    public Result run(ObjectNode notebook, Path workDir) {
        ObjectNode nb = notebook.deepCopy();
        JsonNode cellsNode = nb.get("cells");
        if (!(cellsNode instanceof ArrayNode cells)) {
            throw new IllegalArgumentException("not a notebook: no \"cells\" array");
        }
        int codeCells = 0;
        for (JsonNode c : cells) {
            if (isCode(c)) {
                codeCells++;
                ((ObjectNode) c).set("outputs", Json.MAPPER.createArrayNode()); // a cell never reached shows nothing stale
                ((ObjectNode) c).putNull("execution_count");
            }
        }
        copy = nb;
        start = System.nanoTime();
        Failure failure = null;
        try (JavaSession session = JavaSession.start(classpath, workDir)) {
            int count = 0;
            int index = 0;
            for (JsonNode c : cells) {
                index++;
                if (!isCode(c)) {
                    continue;
                }
                ObjectNode cell = (ObjectNode) c;
                count++;
                String source = source(cell);
                listener.cellStarted(count, codeCells, firstLine(source));
                NotebookOutputs out = new NotebookOutputs();
                runningOutputs = out;
                runningCell = cell;
                runningIndex = index;
                cell.put("execution_count", count);
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
                cell.set("outputs", out.outputs());
                runningCell = null;
                listener.cellFinished(count, codeCells, s);
                if (failure != null) {
                    break;
                }
            }
        }
        return new Result(nb, failure, List.copyOf(times), (System.nanoTime() - start) / 1e9);
    }

    /**
     * What the run has so far, when the process is ending under it (a library calling {@code System.exit} from a cell;
     * called from a shutdown hook): the running cell gets its output so far plus an error saying so. Null when no cell
     * is running.
     */
    public Result endedByExit() {
        ObjectNode cell = runningCell;
        NotebookOutputs out = runningOutputs;
        if (cell == null || out == null) {
            return null;
        }
        String evalue = "the cell ended the process (System.exit or Runtime.halt called from library code)";
        out.error("ProcessExit", evalue, List.of("ProcessExit: " + evalue));
        cell.set("outputs", out.outputs());
        return new Result(copy, new Failure(runningIndex, "ProcessExit", evalue), List.copyOf(times),
                (System.nanoTime() - start) / 1e9);
    }

    static boolean isCode(JsonNode cell) {
        return "code".equals(cell.path("cell_type").asText());
    }

    /** A cell's source, which nbformat allows as one string or a list of lines. */
    public static String source(JsonNode cell) {
        return multiline(cell.get("source"));
    }

    /** An nbformat multiline string: one string, or a list of lines to join (null or missing: empty). */
    public static String multiline(JsonNode e) {
        if (e == null || e.isNull() || e.isMissingNode()) {
            return "";
        }
        if (e.isArray()) {
            StringBuilder b = new StringBuilder();
            e.forEach(l -> b.append(l.asText()));
            return b.toString();
        }
        return e.isValueNode() ? e.asText() : e.toString();
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
