package org.linrepro.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

/** Metrics on hand-computed examples. */
class MetricsTest {
    @Test
    void classificationMetrics() {
        assertEquals(0.5, Metrics.accuracy(new int[] {1, 0, 1, 1}, new int[] {1, 1, 1, 0}), 1e-15);
        int[] pred = {1, 1, 0, 0, 1};
        int[] gold = {1, 0, 0, 0, 1};
        // tp 2, fp 1, tn 2, fn 0: MCC = (2·2 − 1·0)/√(3·2·3·2) = 2/3; F1 = 2·2/(2·2 + 1 + 0) = 0.8
        assertEquals(2.0 / 3, Metrics.matthews(pred, gold), 1e-15);
        assertEquals(0.8, Metrics.f1(pred, gold), 1e-15);
        assertEquals(0, Metrics.matthews(new int[] {1, 1}, new int[] {0, 1}), 0);
        assertEquals(-1, Metrics.matthews(new int[] {1, 0}, new int[] {0, 1}), 1e-15);
    }

    @Test
    void correlations() {
        // Σdxdy = 11.5, Σdx² = 5, Σdy² = 26.75
        assertEquals(11.5 / Math.sqrt(5 * 26.75), Metrics.pearson(new double[] {1, 2, 3, 4},
                new double[] {2, 4, 6, 9}), 1e-15);
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Metrics.ranks(new double[] {1, 2, 2, 3}), 0);
        // ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): 4.5 / √(4.5·5)
        assertEquals(4.5 / Math.sqrt(22.5), Metrics.spearman(new double[] {1, 2, 2, 3}, new double[] {5, 6, 7, 8}),
                1e-15);
        assertEquals(1, Metrics.spearman(new double[] {1, 5, 9}, new double[] {0, 0.1, 7}), 1e-15);
    }

    @Test
    void glueMetricNamesThePrimaryNumber() {
        assertEquals(0.8, GlueMetric.F1_ACCURACY.classification(new int[] {1, 1, 0, 0, 1},
                new int[] {1, 0, 0, 0, 1}).get("f1"), 1e-15);
        assertEquals("mcc", GlueMetric.MATTHEWS.primary());
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(LinreproException.class, () -> Metrics.accuracy(new int[] {1}, new int[] {1, 0}));
        assertThrows(LinreproException.class, () -> Metrics.pearson(new double[0], new double[0]));
    }
}
