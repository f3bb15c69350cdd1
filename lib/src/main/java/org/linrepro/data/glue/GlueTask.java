package org.linrepro.data.glue;

import java.util.Locale;
import org.linrepro.eval.GlueMetric;
import org.linrepro.util.LinreproException;

/**
 * The GLUE tasks of the mirror and their TSV layouts (shared/data/README.md): columns of the two inputs (−1 =
 * none), of the label, whether a header line comes first, the label's form, and the task's metric.
 */
public enum GlueTask {
    COLA("CoLA", false, 3, -1, 1, 2, GlueMetric.MATTHEWS),
    SST2("SST-2", true, 0, -1, 1, 2, GlueMetric.ACCURACY),
    MRPC("MRPC", true, 3, 4, 0, 2, GlueMetric.F1_ACCURACY),
    RTE("RTE", true, 1, 2, 3, 2, GlueMetric.ACCURACY),
    STSB("STS-B", true, 7, 8, 9, 1, GlueMetric.PEARSON_SPEARMAN),
    WNLI("WNLI", true, 1, 2, 3, 2, GlueMetric.ACCURACY),
    QNLI("QNLI", true, 1, 2, 3, 2, GlueMetric.ACCURACY);

    private final String dir;
    private final boolean header;
    private final int first;
    private final int second;
    private final int label;
    private final int labels;
    private final GlueMetric metric;

    GlueTask(String dir, boolean header, int first, int second, int label, int labels, GlueMetric metric) {
        this.dir = dir;
        this.header = header;
        this.first = first;
        this.second = second;
        this.label = label;
        this.labels = labels;
        this.metric = metric;
    }

    /** Directory under glue/ and dataset name suffix, e.g. "RTE" (dataset {@code glue/RTE}). */
    public String dir() {
        return dir;
    }

    public String dataset() {
        return "glue/" + dir;
    }

    boolean header() {
        return header;
    }

    int firstColumn() {
        return first;
    }

    int secondColumn() {
        return second;
    }

    int labelColumn() {
        return label;
    }

    /** Classes, or 1 for the regression task STS-B. */
    public int labels() {
        return labels;
    }

    public boolean regression() {
        return labels == 1;
    }

    public boolean pair() {
        return second >= 0;
    }

    public GlueMetric metric() {
        return metric;
    }

    /** By directory name, case-insensitive, with or without "glue/" or the hyphen ("sst2", "glue/STS-B"). */
    public static GlueTask byName(String name) {
        String n = name.replaceFirst("^glue/", "").replace("-", "").toUpperCase(Locale.ROOT);
        for (GlueTask t : values()) {
            if (t.dir.replace("-", "").toUpperCase(Locale.ROOT).equals(n)) {
                return t;
            }
        }
        throw new LinreproException("unknown GLUE task '" + name + "' (known: CoLA, SST-2, MRPC, RTE, STS-B, WNLI, "
                + "QNLI)");
    }

    /** The label of one row: 0/1, entailment=0 / not_entailment=1 (the GLUE convention), or an STS-B score. */
    double parseLabel(String s) {
        String v = s.trim();
        if (this == RTE || this == QNLI) {
            return switch (v) {
                case "entailment" -> 0;
                case "not_entailment" -> 1;
                default -> throw new NumberFormatException("expected entailment or not_entailment");
            };
        }
        double d = Double.parseDouble(v);
        if (!regression() && d != 0 && d != 1) {
            throw new NumberFormatException("expected 0 or 1");
        }
        return d;
    }
}
