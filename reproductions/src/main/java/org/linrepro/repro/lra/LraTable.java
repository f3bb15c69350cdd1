package org.linrepro.repro.lra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * A results table of an LRA paper kept as data (a TSV resource: header {@code model} + task columns + {@code avg};
 * {@code FAIL} for a task no model learned; lines starting with {@code #} are provenance comments), so that claims
 * check the table's own arithmetic and orderings instead of numbers typed into code.
 */
public final class LraTable {
    /** The five tasks LRA Table 1 averages (Path-X is excluded: every model FAILs it). */
    public static final List<String> AVERAGED = List.of("listops", "text", "retrieval", "image", "pathfinder");

    private final String resource;
    private final List<String> columns;
    private final Map<String, Double[]> rows;

    private LraTable(String resource, List<String> columns, Map<String, Double[]> rows) {
        this.resource = resource;
        this.columns = columns;
        this.rows = rows;
    }

    public static LraTable load(String resource) {
        try (InputStream in = LraTable.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LinreproException(resource + ": table resource not found on the classpath");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LinreproException(resource + ": cannot read table: " + e.getMessage());
        }
    }

    static LraTable parse(String resource, String text) {
        List<String> columns = null;
        Map<String, Double[]> rows = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (columns == null) {
                columns = List.of(Arrays.copyOfRange(f, 1, f.length));
                continue;
            }
            if (f.length != columns.size() + 1) {
                throw new LinreproException(resource + ": line " + lineNo + " has " + f.length + " fields, header has "
                        + (columns.size() + 1));
            }
            Double[] v = new Double[columns.size()];
            for (int i = 0; i < v.length; i++) {
                String cell = f[i + 1].trim();
                try {
                    v[i] = cell.equals("FAIL") || cell.equals("NA") ? null : Double.valueOf(cell);
                } catch (NumberFormatException e) {
                    throw new LinreproException(resource + ": line " + lineNo + ", column " + columns.get(i)
                            + ": not a number: '" + cell + "'");
                }
            }
            rows.put(f[0].trim(), v);
        }
        if (columns == null || rows.isEmpty()) {
            throw new LinreproException(resource + ": table has no header or no rows");
        }
        return new LraTable(resource, columns, rows);
    }

    public List<String> models() {
        return new ArrayList<>(rows.keySet());
    }

    /** The printed score of {@code model} in {@code column}; FAIL/NA and unknown names are errors naming the table. */
    public double score(String model, String column) {
        Double[] r = rows.get(model);
        if (r == null) {
            throw new LinreproException(resource + ": no row '" + model + "'; rows: " + String.join(", ", rows.keySet()));
        }
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new LinreproException(resource + ": no column '" + column + "'; columns: " + String.join(", ", columns));
        }
        if (r[c] == null) {
            throw new LinreproException(resource + ": " + model + " has no number in column " + column + " (FAIL/NA)");
        }
        return r[c];
    }

    /** Mean of the {@link #AVERAGED} tasks, recomputed from the printed per-task scores. */
    public double recomputedAverage(String model) {
        double s = 0;
        for (String t : AVERAGED) {
            s += score(model, t);
        }
        return s / AVERAGED.size();
    }

    /** score(model) − the best other row in {@code column}: positive when {@code model} is strictly best. */
    public double leadOverOthers(String model, String column) {
        double best = Double.NEGATIVE_INFINITY;
        for (String m : rows.keySet()) {
            if (!m.equals(model)) {
                best = Math.max(best, score(m, column));
            }
        }
        return score(model, column) - best;
    }

    /** The worst other row in {@code column} − score(model): positive when {@code model} is strictly worst. */
    public double deficitToOthers(String model, String column) {
        double worst = Double.POSITIVE_INFINITY;
        for (String m : rows.keySet()) {
            if (!m.equals(model)) {
                worst = Math.min(worst, score(m, column));
            }
        }
        return worst - score(model, column);
    }
}
