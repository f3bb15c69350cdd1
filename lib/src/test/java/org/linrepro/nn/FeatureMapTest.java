package org.linrepro.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.linrepro.nn.mixer.HedgehogMixer;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.PerformerMixer;

/** Mixer-specific behaviour beyond form equivalence. */
class FeatureMapTest {

    @Test
    void performerFeaturesAreSeededAndRedrawable() {
        PerformerMixer a = new PerformerMixer(PerformerMixer.Config.defaults(8, 2, true));
        PerformerMixer b = new PerformerMixer(PerformerMixer.Config.defaults(8, 2, true));
        assertArrayEquals(a.features(), b.features());
        b.redraw(99);
        assertTrue(!java.util.Arrays.equals(a.features(), b.features()));
        b.redraw(0);
        assertArrayEquals(a.features(), b.features());
    }

    /** With many random features FAVOR+ approaches softmax attention (2009.14794 Thm. 1). */
    @Test
    void performerApproximatesSoftmaxWithManyFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            PerformerMixer.Config c = new PerformerMixer.Config(8, 2, false, 8, MixerForm.PARALLEL, 4096, 5L, true, 1e-6);
            PerformerMixer p = new PerformerMixer(c);
            Engine.getInstance().setRandomSeed(3);
            p.initialize(m, DataType.FLOAT32, new Shape(1, 10, 8));
            org.linrepro.nn.mixer.SoftmaxMixer s = new org.linrepro.nn.mixer.SoftmaxMixer(
                    new org.linrepro.nn.mixer.SoftmaxMixer.Config(8, 2, false, 8, MixerForm.PARALLEL));
            Engine.getInstance().setRandomSeed(3);
            s.initialize(m, DataType.FLOAT32, new Shape(1, 10, 8));
            NDArray x = m.randomNormal(new Shape(1, 10, 8));
            double e = MixerTestSupport.rel(p.mix(x, MixerForm.PARALLEL), s.mix(x, MixerForm.PARALLEL));
            assertTrue(e < 0.1, "performer vs softmax relative error " + e);
        }
    }

    @Test
    void hedgehogDistillationLossTrainsTheFeatureMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            HedgehogMixer h = new HedgehogMixer(HedgehogMixer.Config.defaults(8, 2, true));
            Engine.getInstance().setRandomSeed(4);
            h.initialize(m, DataType.FLOAT32, new Shape(2, 9, 8));
            NDArray x = m.randomNormal(new Shape(2, 9, 8));
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = h.distillationLoss(new ParameterStore(m, false), x, true);
                gc.backward(loss);
            }
            assertTrue(Double.isFinite(loss.getFloat()) && loss.getFloat() > 0, "loss " + loss.getFloat());
            for (Pair<String, Parameter> p : h.getParameters()) {
                if (p.getKey().equals("wf")) {
                    assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, "feature map gets a gradient");
                }
            }
        }
    }
}
