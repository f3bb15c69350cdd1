package org.linrepro.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Closed forms against the catalogue's independently derived values (CATALOGUE.md ICL-M5). */
class IclTheoryTest {
    @Test
    void matchesCatalogueTable() {
        // mean-form η* and loss incl. query noise, as printed in the catalogue
        assertEquals(0.4761904762, IclTheory.optimalMeanStepSize(10, 10, 0), 1e-10);
        assertEquals(0.7547169811, IclTheory.optimalMeanStepSize(5, 20, 0.5), 1e-10);
        assertEquals(0.6430868167, IclTheory.optimalMeanStepSize(10, 20, 0.1), 1e-10);
        assertEquals(5.2380952381, IclTheory.optimalLoss(10, 10, 0), 1e-10);
        assertEquals(1.7264150943, IclTheory.optimalLoss(5, 20, 0.5) + 0.5, 1e-10);
        assertEquals(13.5483870968, IclTheory.optimalLoss(20, 10, 0), 1e-10);
        assertEquals(6.8852459016, IclTheory.optimalLoss(20, 40, 0), 1e-10);
    }

    @Test
    void lossCurveHasItsMinimumAtTheOptimalStep() {
        double eta = IclTheory.optimalStepSize(7, 13, 0.3);
        double best = IclTheory.lossAtStep(7, 13, 0.3, eta);
        assertEquals(IclTheory.optimalLoss(7, 13, 0.3), best, 1e-12);
        assertEquals(7.0, IclTheory.lossAtStep(7, 13, 0.3, 0), 1e-12);
        for (double f : new double[] {0.9, 1.1}) {
            assertEquals(true, IclTheory.lossAtStep(7, 13, 0.3, f * eta) > best);
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> IclTheory.optimalLoss(0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> IclTheory.optimalStepSize(3, 5, -1));
    }
}
