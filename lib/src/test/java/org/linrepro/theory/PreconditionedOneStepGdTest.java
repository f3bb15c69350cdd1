package org.linrepro.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.linrepro.linalg.SmallMatrices;

/** The general preconditioned optimum against the isotropic closed form and the catalogue's ICL-M6 example. */
class PreconditionedOneStepGdTest {
    private static final double[][] SIGMA = SmallMatrices.diagonal(new double[] {4, 2, 1, 0.5});

    @Test
    void isotropicCaseGivesBackOneGdStep() {
        double[][] id = SmallMatrices.identity(6);
        double[][] g = PreconditionedOneStepGd.optimalPreconditioner(id, id, 9, 0.3);
        double eta = IclTheory.optimalStepSize(6, 9, 0.3);
        assertEquals(0, SmallMatrices.relativeDifference(g, SmallMatrices.scale(eta, id)), 1e-14);
        assertEquals(IclTheory.optimalLoss(6, 9, 0.3), PreconditionedOneStepGd.optimalLoss(id, id, 9, 0.3), 1e-12);
    }

    @Test
    void catalogueExampleWithTheInversePrior() {
        double[][] g = PreconditionedOneStepGd.optimalPreconditioner(SIGMA, SmallMatrices.inverse(SIGMA), 12, 0.25);
        double[] expected = {0.173913, 0.347826, 0.695652, 1.391304}; // mean form n·Γ*, CATALOGUE ICL-M6
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], 12 * g[i][i], 5e-7);
        }
        assertEquals(1.4673913 - 0.25, PreconditionedOneStepGd.optimalLoss(SIGMA, SmallMatrices.inverse(SIGMA), 12,
                0.25), 5e-8);
    }

    @Test
    void theOptimumIsAMinimumOfTheLoss() {
        double[][] sw = SmallMatrices.identity(4);
        double[][] g = PreconditionedOneStepGd.optimalPreconditioner(SIGMA, sw, 12, 0.25);
        double best = PreconditionedOneStepGd.loss(g, SIGMA, sw, 12, 0.25);
        assertEquals(PreconditionedOneStepGd.optimalLoss(SIGMA, sw, 12, 0.25), best, 1e-12);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double[][] h = SmallMatrices.copy(g);
                h[i][j] += 0.01;
                assertTrue(PreconditionedOneStepGd.loss(h, SIGMA, sw, 12, 0.25) > best);
            }
        }
    }

    @Test
    void rejectsImpossibleInputs() {
        double[][] id = SmallMatrices.identity(3);
        assertThrows(IllegalArgumentException.class,
                () -> PreconditionedOneStepGd.optimalPreconditioner(id, SmallMatrices.identity(4), 5, 0));
        assertThrows(IllegalArgumentException.class,
                () -> PreconditionedOneStepGd.optimalPreconditioner(id, id, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PreconditionedOneStepGd.optimalPreconditioner(
                new double[][] {{1, 2, 0}, {2, 1, 0}, {0, 0, 1}}, id, 5, 0));
    }
}
