package org.linrepro.nn.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.data.tracking.TrackingExample;
import org.linrepro.nn.mixer.DeltaNetMixer;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MixerRegistry;

class TrackingClassifierTest {

    /** h_t = a_t h_{t−1} + b_t x_t, checked against a plain Java loop over the mixer's own gates. */
    @Test
    void diagonalRecurrenceIsTheLoopOfTheOfficialLayer() {
        for (boolean negative : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                DiagonalRecurrenceMixer mixer = new DiagonalRecurrenceMixer(new DiagonalRecurrenceMixer.Config(4, negative));
                mixer.initialize(m, DataType.FLOAT64, new Shape(1, 1, 4));
                NDArray x = m.randomNormal(new Shape(2, 7, 4), DataType.FLOAT64);
                ParameterStore ps = new ParameterStore(m, false);
                double[] out = mixer.mix(x, MixerForm.RECURRENT).toDoubleArray();
                double[] a = mixer.transition(ps, x, false).toDoubleArray();
                double[] wb = param(mixer, "wb").toDoubleArray();
                double[] cb = param(mixer, "cb").toDoubleArray();
                double[] xs = x.toDoubleArray();
                for (int b = 0; b < 2; b++) {
                    double[] h = new double[4];
                    for (int t = 0; t < 7; t++) {
                        for (int i = 0; i < 4; i++) {
                            int at = (b * 7 + t) * 4;
                            double u = cb[i];
                            for (int j = 0; j < 4; j++) {
                                u += xs[at + j] * wb[j * 4 + i];
                            }
                            h[i] = (t == 0 ? 0 : a[at + i] * h[i]) + u * xs[at + i];
                            assertEquals(h[i], out[at + i], 1e-12);
                            assertTrue(negative ? a[at + i] >= -1 && a[at + i] <= 1 : a[at + i] >= 0 && a[at + i] <= 1);
                        }
                    }
                }
                double min = java.util.Arrays.stream(a).min().orElseThrow();
                assertTrue(negative == min < 0, "only the [-1,1] variant has negative gates (min " + min + ")");
            }
        }
    }

    private static NDArray param(DiagonalRecurrenceMixer mixer, String name) {
        for (Pair<String, Parameter> p : mixer.getParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue().getArray();
            }
        }
        throw new AssertionError(name);
    }

    /** The readout sits at each sequence's own last token: right padding by a longer neighbour changes nothing. */
    @Test
    void logitsDoNotDependOnRightPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            TrackingModelConfig c = new TrackingModelConfig(6, 6, 8, 2, 2);
            for (String id : List.of("diagonal", "deltanet")) {
                try (TrackingClassifier model = TrackingClassifier.create(m, c, l -> id.equals("diagonal")
                        ? new DiagonalRecurrenceMixer(new DiagonalRecurrenceMixer.Config(8, true))
                        : MixerRegistry.create("deltanet", new DeltaNetMixer.Config(8, 2, true, 4, MixerForm.CHUNKED)))) {
                    TrackingExample shortOne = new TrackingExample(new int[] {1, 2, 3}, 0);
                    TrackingExample longOne = new TrackingExample(new int[] {5, 4, 3, 2, 1, 0, 1, 2, 3, 4}, 1);
                    float[] alone = model.logits(m, List.of(shortOne), false).toFloatArray();
                    float[] padded = model.logits(m, List.of(shortOne, longOne), false).get(0).toFloatArray();
                    for (int i = 0; i < alone.length; i++) {
                        assertEquals(alone[i], padded[i], 1e-5, id + " class " + i);
                    }
                    assertEquals(6, alone.length);
                }
            }
        }
    }

    @Test
    void badTokensAndConfigsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrackingModelConfig c = new TrackingModelConfig(3, 2, 4, 1, 0);
            try (TrackingClassifier model = TrackingClassifier.create(m, c,
                    l -> new DiagonalRecurrenceMixer(new DiagonalRecurrenceMixer.Config(4, false)))) {
                assertThrows(IllegalArgumentException.class,
                        () -> model.logits(m, List.of(new TrackingExample(new int[] {3}, 0)), false));
            }
            assertThrows(IllegalArgumentException.class, () -> TrackingClassifier.create(m, c,
                    l -> new DiagonalRecurrenceMixer(new DiagonalRecurrenceMixer.Config(5, false))));
        }
        assertThrows(org.linrepro.util.LinreproException.class, () -> new TrackingModelConfig(3, 1, 4, 1, 0));
    }
}
