package org.linrepro.eval;

import java.util.Arrays;
import org.linrepro.util.LinreproException;

/** The GLUE metrics: accuracy, Matthews correlation, binary F1, Pearson and Spearman correlation. */
public final class Metrics {
    private Metrics() {}

    private static void sameLength(int a, int b) {
        if (a != b || a == 0) {
            throw new LinreproException("metric needs equally long, non-empty predictions and labels (" + a + " vs "
                    + b + ")");
        }
    }

    public static double accuracy(int[] pred, int[] gold) {
        sameLength(pred.length, gold.length);
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            ok += pred[i] == gold[i] ? 1 : 0;
        }
        return (double) ok / pred.length;
    }

    /** Matthews correlation of binary labels (0/1); 0 when a row or column of the confusion matrix is empty. */
    public static double matthews(int[] pred, int[] gold) {
        sameLength(pred.length, gold.length);
        double tp = 0;
        double tn = 0;
        double fp = 0;
        double fn = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == 1) {
                if (gold[i] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (gold[i] == 1) {
                fn++;
            } else {
                tn++;
            }
        }
        double den = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        return den == 0 ? 0 : (tp * tn - fp * fn) / den;
    }

    /** F1 of the positive class 1; 0 when there are no true positives. */
    public static double f1(int[] pred, int[] gold) {
        sameLength(pred.length, gold.length);
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == 1 && gold[i] == 1) {
                tp++;
            } else if (pred[i] == 1) {
                fp++;
            } else if (gold[i] == 1) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
    }

    public static double pearson(double[] x, double[] y) {
        sameLength(x.length, y.length);
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman's rank correlation: Pearson of the ranks, ties get their average rank (as scipy). */
    public static double spearman(double[] x, double[] y) {
        sameLength(x.length, y.length);
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
