package org.linrepro.nn.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;

class IclTransformerTest {
    @Test
    void predictsEveryPrefixCausallyInBothEncodings() {
        for (IclTransformer.Encoding enc : IclTransformer.Encoding.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                IclTransformer.Spec spec = new IclTransformer.Spec(3, 6, 2, 16, 2, enc);
                IclTransformer model = IclTransformer.create(m, spec);
                RegressionPrompts p = RegressionPrompts.sample(m, 4, PromptDistribution.isotropic(3, 6, 0),
                        DataType.FLOAT32);
                float[] before = model.predictAll(p).toFloatArray();
                assertEquals(4 * 6, before.length);
                // Change example 3's label: predictions for k ≤ 3 (which see examples 0 … k−1) must not move.
                NDArray y = p.y().duplicate();
                y.set(new ai.djl.ndarray.index.NDIndex(":, 3"), 100f);
                RegressionPrompts changed = new RegressionPrompts(p.x(), y, p.query(), p.w(), p.target());
                float[] after = model.predictAll(changed).toFloatArray();
                for (int b = 0; b < 4; b++) {
                    for (int k = 0; k <= 3; k++) {
                        assertEquals(before[b * 6 + k], after[b * 6 + k], 1e-6f, enc + " k=" + k);
                    }
                    assertTrue(Math.abs(before[b * 6 + 4] - after[b * 6 + 4]) > 0, enc + ": k=4 must see y_3");
                }
                long c = 16;
                long perBlock = 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + 2 * c + (c * 4 * c + 4 * c)
                        + (4 * c * c + c);
                long expected = spec.tokenSize() * c + c + 12 * c + 2 * perBlock + 2 * c + c + 1;
                assertEquals(expected, model.parameterCount());
                model.close();
            }
        }
    }

    @Test
    void rejectsImpossibleShapes() {
        assertThrows(IllegalArgumentException.class, () -> new IclTransformer.Spec(3, 6, 2, 30, 4));
        try (NDManager m = NDManager.newBaseManager()) {
            IclTransformer model = IclTransformer.create(m, new IclTransformer.Spec(3, 4, 1, 8, 2));
            RegressionPrompts p = RegressionPrompts.sample(m, 2, PromptDistribution.isotropic(3, 6, 0),
                    DataType.FLOAT32);
            assertThrows(IllegalArgumentException.class, () -> model.predictAll(p));
        }
    }
}
