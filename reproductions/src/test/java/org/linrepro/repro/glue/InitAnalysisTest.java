package org.linrepro.repro.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** EVA's rank redistribution and the subspace overlap, on hand-made spectra. */
class InitAnalysisTest {

    @Test
    void budgetGoesToTheLargestRatiosWithinTheCap() {
        // group 0 concentrated (ratios .5 .3 .1 .05 …), group 1 flat (.1 each): budget 2·2 = 4, cap round(2·2) = 4
        double[] peaked = {50, 30, 10, 5, 5};
        double[] flat = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        int[] r = InitAnalysis.redistribute(List.of(peaked, flat), 2, 2.0);
        // candidates: .5 .3 .1 .05 | .1 .1 .1 .1 (cap 4 each); the top 4 are .5, .3 and two .1s, ties in group order
        assertArrayEquals(new int[] {3, 1}, r);
        // ρ = 1 caps every group at r: no redistribution
        assertArrayEquals(new int[] {2, 2}, InitAnalysis.redistribute(List.of(peaked, flat), 2, 1.0));
    }

    @Test
    void overlapIsOneForTheSameSubspaceAndZeroForOrthogonal() {
        double[][] p = {{1, 0, 0}, {0, 1, 0}};
        double[][] q = {{0, 1, 0}, {1, 0, 0}};
        double[][] o = {{0, 0, 1}};
        assertEquals(1.0, InitAnalysis.subspaceOverlap(p, q), 1e-12);
        assertEquals(0.0, InitAnalysis.subspaceOverlap(o, p), 1e-12);
    }
}
