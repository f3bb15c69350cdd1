package org.linrepro.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.nn.lm.LanguageModel;
import org.linrepro.nn.lm.LmConfig;
import org.linrepro.run.CpuThreads;
import org.linrepro.run.Progress;

/** With dropout on, an LM run stopped, saved and resumed ends bit-equal to the straight run (masks per (seed, step)). */
class LmTrainerResumeTest {
    private static final LmConfig WITH_DROPOUT = new LmConfig(23, 8, 1, 2, "transnormer", 16, 32, LmConfig.Norm.LAYER,
            LmConfig.Channel.MLP, LmConfig.Positions.LEARNED, true, 0.2);

    private static int[] tokens() {
        int[] t = new int[300];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i * 7 + i / 5) % 23;
        }
        return t;
    }

    private static float[][] train(long init, Path ckpt, int stopAt) {
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) init);
            LanguageModel lm = LanguageModel.create(m, WITH_DROPOUT);
            LmTrainer.train(lm, tokens(), LmTrainer.Settings.quick(8, 4, 8, 1e-2, 9).withCheckpoint(ckpt, 4, "h"),
                    Progress.NONE, stopAt);
            List<NDArray> ps = lm.parameterArrays();
            float[][] out = new float[ps.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = ps.get(i).toFloatArray();
            }
            return out;
        }
    }

    @Test
    void stoppedSavedAndResumedEqualsStraight(@TempDir Path dir) throws Exception {
        float[][] straight = train(7, dir.resolve("a.ckpt"), 8);
        train(7, dir.resolve("b.ckpt"), 3); // saved after step 3 (the stop), not only at the cadence of 4
        float[][] resumed = train(1234, dir.resolve("b.ckpt"), 8); // another init: the checkpoint replaces it
        assertEquals(straight.length, resumed.length);
        for (int i = 0; i < straight.length; i++) {
            assertArrayEquals(straight[i], resumed[i], 0f, "parameter " + i);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.ckpt")), Files.readAllBytes(dir.resolve("b.ckpt")),
                "final checkpoints byte-identical");
    }
}
