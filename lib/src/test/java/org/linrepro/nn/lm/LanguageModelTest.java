package org.linrepro.nn.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linrepro.run.Progress;
import org.linrepro.eval.Perplexity;
import org.linrepro.train.LmTrainer;
import org.linrepro.util.LinreproException;

class LanguageModelTest {
    private static final int V = 23;

    private static LanguageModel model(NDManager m, LmConfig c, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        return LanguageModel.create(m, c);
    }

    private static float[] logits(LanguageModel lm, NDManager m, int[] tokens) {
        NDArray in = m.create(new int[][] {tokens});
        return lm.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow().toFloatArray();
    }

    /** Changing token t must leave the logits of positions before t untouched, for the whole model. */
    @ParameterizedTest
    @ValueSource(strings = {"softmax", "linear-elu", "transnormer", "gla", "retention", "performer", "hedgehog"})
    void wholeModelIsCausal(String mixer) {
        try (NDManager m = NDManager.newBaseManager()) {
            LmConfig c = LmConfig.small(V, mixer, 16, 2, 2, 32)
                    .withBlock(LmConfig.Norm.SRMS, LmConfig.Channel.SGLU, LmConfig.Positions.SINUSOIDAL);
            LanguageModel lm = model(m, c, 1);
            int[] a = new int[20];
            for (int i = 0; i < a.length; i++) {
                a[i] = (i * 5) % V;
            }
            int[] b = a.clone();
            int t = 11;
            b[t] = (a[t] + 1) % V;
            float[] la = logits(lm, m, a);
            float[] lb = logits(lm, m, b);
            for (int i = 0; i < t * V; i++) {
                assertEquals(la[i], lb[i], 1e-5, mixer + ": position " + i / V + " saw the future");
            }
            double diff = 0;
            for (int i = t * V; i < la.length; i++) {
                diff += Math.abs(la[i] - lb[i]);
            }
            assertTrue(diff > 1e-4, mixer + ": later positions must see token " + t);
        }
    }

    @Test
    void tooLongSequenceIsAClearError() {
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, LmConfig.small(V, "softmax", 8, 1, 2, 16), 1);
            LinreproException e = assertThrows(LinreproException.class, () -> logits(lm, m, new int[17]));
            assertTrue(e.getMessage().contains("longer than the model's maximum 16"), e.getMessage());
        }
    }

    private static int[] repeated(int n) {
        int[] pattern = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7};
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = pattern[i % pattern.length];
        }
        return t;
    }

    @Test
    void lossDecreasesOnARepeatedCorpus() {
        try (org.linrepro.run.CpuThreads one = org.linrepro.run.CpuThreads.limit(ai.djl.Device.cpu(), 1);
                NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, LmConfig.small(V, "linear-elu", 16, 1, 2, 32), 3);
            int[] tokens = repeated(400);
            Perplexity p = new Perplexity(8);
            double before = p.nonOverlapping(tokens, 16, lm.scorer(m)).meanNll();
            LmTrainer.Log log = LmTrainer.train(lm, tokens, LmTrainer.Settings.quick(60, 8, 16, 1e-2, 5), Progress.NONE);
            double after = p.nonOverlapping(tokens, 16, lm.scorer(m)).meanNll();
            assertTrue(before > 2.5, "untrained loss ≈ ln 23 = 3.1, got " + before);
            assertTrue(after < 0.5 * before, "loss must drop: " + before + " → " + after + " " + log.finalLoss());
        }
    }

    @Test
    void checkpointResumeGivesTheSameParameters(@TempDir Path dir) {
        int[] tokens = repeated(300);
        LmConfig c = LmConfig.small(V, "transnormer", 8, 1, 2, 16);
        float[][] straight;
        float[][] resumed;
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, c, 7);
            LmTrainer.train(lm, tokens, LmTrainer.Settings.quick(6, 4, 8, 1e-2, 9), Progress.NONE);
            straight = values(lm.parameterArrays());
        }
        Path ck = dir.resolve("run.ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, c, 7);
            LmTrainer.Settings s = LmTrainer.Settings.quick(6, 4, 8, 1e-2, 9).withCheckpoint(ck, 3, "h");
            // an interrupted run: stop after 3 steps (the checkpoint is written at step 3)
            LmTrainer.train(lm, tokens, s, Progress.NONE, 3);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, c, 1234); // different init: everything must come from the checkpoint
            LmTrainer.Log log = LmTrainer.train(lm, tokens,
                    LmTrainer.Settings.quick(6, 4, 8, 1e-2, 9).withCheckpoint(ck, 3, "h"), Progress.NONE);
            assertEquals(3, log.resumedAt());
            resumed = values(lm.parameterArrays());
        }
        for (int i = 0; i < straight.length; i++) {
            assertArrayEquals(straight[i], resumed[i], 1e-6f, "parameter " + i);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, c, 1);
            assertThrows(LinreproException.class, () -> LmTrainer.train(lm, tokens,
                    LmTrainer.Settings.quick(6, 4, 8, 1e-2, 9).withCheckpoint(ck, 3, "other"), Progress.NONE));
        }
    }

    private static float[][] values(List<NDArray> ps) {
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).toFloatArray();
        }
        return out;
    }

    @Test
    void sameSeedSameNumbers() {
        int[] tokens = repeated(200);
        double[] loss = new double[2];
        for (int k = 0; k < 2; k++) {
            try (NDManager m = NDManager.newBaseManager()) {
                LanguageModel lm = model(m, LmConfig.small(V, "gla", 8, 1, 2, 16), 4);
                loss[k] = LmTrainer.train(lm, tokens, LmTrainer.Settings.quick(4, 4, 8, 1e-2, 2), Progress.NONE).finalLoss();
            }
        }
        assertEquals(loss[0], loss[1], 0.0);
    }

    @Test
    void adaptiveSoftmaxIsADistributionOverTheVocabulary() {
        try (NDManager m = NDManager.newBaseManager()) {
            LmConfig c = LmConfig.small(V, "softmax", 16, 1, 2, 16).withAdaptiveSoftmax(List.of(4, 11), 2);
            LanguageModel lm = model(m, c, 5);
            float[] lp = logits(lm, m, repeated(12));
            assertEquals(12 * V, lp.length);
            for (int t = 0; t < 12; t++) {
                double sum = 0;
                for (int w = 0; w < V; w++) {
                    sum += Math.exp(lp[t * V + w]);
                }
                assertEquals(1.0, sum, 1e-5, "position " + t);
            }
            // head 16·(4+2), tail 0: 16·8 + 8·7, tail 1: 16·4 + 4·12
            assertEquals(16 * 6 + 16 * 8 + 8 * 7 + 16 * 4 + 4 * 12,
                    AdaptiveSoftmax.parameterCount(16, V, List.of(4, 11), 2));
            // the shape formula agrees with the built model (mixer parameters taken from the plain tied model)
            LmConfig plain = LmConfig.small(V, "softmax", 16, 1, 2, 16);
            long mixer = model(m, plain, 5).parameterCount() - plain.parameterCount(0);
            assertEquals(lm.parameterCount(), c.parameterCount(mixer));
        }
    }

    @Test
    void adaptiveSoftmaxTrains() {
        // one thread: small ops on a busy machine are many times slower with the default thread count
        try (org.linrepro.run.CpuThreads one = org.linrepro.run.CpuThreads.limit(ai.djl.Device.cpu(), 1);
                NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, LmConfig.small(V, "linear-elu", 16, 1, 2, 32)
                    .withAdaptiveSoftmax(List.of(6, 14), 4), 3);
            int[] tokens = repeated(400);
            Perplexity p = new Perplexity(8);
            double before = p.nonOverlapping(tokens, 16, lm.scorer(m)).meanNll();
            LmTrainer.train(lm, tokens, LmTrainer.Settings.quick(60, 8, 16, 1e-2, 5), Progress.NONE);
            double after = p.nonOverlapping(tokens, 16, lm.scorer(m)).meanNll();
            assertTrue(before > 2.5, "untrained loss ≈ ln 23 = 3.1, got " + before);
            assertTrue(after < 0.5 * before, "loss must drop: " + before + " → " + after);
        }
    }

    @Test
    void adaptiveSoftmaxConfigIsChecked() {
        LmConfig c = LmConfig.small(V, "softmax", 8, 1, 2, 16);
        assertThrows(LinreproException.class, () -> c.withAdaptiveSoftmax(List.of(5, 5), 4));
        assertThrows(LinreproException.class, () -> c.withAdaptiveSoftmax(List.of(5, V), 4));
        assertThrows(LinreproException.class, () -> c.withAdaptiveSoftmax(List.of(5), 0.5));
        assertThrows(LinreproException.class, () -> new LmConfig(V, 8, 1, 2, "softmax", 16, 32, LmConfig.Norm.LAYER,
                LmConfig.Channel.MLP, LmConfig.Positions.LEARNED, true, 0.0, List.of(5), 4));
    }

    /** k micro-batches of batch/k windows give the update of one batch (same windows), up to float rounding. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void gradientAccumulationGivesTheUpdateOfTheWholeBatch(int k) {
        try (org.linrepro.run.CpuThreads one = org.linrepro.run.CpuThreads.limit(ai.djl.Device.cpu(), 1)) {
            accumulationMatches(k);
        }
    }

    private static void accumulationMatches(int k) {
        int[] tokens = repeated(300);
        LmConfig c = LmConfig.small(V, "softmax", 16, 1, 2, 16);
        LmTrainer.Settings whole = LmTrainer.Settings.quick(3, 8, 8, 1e-2, 9);
        float[][] a;
        float[][] b;
        double[] loss = new double[2];
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, c, 7);
            loss[0] = LmTrainer.train(lm, tokens, whole, Progress.NONE).finalLoss();
            a = values(lm.parameterArrays());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            LanguageModel lm = model(m, c, 7);
            loss[1] = LmTrainer.train(lm, tokens, whole.withAccumulation(k), Progress.NONE).finalLoss();
            b = values(lm.parameterArrays());
        }
        assertEquals(loss[0], loss[1], 1e-5);
        double maxDiff = 0;
        double maxStep = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] init = values(model(m, c, 7).parameterArrays());
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a[i].length; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i][j] - b[i][j]));
                    maxStep = Math.max(maxStep, Math.abs(a[i][j] - init[i][j]));
                }
            }
        }
        assertTrue(maxStep > 1e-3, "the parameters must have moved: " + maxStep);
        assertTrue(maxDiff < 1e-5, "accumulated and whole-batch updates differ by " + maxDiff);
        assertThrows(LinreproException.class, () -> whole.withAccumulation(3));
    }
}
