package org.linrepro.repro.icl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.theory.IclTheory;

class LineSearchTest {
    @Test
    void findsTheClosedFormStepOnGaussianPrompts() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            LineSearch.Result r = LineSearch.oneStepGd(m, PromptDistribution.isotropic(5, 8, 0.2), 60_000);
            double eta = IclTheory.optimalStepSize(5, 8, 0.2);
            assertTrue(r.standardError() > 0 && r.standardError() < 0.05 * eta, "s.e. " + r.standardError());
            assertTrue(Math.abs(r.step() - eta) < 4 * r.standardError(), r.step() + " vs " + eta + " ± "
                    + r.standardError());
        }
    }
}
