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
import org.linrepro.claim.Progress;
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
        try (NDManager m = NDManager.newBaseManager()) {
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
}
