package org.linrepro.nn.lra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.linrepro.claim.Progress;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.train.ClassifierTrainer;
import org.linrepro.train.CpuThreads;
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

    @Test
    void resumesFromTheLastCheckpointAndKeepsTheBest(@TempDir Path dir) {
        ClassifierTrainer.Settings first = new ClassifierTrainer.Settings(40, 16, 3e-3, 0.01, 6, 1.0, 20, 5);
        ClassifierTrainer.Settings longer = new ClassifierTrainer.Settings(60, 16, 3e-3, 0.01, 6, 1.0, 20, 5);
        double saved;
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            try (LraEncoder e = LraEncoder.create(m, config("softmax", true, EncoderConfig.Pooling.MEAN, false))) {
                saved = new ClassifierTrainer<>(e, first, Progress.NONE, "test").checkpointTo(dir)
                        .train(m, data(400, 1), data(100, 2)).bestValidAccuracy();
            }
        }
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(99); // different init: the checkpoint must overwrite it
            try (LraEncoder e = LraEncoder.create(m, config("softmax", true, EncoderConfig.Pooling.MEAN, false))) {
                ClassifierTrainer.Result r = new ClassifierTrainer<>(e, longer, Progress.NONE, "test").checkpointTo(dir)
                        .train(m, data(400, 1), data(100, 2));
                assertEquals(1, r.curve().size(), "only step 60 is evaluated after resuming at 40");
                assertEquals(60, r.curve().get(0)[0]);
                assertTrue(r.bestValidAccuracy() >= saved);
            }
        }
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
