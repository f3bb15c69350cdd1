package org.linrepro.repro.notebook;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.linrepro.data.tracking.BracketArithmetic;
import org.linrepro.data.tracking.ModularArithmetic;
import org.linrepro.data.tracking.Parity;
import org.linrepro.data.tracking.PermutationGroup;
import org.linrepro.data.tracking.TrackingExample;
import org.linrepro.data.tracking.TrackingTask;
import org.linrepro.data.tracking.WordProblem;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the state-tracking notebook shows besides claims: the tasks' sequences decoded, and the one-dimensional
 * recurrence h_t = a·h_{t−1} + b that explains why the sign of the eigenvalue a decides parity. Every call is
 * instant (no training).
 */
public final class TrackingNotebook {
    private TrackingNotebook() {}

    /** {@code n} examples of a task at lengths [min, max], decoded to text, with the answer. */
    public static Table examples(String task, int n, int minLength, int maxLength, long seed) {
        TrackingTask t = TrackingTask.of(task);
        StringColumn seq = StringColumn.create("sequence (what the model reads)");
        IntColumn len = IntColumn.create("length");
        StringColumn ans = StringColumn.create("answer");
        for (TrackingExample e : t.generate(n, minLength, maxLength, seed)) {
            seq.append(decode(t, e.tokens()));
            len.append(e.length() + (t instanceof WordProblem ? 0 : t instanceof BracketArithmetic ? 2 : 1));
            ans.append(answer(t, e.label()));
        }
        return Table.create(task + " (length counts the answer token, as the official code)", seq, len, ans);
    }

    private static String answer(TrackingTask t, int label) {
        return t instanceof WordProblem w ? permutation(w.group(), label) : String.valueOf(label);
    }

    /** Tokens as text: bits, arithmetic symbols or permutations in one-line notation. */
    public static String decode(TrackingTask t, int[] tokens) {
        StringBuilder b = new StringBuilder();
        for (int x : tokens) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (t instanceof Parity) {
                b.append(x == Parity.BIT_ONE ? '1' : '0');
            } else if (t instanceof ModularArithmetic) {
                b.append(switch (x) {
                    case ModularArithmetic.PLUS -> "+";
                    case ModularArithmetic.MINUS -> "-";
                    case ModularArithmetic.TIMES -> "*";
                    case ModularArithmetic.EQUALS -> "=";
                    default -> String.valueOf(x - ModularArithmetic.FIRST_NUMBER);
                });
            } else if (t instanceof BracketArithmetic) {
                b.append(switch (x) {
                    case BracketArithmetic.PLUS -> "+";
                    case BracketArithmetic.MINUS -> "-";
                    case BracketArithmetic.OPEN -> "(";
                    case BracketArithmetic.CLOSE -> ")";
                    case BracketArithmetic.EQUALS -> "=";
                    default -> String.valueOf(x);
                });
            } else if (t instanceof WordProblem w) {
                b.append(permutation(w.group(), x));
            }
        }
        return b.toString();
    }

    private static String permutation(PermutationGroup g, int k) {
        StringBuilder b = new StringBuilder();
        for (int v : g.element(k)) {
            b.append(v + 1);
        }
        return b.toString();
    }

    /** The multiplication table of a small group ("a, then b"), elements in one-line notation. */
    public static Table groupTable(String name) {
        PermutationGroup g = PermutationGroup.of(name);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < g.order(); k++) {
            names.add(permutation(g, k));
        }
        Table t = Table.create(name + ": row a, column b, entry a·b (a, then b)", StringColumn.create("a", names));
        for (int b = 0; b < g.order(); b++) {
            StringColumn col = StringColumn.create(names.get(b));
            for (int a = 0; a < g.order(); a++) {
                col.append(names.get(g.multiply(a, b)));
            }
            t.addColumns(col);
        }
        return t;
    }

    /**
     * The scalar recurrence h_t = a·h_{t−1} + 1 (h_0 = 0) fed only 1-bits, for each a: with a = −1 the state alternates
     * 1, 0, 1, 0 … (it is the parity of t, at every length); with a ∈ [0, 1) it converges to 1/(1 − a), so odd and
     * even lengths become indistinguishable; a = 1 counts without bound.
     */
    public static XYChart oneDimensional(int steps, double... gates) {
        XYChart chart = new XYChartBuilder().width(720).height(360)
                .title("h_t = a h_{t-1} + 1 on a run of 1-bits").xAxisTitle("t (number of 1-bits)")
                .yAxisTitle("state h_t").build();
        for (double a : gates) {
            double[] x = new double[steps];
            double[] y = new double[steps];
            double h = 0;
            for (int t = 0; t < steps; t++) {
                h = a * h + 1;
                x[t] = t + 1;
                y[t] = h;
            }
            chart.addSeries("a = " + a, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        return chart;
    }

    /**
     * How far apart the states after t and t + 1 one-bits are, |h_{t+1} − h_t| = |a|^t, for each gate a: the
     * distance a readout needs to tell odd from even. It stays 1 only when |a| = 1; below float32's resolution of
     * the state (about 6e-8 relative) the two parities are the same number.
     */
    public static Table separation(int[] lengths, double... gates) {
        Table t = Table.create("|h_{t+1} - h_t| on runs of 1-bits", IntColumn.create("t", lengths));
        for (double a : gates) {
            StringColumn col = StringColumn.create("a = " + a);
            for (int len : lengths) {
                col.append(String.format(java.util.Locale.ROOT, "%.3g", Math.pow(Math.abs(a), len)));
            }
            t.addColumns(col);
        }
        return t;
    }
}
