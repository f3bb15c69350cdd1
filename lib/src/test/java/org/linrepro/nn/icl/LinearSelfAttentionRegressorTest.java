package org.linrepro.nn.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.linrepro.data.icl.RegressionPrompts;

class LinearSelfAttentionRegressorTest {
    @Test
    void gradientStepConstructionEqualsOneGdStep() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            RegressionPrompts p = RegressionPrompts.sample(m, 64, 9, 4, 0.2, DataType.FLOAT32);
            double eta = 0.07;
            try (LinearSelfAttentionRegressor lsa = LinearSelfAttentionRegressor.gradientStep(m, 4, 9, eta)) {
                NDArray a = lsa.predict(p);
                NDArray b = p.oneStepGd(eta);
                float diff = a.sub(b).abs().max().getFloat();
                float scale = b.abs().max().getFloat();
                assertTrue(diff <= 1e-5 * scale, "max diff " + diff + " vs scale " + scale);
                double[][] g = lsa.effectivePreconditioner(9);
                assertEquals(eta, g[2][2], 1e-7);
                assertEquals(0.0, g[0][1], 0.0);
                assertEquals(0.0, lsa.spuriousRatio(), 0.0);
                assertEquals(4 * 5 + 5, lsa.parameterCount());
            }
        }
    }

    @Test
    void promptsAreDeterministicUnderASeed() {
        float[] first;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            first = RegressionPrompts.sample(m, 8, 5, 3, 0.0, DataType.FLOAT32).target().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            float[] second = RegressionPrompts.sample(m, 8, 5, 3, 0.0, DataType.FLOAT32).target().toFloatArray();
            for (int i = 0; i < first.length; i++) {
                assertEquals(first[i], second[i], 0.0f);
            }
        }
    }
}
