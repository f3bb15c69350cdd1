package org.linrepro.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GLUE task's official metric(s): CoLA Matthews correlation; SST-2, RTE, QNLI, WNLI accuracy; MRPC F1 and
 * accuracy; STS-B Pearson and Spearman. {@link #primary} is the number papers put in their tables (LoRA's
 * table: MCC, accuracy, accuracy for MRPC, Pearson for STS-B).
 */
public enum GlueMetric {
    MATTHEWS("mcc"), ACCURACY("accuracy"), F1_ACCURACY("accuracy"), PEARSON_SPEARMAN("pearson");

    private final String primary;

    GlueMetric(String primary) {
        this.primary = primary;
    }

    public String primary() {
        return primary;
    }

    /** All metrics of the task for class predictions. */
    public Map<String, Double> classification(int[] pred, int[] gold) {
        Map<String, Double> m = new LinkedHashMap<>();
        switch (this) {
            case MATTHEWS -> {
                m.put("mcc", Metrics.matthews(pred, gold));
                m.put("accuracy", Metrics.accuracy(pred, gold));
            }
            case ACCURACY -> m.put("accuracy", Metrics.accuracy(pred, gold));
            case F1_ACCURACY -> {
                m.put("f1", Metrics.f1(pred, gold));
                m.put("accuracy", Metrics.accuracy(pred, gold));
            }
            default -> throw new IllegalStateException(this + " is a regression metric");
        }
        return m;
    }

    /** Pearson and Spearman for regression scores. */
    public Map<String, Double> regression(double[] pred, double[] gold) {
        return new LinkedHashMap<>(Map.of("pearson", Metrics.pearson(pred, gold),
                "spearman", Metrics.spearman(pred, gold)));
    }
}
