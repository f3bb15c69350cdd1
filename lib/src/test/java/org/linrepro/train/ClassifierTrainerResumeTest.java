package org.linrepro.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.run.CpuThreads;
import org.linrepro.run.Progress;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.nn.lra.EncoderConfig;
import org.linrepro.nn.lra.LraEncoder;
import org.linrepro.util.LinreproException;

/** An interrupted run resumed from its checkpoint ends exactly where the uninterrupted run ends. */
class ClassifierTrainerResumeTest {
    private static final ClassifierTrainer.Settings SETTINGS =
            new ClassifierTrainer.Settings(60, 16, 3e-3, 0.01, 6, 1.0, 20, 5);

    /** Dropout on, so the test also covers the per-step reseeding of dropout masks. */
    private static EncoderConfig config() {
        return new EncoderConfig(8, 2, 16, 16, 2, 1, 32, "softmax", true, EncoderConfig.Pooling.MEAN,
                EncoderConfig.Positional.SINUSOIDAL, false).withDropout(0.1);
    }

    /** Label = whether token 3 occurs. */
    static List<TokenExample> data(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<TokenExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 4 + r.nextInt(8);
            int[] t = new int[len];
            for (int j = 0; j < len; j++) {
                t[j] = 4 + r.nextInt(4);
            }
            if (i % 2 == 1) {
                t[r.nextInt(len)] = 3;
            }
            out.add(new TokenExample(t, i % 2));
        }
        return out;
    }

    /** An interruption: the process dies at the progress report of step 41 (after the checkpoint of step 40). */
    private static final class Interrupt extends RuntimeException {}

    private record Outcome(List<float[]> finalWeights, ClassifierTrainer.Result result, byte[] last) {}

    private static Outcome run(Path dir, long initSeed, Progress progress) throws Exception {
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) initSeed);
            try (LraEncoder e = LraEncoder.create(m, config())) {
                ClassifierTrainer.Result r = new ClassifierTrainer<>(e, SETTINGS, progress, "test").checkpointTo(dir)
                        .train(m, data(400, 1), data(100, 2));
                List<float[]> w = new ArrayList<>();
                for (NDArray p : e.parameters()) {
                    w.add(p.toFloatArray());
                }
                return new Outcome(w, r, Files.readAllBytes(dir.resolve("last.ckpt")));
            }
        }
    }

    @Test
    void interruptedThenResumedEqualsUninterrupted(@TempDir Path straight, @TempDir Path broken) throws Exception {
        Outcome a = run(straight, 3, Progress.NONE);
        Progress dies = (phase, step, total, metrics) -> {
            if (step == 41) {
                throw new Interrupt();
            }
        };
        assertThrows(Interrupt.class, () -> run(broken, 3, dies));
        assertTrue(Files.isRegularFile(broken.resolve("last.ckpt")), "checkpoint of step 40 written before the crash");
        // the resumed process starts from a different initialisation: the checkpoint must replace all of it
        Outcome b = run(broken, 99, Progress.NONE);
        assertEquals(a.finalWeights().size(), b.finalWeights().size());
        for (int i = 0; i < a.finalWeights().size(); i++) {
            assertArrayEquals(a.finalWeights().get(i), b.finalWeights().get(i), 0f, "parameter " + i);
        }
        assertArrayEquals(a.last(), b.last(), "step-60 checkpoints (weights, Adam moments, step) are byte-identical");
        assertEquals(a.result().bestValidAccuracy(), b.result().bestValidAccuracy(), 0.0);
        assertEquals(a.result().bestStep(), b.result().bestStep());
        assertEquals(a.result().finalLoss(), b.result().finalLoss(), 0.0);
        assertEquals(a.result().curve().size(), b.result().curve().size());
        for (int i = 0; i < a.result().curve().size(); i++) {
            assertArrayEquals(a.result().curve().get(i), b.result().curve().get(i), 0.0);
        }
    }

    @Test
    void restoredAdamMakesTheSameNextStepAFreshOneDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = param(m, new float[] {1f, -2f, 3f});
            Adam original = new Adam(List.of(p), 0.9, 0.98, 1e-9, 0.01);
            for (int i = 0; i < 3; i++) {
                backward(p, new float[] {0.5f, -1f, 2f * i});
                original.step(0.1);
            }
            OptimizerState saved = original.state();
            assertEquals(3, saved.step());
            float[] before = p.toFloatArray();
            backward(p, new float[] {1f, 1f, 1f});
            original.step(0.1);

            NDArray q = param(m, before);
            Adam resumed = new Adam(List.of(q), 0.9, 0.98, 1e-9, 0.01);
            resumed.restore(saved);
            backward(q, new float[] {1f, 1f, 1f});
            resumed.step(0.1);
            assertArrayEquals(p.toFloatArray(), q.toFloatArray(), 0f);

            NDArray r = param(m, before);
            Adam fresh = new Adam(List.of(r), 0.9, 0.98, 1e-9, 0.01);
            backward(r, new float[] {1f, 1f, 1f});
            fresh.step(0.1);
            assertFalse(java.util.Arrays.equals(p.toFloatArray(), r.toFloatArray()), "without the moments the step differs");
        }
    }

    /** Sets p's gradient to g through a real backward pass (a never-differentiated array has no gradient to edit). */
    private static void backward(NDArray p, float[] g) {
        try (ai.djl.training.GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.mul(p.getManager().create(g)).sum());
        }
    }

    private static NDArray param(NDManager m, float[] v) {
        NDArray p = m.create(v);
        p.setRequiresGradient(true);
        return p;
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefused(@TempDir Path dir) {
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            try (LraEncoder e = LraEncoder.create(m, config())) {
                new ClassifierTrainer<>(e, new ClassifierTrainer.Settings(20, 16, 3e-3, 0.01, 6, 1.0, 20, 5),
                        Progress.NONE, "test").checkpointTo(dir).train(m, data(100, 1), data(20, 2));
                LinreproException x = assertThrows(LinreproException.class, () -> new ClassifierTrainer<>(e, SETTINGS,
                        Progress.NONE, "test").checkpointTo(dir).train(m, data(100, 1), data(20, 2)));
                assertTrue(x.getMessage().contains("belongs to another run"), x.getMessage());
            }
        }
    }
}
