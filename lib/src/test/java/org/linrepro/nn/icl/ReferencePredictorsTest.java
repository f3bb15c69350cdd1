package org.linrepro.nn.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.linrepro.theory.IclTheory;

class ReferencePredictorsTest {
    private static final double[][] X = {{1, 0, 2}, {0, 1, -1}, {1, 1, 0}, {2, -1, 1}, {0.5, 0.3, -0.7}};
    private static final double[] W = {0.5, -1, 2};

    private static double[] labels() {
        double[] y = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < 3; j++) {
                y[i] += X[i][j] * W[j];
            }
        }
        return y;
    }

    @Test
    void leastSquaresRecoversWOnceThereAreDExamples() {
        double[] q = {0.3, -0.4, 1.1};
        double truth = 0.3 * 0.5 + 0.4 + 2.2;
        assertEquals(truth, ReferencePredictors.leastSquares().predict(X, labels(), 3, q), 1e-12);
        assertEquals(truth, ReferencePredictors.leastSquares().predict(X, labels(), 5, q), 1e-12);
        assertEquals(0, ReferencePredictors.leastSquares().predict(X, labels(), 0, q), 0);
    }

    @Test
    void minNormSolutionBelowDInterpolatesAndLiesInTheRowSpace() {
        double[] w = ReferencePredictors.leastSquaresWeights(X, labels(), 2);
        double[] y = labels();
        assertEquals(y[0], w[0] + 2 * w[2], 1e-12); // interpolates x_1
        assertEquals(y[1], w[1] - w[2], 1e-12); // and x_2
        // row space of {(1,0,2), (0,1,-1)}: orthogonal to (−2, 1, 1)
        assertEquals(0, -2 * w[0] + w[1] + w[2], 1e-12);
    }

    @Test
    void ridgeTendsToLeastSquaresAndOtherBaselinesAreWhatTheySay() {
        double[] q = {1, 2, 3};
        double[] y = labels();
        assertEquals(ReferencePredictors.leastSquares().predict(X, y, 5, q),
                ReferencePredictors.ridge(1e-9).predict(X, y, 5, q), 1e-6);
        double v = 0;
        for (int i = 0; i < 4; i++) {
            v += y[i] * (X[i][0] * q[0] + X[i][1] * q[1] + X[i][2] * q[2]);
        }
        assertEquals(v / 4, ReferencePredictors.averaging().predict(X, y, 4, q), 1e-12);
        assertEquals(IclTheory.optimalStepSize(3, 4, 0.1) * v, ReferencePredictors.oneStepGd(0.1).predict(X, y, 4,
                q), 1e-12);
        // nearest to x = (1, 0, 2) among the first 4 examples are x_1 (itself), then x_3 and x_4
        assertEquals((y[0] + y[2] + y[3]) / 3, ReferencePredictors.nearestNeighbours(3).predict(X, y, 4, X[0]),
                1e-12);
        assertThrows(IllegalArgumentException.class, () -> ReferencePredictors.ridge(0));
    }
}
