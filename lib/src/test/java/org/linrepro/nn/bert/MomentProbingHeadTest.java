package org.linrepro.nn.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linrepro.nn.adapters.AdapterMethods;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architectures;

/** The Moment Probing head: its arrays are the counted shapes, padding does not change it, every array learns. */
class MomentProbingHeadTest {
    @Test
    void countsPaddingAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            AdapterOptions o = AdapterOptions.defaults();
            MomentProbingHead h = new MomentProbingHead(m, Architectures.byId("minilm-l6"), 3, o, new Random(1));
            assertEquals(AdapterMethods.count("minilm-l6", "moment-probing", o, 3), h.parameterCount());

            Random rng = new Random(2);
            float[] v = new float[2 * 6 * 384];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextGaussian();
            }
            NDArray hidden = m.create(v, new ai.djl.ndarray.types.Shape(2, 6, 384));
            NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new ai.djl.ndarray.types.Shape(2, 6));
            float[] logits = h.forward(hidden, mask).toFloatArray();
            assertEquals(6, logits.length);
            // the second sample alone, without its two padding positions, gives the same logits
            NDArray short2 = hidden.get("1:2, :4, :");
            NDArray mask2 = m.create(new long[] {1, 1, 1, 1}, new ai.djl.ndarray.types.Shape(1, 4));
            float[] alone = h.forward(short2, mask2).toFloatArray();
            assertArrayEquals(new float[] {logits[3], logits[4], logits[5]}, alone, 1e-4f);

            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(h.forward(hidden, mask).square().sum());
            }
            for (NDArray a : h.trainable()) {
                assertTrue(a.getGradient().abs().max().getFloat() > 0, "no gradient for " + a.getShape());
            }
        }
    }

    @Test
    void mpPlusPsrpOnTheEncoderIsWhatMpPlusAddsToTheCount() {
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder e = new BertEncoder(m, AdapterBehaviourTest.TINY, AdapterBehaviourTest.randomWeights(3))) {
            BertAdapters.install(e, "moment-probing+", AdapterOptions.defaults(), new Random(1));
            long built = e.trainable().stream().mapToLong(a -> a.getShape().size()).sum();
            assertEquals(2 * 3 * 24 * 16, built); // 2 layers · (down + up_weight + up_bias) · d · 16
            long perLayer = (AdapterMethods.count("minilm-l6", "moment-probing+", AdapterOptions.defaults(), 0)
                    - AdapterMethods.count("minilm-l6", "moment-probing", AdapterOptions.defaults(), 0)) / 6;
            assertEquals(3 * 384 * 16, perLayer);
            List<NDArray> params = e.trainable();
            try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Tokenized in = AdapterBehaviourTest.INPUT;
                gc.backward(e.forward(in.idsArray(sm), in.typeIdsArray(sm), in.maskArray(sm)).square().mean());
            }
            for (NDArray a : params) {
                assertTrue(a.getGradient().abs().max().getFloat() > 0, "no gradient for " + a.getShape());
            }
        }
    }
}
