package org.linrepro.nn.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.LoraLinear;
import org.linrepro.nn.adapters.Role;
import org.linrepro.nn.adapters.Svd;
import org.linrepro.io.Tensor;
import org.linrepro.train.Adam;
import org.linrepro.util.LinreproException;

/** LoRA/PiSSA on a small random encoder: function unchanged at init, merge/unmerge, frozen weights untouched. */
class AdapterBehaviourTest {
    static final BertConfig TINY = new BertConfig(40, 24, 2, 4, 48, 16, 2, 1e-12f, 0);

    static BertWeights randomWeights(long seed) {
        Random rng = new Random(seed);
        BertWeights w = new BertWeights("random");
        put(w, "embeddings.word_embeddings.weight", rng, 40, 24);
        put(w, "embeddings.position_embeddings.weight", rng, 16, 24);
        put(w, "embeddings.token_type_embeddings.weight", rng, 2, 24);
        put(w, "embeddings.LayerNorm.weight", rng, 24);
        put(w, "embeddings.LayerNorm.bias", rng, 24);
        for (int i = 0; i < 2; i++) {
            String p = "encoder.layer." + i + ".";
            for (String s : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense"}) {
                put(w, p + s + ".weight", rng, 24, 24);
                put(w, p + s + ".bias", rng, 24);
            }
            put(w, p + "intermediate.dense.weight", rng, 48, 24);
            put(w, p + "intermediate.dense.bias", rng, 48);
            put(w, p + "output.dense.weight", rng, 24, 48);
            put(w, p + "output.dense.bias", rng, 24);
            for (String s : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                put(w, p + s + ".weight", rng, 24);
                put(w, p + s + ".bias", rng, 24);
            }
        }
        return w;
    }

    private static void put(BertWeights w, String name, Random rng, long... shape) {
        int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextGaussian() * 0.2);
        }
        w.put(name, new Tensor(shape, v));
    }

    static final Tokenized INPUT = new Tokenized(new long[][] {{1, 5, 9, 3, 2}, {1, 7, 2, 0, 0}},
            new long[][] {{0, 0, 0, 1, 1}, {0, 0, 0, 0, 0}}, new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});

    static float[] run(BertEncoder e, NDManager m) {
        return e.forward(INPUT.idsArray(m), INPUT.typeIdsArray(m), INPUT.maskArray(m)).toFloatArray();
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @Test
    void loraAndPissaLeaveTheFunctionUnchangedAtInit() {
        try (NDManager m = NDManager.newBaseManager()) {
            BertWeights w = randomWeights(3);
            float[] before;
            try (BertEncoder plain = new BertEncoder(m, TINY, w)) {
                before = run(plain, m);
            }
            try (BertEncoder lora = new BertEncoder(m, TINY, w)) {
                BertAdapters.install(lora, "lora", AdapterOptions.rank(4), new Random(1));
                assertArrayEquals(before, run(lora, m), 0f); // B = 0: exactly unchanged
            }
            try (BertEncoder pissa = new BertEncoder(m, TINY, w)) {
                BertAdapters.install(pissa, "pissa", AdapterOptions.rank(4), new Random(1));
                assertTrue(maxDiff(before, run(pissa, m)) < 1e-5, "PiSSA changes the output at init");
            }
        }
    }

    @Test
    void mergeThenUnmergeRestoresTheWeights() {
        try (NDManager m = NDManager.newBaseManager(); BertEncoder e = new BertEncoder(m, TINY, randomWeights(4))) {
            BertAdapters.install(e, "lora", AdapterOptions.rank(4), new Random(2));
            LoraLinear l = (LoraLinear) e.linear(1, Role.VALUE);
            l.b().addi(m.randomNormal(l.b().getShape()).mul(0.1)); // a trained-looking B
            float[] w0 = l.base().weight().toFloatArray();
            float[] adapted = run(e, m);
            l.merge();
            assertTrue(maxDiff(adapted, run(e, m)) < 1e-5, "merged model differs");
            assertTrue(maxDiff(w0, l.base().weight().toFloatArray()) > 1e-4, "merge did not change W");
            l.unmerge();
            assertTrue(maxDiff(w0, l.base().weight().toFloatArray()) < 1e-6, "unmerge did not restore W");
        }
    }

    @Test
    void frozenWeightsReceiveNoUpdate() {
        try (NDManager m = NDManager.newBaseManager(); BertEncoder e = new BertEncoder(m, TINY, randomWeights(5))) {
            BertAdapters.install(e, "lora", AdapterOptions.rank(4), new Random(3));
            List<NDArray> params = e.trainable();
            assertEquals(2 * 2 * 2, params.size()); // A and B on query and value of 2 layers
            float[] key = ((Dense) e.linear(0, Role.KEY)).weight().toFloatArray();
            float[] qBase = ((LoraLinear) e.linear(0, Role.QUERY)).base().weight().toFloatArray();
            float[] a0 = ((LoraLinear) e.linear(0, Role.QUERY)).a().toFloatArray();
            Adam adam = Adam.standard(params);
            for (int step = 0; step < 3; step++) {
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray h = e.forward(INPUT.idsArray(sm), INPUT.typeIdsArray(sm), INPUT.maskArray(sm));
                    gc.backward(h.square().mean());
                }
                adam.step(1e-2);
            }
            assertArrayEquals(key, ((Dense) e.linear(0, Role.KEY)).weight().toFloatArray(), 0f);
            assertArrayEquals(qBase, ((LoraLinear) e.linear(0, Role.QUERY)).base().weight().toFloatArray(), 0f);
            // B starts at 0, so A first moves at step 2; B moves from step 1.
            assertTrue(maxDiff(a0, ((LoraLinear) e.linear(0, Role.QUERY)).a().toFloatArray()) > 0, "A not trained");
        }
    }

    @Test
    void svdReconstructs() {
        Random rng = new Random(9);
        int rows = 7;
        int cols = 5;
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        for (int[] shape : new int[][] {{rows, cols}, {cols, rows}}) {
            Svd s = Svd.of(a, shape[0], shape[1]);
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) {
                    double v = 0;
                    for (int k = 0; k < s.s().length; k++) {
                        v += s.u()[i][k] * s.s()[k] * s.v()[j][k];
                    }
                    assertEquals(a[i * shape[1] + j], v, 1e-12);
                }
            }
            for (int k = 1; k < s.s().length; k++) {
                assertTrue(s.s()[k - 1] >= s.s()[k]);
            }
        }
    }

    @Test
    void untrainableMethodsAreRefusedWithAMessage() {
        try (NDManager m = NDManager.newBaseManager(); BertEncoder e = new BertEncoder(m, TINY, randomWeights(6))) {
            assertTrue(assertThrows(LinreproException.class, () -> BertAdapters.install(e, "moment-probing",
                    AdapterOptions.defaults(), new Random(1))).getMessage().contains("MomentProbingHead"));
            assertTrue(assertThrows(LinreproException.class, () -> BertAdapters.install(e, "dora",
                    AdapterOptions.defaults(), new Random(1))).getMessage().contains("not trainable"));
            assertTrue(assertThrows(LinreproException.class, () -> BertAdapters.install(e, "eva",
                    AdapterOptions.defaults(), new Random(1))).getMessage().contains("calibration"));
        }
    }
}
