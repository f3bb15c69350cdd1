package org.linrepro.data.icl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.linrepro.linalg.SmallMatrices;

class PromptDistributionTest {
    @Test
    void isotropicDistributionDrawsTheSamePromptsAsTheOriginalSampler() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            RegressionPrompts a = RegressionPrompts.sample(m, 16, 6, 3, 0.4, DataType.FLOAT32);
            Engine.getInstance().setRandomSeed(5);
            RegressionPrompts b = RegressionPrompts.sample(m, 16, PromptDistribution.isotropic(3, 6, 0.4),
                    DataType.FLOAT32);
            assertArrayEquals(a.y().toFloatArray(), b.y().toFloatArray(), 0f);
            assertArrayEquals(a.target().toFloatArray(), b.target().toFloatArray(), 0f);
        }
    }

    @Test
    void covarianceAndInversePriorHaveTheRequestedSecondMoments() {
        double[][] sigma = {{2, 0.5}, {0.5, 1}};
        PromptDistribution d = PromptDistribution.gaussian(2, 1, 0, sigma,
                PromptDistribution.Prior.INVERSE_COVARIANCE);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            RegressionPrompts p = RegressionPrompts.sample(m, 200_000, d, DataType.FLOAT64);
            double[][] ex = secondMoment(p.query());
            double[][] ew = secondMoment(p.w());
            double[][] sigmaInv = SmallMatrices.inverse(sigma);
            assertTrue(SmallMatrices.relativeDifference(ex, sigma) < 0.01, "E[xxᵀ] off: " + java.util.Arrays
                    .deepToString(ex));
            assertTrue(SmallMatrices.relativeDifference(ew, sigmaInv) < 0.01, "E[wwᵀ] off: " + java.util.Arrays
                    .deepToString(ew));
        }
    }

    private static double[][] secondMoment(NDArray rows) {
        long n = rows.getShape().get(0);
        NDArray m = rows.transpose().matMul(rows).div(n);
        double[] v = m.toDoubleArray();
        return new double[][] {{v[0], v[1]}, {v[2], v[3]}};
    }

    @Test
    void uniformInputsAndTanhLinkStayInRange() {
        PromptDistribution d = PromptDistribution.uniform(4, 5, 0, 1.0).withLink(PromptDistribution.Link.TANH);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            RegressionPrompts p = RegressionPrompts.sample(m, 1000, d, DataType.FLOAT32);
            assertTrue(p.x().abs().max().getFloat() <= 1f);
            assertTrue(p.y().abs().max().getFloat() < 1f);
            NDArray tanh = p.query().mul(p.w()).sum(new int[] {1}).tanh();
            assertEquals(0f, p.target().sub(tanh).abs().max().getFloat(), 0f);
        }
        assertEquals(1.0 / 3, d.inputCovariance()[2][2], 1e-15);
    }

    @Test
    void rejectsImpossibleDistributions() {
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.uniform(3, 4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.gaussian(2, 4, 0,
                new double[][] {{1, 2}, {2, 1}}, PromptDistribution.Prior.STANDARD));
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.isotropic(0, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.isotropic(3, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.Link.parse("sigmoid"));
    }
}
