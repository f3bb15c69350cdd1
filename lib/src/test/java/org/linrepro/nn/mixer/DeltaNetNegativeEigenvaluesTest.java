package org.linrepro.nn.mixer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.linrepro.nn.ops.DeltaRuleOps;

/** The β ∈ (0, 2) option of DeltaNet (2411.12537 Eq. 2): a reflection, and only when asked for. */
class DeltaNetNegativeEigenvaluesTest {

    /** Writing v along a unit key, then β = 2 with v = 0 on the same key flips the state: eigenvalue −1. */
    @Test
    void betaTwoReflectsTheStateAlongTheKey() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray k = m.create(new double[] {1, 0, 0, 1, 0, 0}, new Shape(1, 1, 2, 3));
            NDArray q = k.duplicate();
            NDArray v = m.create(new double[] {2, 5, 0, 0}, new Shape(1, 1, 2, 2));
            NDArray beta = m.create(new double[] {1, 2}, new Shape(1, 1, 2));
            for (NDArray o : new NDArray[] {
                    DeltaRuleOps.recurrent(q, k, v, beta), DeltaRuleOps.chunked(q, k, v, beta, 2),
                    DeltaRuleOps.parallel(q, k, v, beta)}) {
                assertArrayEquals(new double[] {2, 5, -2, -5}, o.toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void defaultIsUnchangedAndTheOptionDoublesBeta() {
        try (NDManager m = NDManager.newBaseManager()) {
            DeltaNetMixer.Config base = DeltaNetMixer.Config.defaults(8, 2, true);
            assertFalse(base.negativeEigenvalues());
            assertEquals(base, new DeltaNetMixer.Config(8, 2, true, 64, MixerForm.CHUNKED));
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(1, 7, 8));
            float[] off = build(m, base).mix(x, MixerForm.RECURRENT).toFloatArray();
            float[] on = build(m, base.withNegativeEigenvalues(true)).mix(x, MixerForm.RECURRENT).toFloatArray();
            assertFalse(Arrays.equals(off, on), "the option must change the mixer");
        }
    }

    private static TokenMixer build(NDManager m, DeltaNetMixer.Config c) {
        TokenMixer mixer = MixerRegistry.create("deltanet", c);
        Engine.getInstance().setRandomSeed(11);
        mixer.initialize(m, DataType.FLOAT32, new Shape(1, 7, 8));
        return mixer;
    }
}
