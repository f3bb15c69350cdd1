package org.linrepro.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmallMatricesTest {
    private static final double[][] A = {{4, 1, 0.5}, {1, 3, -0.2}, {0.5, -0.2, 2}};

    @Test
    void inverseTimesMatrixIsIdentity() {
        double[][] p = SmallMatrices.multiply(SmallMatrices.inverse(A), A);
        assertEquals(0, SmallMatrices.relativeDifference(p, SmallMatrices.identity(3)), 1e-14);
    }

    @Test
    void choleskyReproducesTheMatrixAndSolves() {
        double[][] l = SmallMatrices.cholesky(A);
        assertEquals(0, SmallMatrices.relativeDifference(SmallMatrices.multiply(l, SmallMatrices.transpose(l)), A),
                1e-15);
        double[] x = {1, -2, 0.5};
        double[] b = SmallMatrices.multiply(A, x);
        assertArrayEquals(x, SmallMatrices.solvePositiveDefinite(A, b), 1e-13);
    }

    @Test
    void rejectsSingularAndIndefiniteMatrices() {
        double[][] singular = {{1, 2}, {2, 4}};
        assertThrows(IllegalArgumentException.class, () -> SmallMatrices.inverse(singular));
        assertFalse(SmallMatrices.isPositiveDefinite(singular));
        assertFalse(SmallMatrices.isPositiveDefinite(new double[][] {{1, 0.5}, {0.4, 1}})); // not symmetric
        assertTrue(SmallMatrices.isPositiveDefinite(A));
    }

    @Test
    void traceAndFrobenius() {
        assertEquals(9, SmallMatrices.trace(A), 0);
        assertEquals(5, SmallMatrices.frobenius(new double[][] {{3, 0}, {0, 4}}), 0);
    }
}
