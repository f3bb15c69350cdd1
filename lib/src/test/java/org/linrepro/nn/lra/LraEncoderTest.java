package org.linrepro.nn.lra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.run.Progress;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.train.ClassifierTrainer;
import org.linrepro.run.CpuThreads;
import org.linrepro.train.ParameterSnapshot;
import org.linrepro.util.LinreproException;

class LraEncoderTest {

    private static EncoderConfig config(String mixer, boolean preNorm, EncoderConfig.Pooling pool, boolean twoTower) {
        return new EncoderConfig(8, 2, 16, 16, 2, 1, 32, mixer, preNorm, pool, EncoderConfig.Positional.SINUSOIDAL,
                twoTower);
    }

    /** Label = whether token 3 occurs: learnable by any mixer with mean pooling. */
    private static List<TokenExample> data(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<TokenExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 4 + r.nextInt(8);
            int[] t = new int[len];
            int label = i % 2;
            for (int j = 0; j < len; j++) {
                t[j] = 4 + r.nextInt(4);
            }
            if (label == 1) {
                t[r.nextInt(len)] = 3;
            }
            out.add(new TokenExample(t, t.clone(), label));
        }
        return out;
    }

    @Test
    void everyVariantGivesLogitsOfTheRightShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (String mixer : List.of("softmax", "linear-elu")) {
                for (boolean pre : new boolean[] {true, false}) {
                    for (EncoderConfig.Pooling p : EncoderConfig.Pooling.values()) {
                        for (boolean two : new boolean[] {false, true}) {
                            try (LraEncoder e = LraEncoder.create(m, config(mixer, pre, p, two))) {
                                assertArrayEquals(new long[] {5, 2},
                                        e.logits(m, data(5, 1), false).getShape().getShape());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void trainsAboveChanceDeterministicallyAndKeepsTheBestCheckpoint() {
        double[] acc = new double[2];
        for (int run = 0; run < 2; run++) {
            try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                try (LraEncoder e = LraEncoder.create(m, config("softmax", true, EncoderConfig.Pooling.MEAN, false))) {
                    ClassifierTrainer<TokenExample> t = new ClassifierTrainer<>(e,
                            new ClassifierTrainer.Settings(60, 16, 3e-3, 0.01, 6, 1.0, 20, 5), Progress.NONE, "test");
                    ClassifierTrainer.Result r = t.train(m, data(400, 1), data(100, 2));
                    acc[run] = t.accuracy(m, data(100, 2), 50);
                    assertEquals(r.bestValidAccuracy(), acc[run], 1e-12, "model ends with its best weights");
                }
            }
        }
        assertTrue(acc[0] > 0.65, "accuracy " + acc[0] + " (chance 0.5; seed 3 measured 0.72)");
        assertEquals(acc[0], acc[1], 0.0, "same seed, same run");
    }

    /** A batch of one example alone and the same example padded beside a longer one: its logits must agree. */
    private static double paddingEffect(EncoderConfig cfg) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            try (LraEncoder e = LraEncoder.create(m, cfg)) {
                TokenExample shortOne = new TokenExample(new int[] {4, 5, 6, 3, 7}, new int[] {5, 6}, 1);
                TokenExample longOne = new TokenExample(new int[] {7, 6, 5, 4, 3, 4, 5, 6, 7, 3, 4, 5},
                        new int[] {4, 5, 6, 7, 3, 4, 5, 6, 7}, 0);
                float[] alone = e.logits(m, List.of(shortOne), false).toFloatArray();
                float[] padded = e.logits(m, List.of(longOne, shortOne, longOne), false).get(1).toFloatArray();
                float[] other = e.logits(m, List.of(longOne), false).toFloatArray();
                float[] inBatch = e.logits(m, List.of(longOne, shortOne, longOne), false).get(0).toFloatArray();
                double d = 0;
                for (int i = 0; i < alone.length; i++) {
                    d = Math.max(d, Math.abs(alone[i] - padded[i]));
                    d = Math.max(d, Math.abs(other[i] - inBatch[i]));
                }
                return d;
            }
        }
    }

    @Test
    void paddedPositionsDoNotAffectTheOutputWhenMasked() {
        for (String mixer : List.of("softmax", "linear-elu", "performer", "s4d", "s4")) {
            for (boolean pre : new boolean[] {true, false}) {
                for (EncoderConfig.Pooling pool : EncoderConfig.Pooling.values()) {
                    for (boolean two : new boolean[] {false, true}) {
                        EncoderConfig cfg = new EncoderConfig(8, 2, 16, 16, 2, 2, 32, mixer, pre, pool,
                                EncoderConfig.Positional.SINUSOIDAL, two).withMaskPadding(true);
                        double d = paddingEffect(cfg);
                        assertTrue(d < 2e-5, mixer + " pre=" + pre + " " + pool + " twoTower=" + two + ": padding moved "
                                + "the logits by " + d);
                    }
                }
            }
        }
    }

    @Test
    void narrowQkvAndMlpHeadKeepPaddingInertAndTheShape() {
        // LRA's qkv_dim (attention at width 8 inside a width-16 model) and classifier MLP head, every pooling
        for (String mixer : List.of("softmax", "linear-elu")) {
            for (EncoderConfig.Pooling pool : EncoderConfig.Pooling.values()) {
                for (boolean two : new boolean[] {false, true}) {
                    EncoderConfig cfg = new EncoderConfig(8, 2, 16, 16, 2, 2, 32, mixer, true, pool,
                            EncoderConfig.Positional.SINUSOIDAL, two).withMaskPadding(true).withQkvDim(8)
                            .withHeadHidden(12).withConcatPair(two); // two-tower: the [u, v] head
                    assertTrue(cfg.projectsQkv() && cfg.mixerDim() == 8);
                    double d = paddingEffect(cfg);
                    assertTrue(d < 2e-5, mixer + " " + pool + " twoTower=" + two + ": padding moved the logits by " + d);
                    try (NDManager m = NDManager.newBaseManager(); LraEncoder e = LraEncoder.create(m, cfg);
                            LraEncoder plain = LraEncoder.create(m, cfg.withQkvDim(0).withHeadHidden(0)
                                    .withConcatPair(false))) {
                        assertArrayEquals(new long[] {5, 2}, e.logits(m, data(5, 1), false).getShape().getShape());
                        assertTrue(e.parameterCount() != plain.parameterCount());
                    }
                }
            }
        }
        assertThrows(LinreproException.class, () -> config("softmax", true, EncoderConfig.Pooling.MEAN, false)
                .withQkvDim(5)); // not a multiple of the 2 heads
        assertThrows(LinreproException.class, () -> config("softmax", true, EncoderConfig.Pooling.MEAN, false)
                .withQkvDim(32)); // wider than the model
    }

    @Test
    void lraInitialisation() {
        EncoderConfig cfg = new EncoderConfig(40, 2, 16, 16, 2, 1, 32, "softmax", true, EncoderConfig.Pooling.CLS,
                EncoderConfig.Positional.SINUSOIDAL, false).withHeadHidden(24).withLraInit(true);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            try (LraEncoder e = LraEncoder.create(m, cfg)) {
                List<ai.djl.ndarray.NDArray> p = e.parameters();
                ai.djl.ndarray.NDArray emb = p.get(0); // [41, 16]: 40 tokens and the CLS row
                assertEquals(0f, emb.get("40, :").abs().max().getFloat(), 0f, "CLS starts at zero");
                double sd = Math.sqrt(emb.get("0:40, :").pow(2).mean().getFloat());
                assertTrue(sd > 0.85 && sd < 1.15, "token embeddings N(0, 1): rms " + sd);
                ai.djl.ndarray.NDArray w1 = p.get(p.size() - 4); // head Dense(16 → 24), LeCun normal truncated at 2σ
                double bound = 2 * Math.sqrt(1.0 / 16) / 0.87962566103423978;
                assertTrue(w1.abs().max().getFloat() <= bound + 1e-6, "head weights within ±2σ");
                double rms = Math.sqrt(w1.pow(2).mean().getFloat());
                assertTrue(Math.abs(rms - 0.25) < 0.05, "head weights have variance 1/fan_in: rms " + rms);
                assertArrayEquals(new long[] {5, 2}, e.logits(m, data(5, 1), false).getShape().getShape());
            }
        }
    }

    @Test
    void withoutTheMaskPaddingDoesMoveTheOutput() {
        // the check above can fail: unmasked, padding leaks through attention and through the SSM's backward pass
        for (String mixer : List.of("softmax", "s4d")) {
            EncoderConfig cfg = new EncoderConfig(8, 2, 16, 16, 2, 2, 32, mixer, true, EncoderConfig.Pooling.MEAN,
                    EncoderConfig.Positional.SINUSOIDAL, false);
            assertTrue(paddingEffect(cfg) > 1e-3, mixer);
        }
    }

    @Test
    void anS4EncoderWithoutFfnHasMixerOnlyBlocks() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderConfig cfg = new EncoderConfig(8, 3, 16, 16, 1, 2, 0, "s4d", false, EncoderConfig.Pooling.MEAN,
                    EncoderConfig.Positional.NONE, false).withStateSize(4).withMaskPadding(true);
            try (LraEncoder e = LraEncoder.create(m, cfg)) {
                assertArrayEquals(new long[] {4, 3}, e.logits(m, data(4, 1), false).getShape().getShape());
                // embedding 8x16; per layer s4d (logDt 16, A re/im 16x2 each, B, C, Cback 16x2x2 each, skip 16, wo 256)
                // + norm 32; final norm 32 (allocated for post-norm too); head 16x3 + 3
                long s4d = 16 + 2 * 16 * 2 + 3 * 16 * 2 * 2 + 16 + 16 * 16;
                assertEquals(8 * 16 + 2 * (s4d + 32) + 32 + 16 * 3 + 3, e.parameterCount());
            }
        }
    }

    @Test
    void dropoutActsInTrainingOnlyAndLeavesEvaluationAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderConfig plain = config("softmax", true, EncoderConfig.Pooling.MEAN, false);
            Engine.getInstance().setRandomSeed(11);
            float[] reference;
            try (LraEncoder e = LraEncoder.create(m, plain)) {
                reference = e.logits(m, data(6, 3), false).toFloatArray();
            }
            Engine.getInstance().setRandomSeed(11); // same weights, dropout 0.5
            try (LraEncoder e = LraEncoder.create(m, plain.withDropout(0.5))) {
                assertArrayEquals(reference, e.logits(m, data(6, 3), false).toFloatArray(), 0f);
                assertArrayEquals(reference, e.logits(m, data(6, 3), false).toFloatArray(), 0f);
                float[] train = e.logits(m, data(6, 3), true).toFloatArray();
                assertFalse(java.util.Arrays.equals(reference, train), "training mode drops units");
            }
        }
        assertThrows(LinreproException.class, () -> config("softmax", true, EncoderConfig.Pooling.MEAN, false)
                .withDropout(1.0));
        assertThrows(LinreproException.class, () -> config("softmax", true, EncoderConfig.Pooling.MEAN, false)
                .withStateSize(4));
    }

    @Test
    void snapshotRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                LraEncoder e = LraEncoder.create(m, config("softmax", true, EncoderConfig.Pooling.CLS, false))) {
            ParameterSnapshot s = ParameterSnapshot.of(e.parameters(), 7);
            float[] before = e.parameters().get(0).toFloatArray();
            s.save(dir.resolve("c.bin"));
            e.parameters().get(0).muli(0);
            ParameterSnapshot.load(dir.resolve("c.bin")).restore(e.parameters());
            assertArrayEquals(before, e.parameters().get(0).toFloatArray());
            assertEquals(7, ParameterSnapshot.load(dir.resolve("c.bin")).step());
        }
    }

    @Test
    void impossibleConfigsAreOneClearMessage() {
        assertTrue(assertThrows(LinreproException.class, () -> config("nope", true, EncoderConfig.Pooling.MEAN, false))
                .getMessage().contains("unknown mixer 'nope'"));
        assertThrows(LinreproException.class, () -> new EncoderConfig(8, 2, 16, 15, 2, 1, 32, "softmax", true,
                EncoderConfig.Pooling.MEAN, EncoderConfig.Positional.NONE, false));
    }
}
