package org.linrepro.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Garg et al.'s reference curves against CATALOGUE GA-6, and the i.i.d.-input GD step. */
class EstimatorRisksTest {
    @Test
    void matchesCatalogueValuesAtD20() {
        int[] n = {10, 19, 20, 40};
        double[] ls = {0.5, 0.05, 0, 0};
        double[] gd = {0.6774, 0.5250, 0.5122, 0.3443};
        double[] avg = {2.1, 1.1053, 1.05, 0.525};
        for (int i = 0; i < n.length; i++) {
            assertEquals(ls[i], EstimatorRisks.minNormLeastSquares(20, n[i]), 1e-12);
            assertEquals(gd[i], EstimatorRisks.optimalOneStepGd(20, n[i], 0), 5e-5);
            assertEquals(avg[i], EstimatorRisks.averaging(20, n[i], 0), 5e-5);
        }
        assertEquals(0.5263 / 20, EstimatorRisks.noisyLeastSquares(20, 40, 0.5), 5e-5 / 20);
        assertThrows(IllegalArgumentException.class, () -> EstimatorRisks.noisyLeastSquares(20, 21, 0.5));
    }

    @Test
    void iidInputStepReducesToTheGaussianOneAndGivesVonOswaldsStep() {
        assertEquals(IclTheory.optimalStepSize(7, 11, 0.2), IclTheory.optimalStepSizeIidInputs(7, 11, 0.2, 1, 3),
                1e-15);
        assertEquals(IclTheory.optimalLoss(7, 11, 0.2), IclTheory.lossAtStepIidInputs(7, 11, 0.2, 1, 3,
                IclTheory.optimalStepSize(7, 11, 0.2)), 1e-12);
        // x ~ U(−1, 1): s = 1/3, m4 = 1/5, d = n = 10 → η* = 5/33
        assertEquals(5.0 / 33, IclTheory.optimalStepSizeIidInputs(10, 10, 0, IclTheory.uniformSecondMoment(1),
                IclTheory.uniformFourthMoment(1)), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> IclTheory.optimalStepSizeIidInputs(3, 3, 0, 1, 0.5));
    }
}
