package org.linrepro.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.run.CpuThreads;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;

/** The one training loop: exact resume, clipping, divergence checks and cadences. */
class TrainingLoopTest {
    private static final float[] TRUE_W = {1.5f, -2f, 0.5f};

    /**
     * Linear regression y = x·w* on batches drawn from one stream (so resuming must replay it), with a dropout-like
     * random mask from the engine in the loss (so resuming must reseed it per step).
     */
    private static final class Regression implements Objective<float[][]> {
        final NDArray w;
        final SplittableRandom stream = new SplittableRandom(11);
        final List<Integer> evaluatedAt = new ArrayList<>();
        final List<Integer> after = new ArrayList<>();
        int batches;

        Regression(NDArray w) {
            this.w = w;
        }

        @Override
        public float[][] batch(NDManager m, int step) {
            batches++;
            float[][] x = new float[8][3];
            for (float[] row : x) {
                for (int j = 0; j < 3; j++) {
                    row[j] = (float) stream.nextGaussian();
                }
            }
            return x;
        }

        @Override
        public long tokens(float[][] b) {
            return b.length;
        }

        @Override
        public NDArray loss(NDManager m, float[][] b, int index, int count) {
            float[][] part = java.util.Arrays.copyOfRange(b, index * b.length / count, (index + 1) * b.length / count);
            NDArray x = m.create(part);
            NDArray y = x.matMul(m.create(TRUE_W).reshape(3, 1)).reshape(-1);
            NDArray mask = m.randomUniform(0, 1, new Shape(part.length)).gt(0.25).toType(DataType.FLOAT32, false);
            return x.matMul(w.reshape(3, 1)).reshape(-1).sub(y).square().mul(mask).mean();
        }

        /** Minus the distance to w*: higher is better. */
        @Override
        public double evaluate(NDManager m) {
            float[] v = w.toFloatArray();
            double d = 0;
            for (int i = 0; i < 3; i++) {
                d += (v[i] - TRUE_W[i]) * (v[i] - TRUE_W[i]);
            }
            evaluatedAt.add(after.size());
            return -Math.sqrt(d);
        }

        @Override
        public void afterStep(int stepsDone) {
            after.add(stepsDone);
        }
    }

    private static TrainingSettings settings(int steps) {
        return TrainingSettings.of("regression", steps, AdamSettings.of(0.9, 0.98, 1e-9, 0.01),
                step -> Schedules.warmupCosine(step, steps, 3, 0.05, 0.0)).withClipNorm(1.0).withMicroBatches(2)
                .withEvaluation(5, false).withDropoutSeed(7);
    }

    private record Outcome(float[] w, TrainingLoop.Result result, byte[] checkpoint) {}

    /** Trains from w = 0 (or, to prove the checkpoint replaces it, from another start) and stops after stopAt. */
    private static Outcome train(TrainingSettings s, float[] init, int stopAt, Progress progress) throws Exception {
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(init);
            w.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed(99); // what the run would draw without per-step reseeding
            TrainingLoop.Result r = TrainingLoop.run(m, List.of(w), new Regression(w), s, progress, stopAt);
            byte[] ckpt = s.checkpoint() != null && Files.isRegularFile(s.checkpoint())
                    ? Files.readAllBytes(s.checkpoint()) : null;
            return new Outcome(w.toFloatArray(), r, ckpt);
        }
    }

    @Test
    void trainingKStepsSavingResumingAndTrainingTheRestEqualsTrainingStraight(@TempDir Path dir) throws Exception {
        float[] zero = {0f, 0f, 0f};
        Outcome straight = train(settings(40).withCheckpoint(dir.resolve("a.ckpt"), 10, "k"), zero, 40, Progress.NONE);
        Path broken = dir.resolve("b.ckpt");
        Outcome first = train(settings(40).withCheckpoint(broken, 10, "k"), zero, 17, Progress.NONE);
        assertEquals(17, first.result().losses().length);
        assertFalse(java.util.Arrays.equals(straight.w(), first.w()), "17 of 40 steps are not the whole run");
        Outcome resumed = train(settings(40).withCheckpoint(broken, 10, "k"), new float[] {5f, 5f, 5f}, 40,
                Progress.NONE);
        assertEquals(17, resumed.result().resumedAt());
        assertArrayEquals(straight.w(), resumed.w(), 0f, "final weights bit-equal");
        assertArrayEquals(straight.result().losses(), resumed.result().losses(), 0.0, "every step's loss bit-equal");
        assertEquals(straight.result().smoothed(), resumed.result().smoothed(), 0.0);
        assertEquals(straight.result().tokens(), resumed.result().tokens());
        assertEquals(straight.result().evaluations().size(), resumed.result().evaluations().size());
        for (int i = 0; i < straight.result().evaluations().size(); i++) {
            assertArrayEquals(straight.result().evaluations().get(i), resumed.result().evaluations().get(i), 0.0);
        }
        assertArrayEquals(straight.checkpoint(), resumed.checkpoint(), "final checkpoints byte-identical");
    }

    @Test
    void withoutTheDropoutReseedTheResumeWouldDiffer(@TempDir Path dir) throws Exception {
        // the test above can fail: a run without per-step reseeding draws other masks after a resume
        TrainingSettings noReseed = new TrainingSettings("regression", 40, 2, AdamSettings.of(0.9, 0.98, 1e-9, 0.01),
                step -> 0.05, 1.0, 0, false, null, 0, "", null, 10);
        float[] zero = {0f, 0f, 0f};
        Outcome straight = train(noReseed.withCheckpoint(dir.resolve("a.ckpt"), 10, "k"), zero, 40, Progress.NONE);
        train(noReseed.withCheckpoint(dir.resolve("b.ckpt"), 10, "k"), zero, 17, Progress.NONE);
        Outcome resumed = train(noReseed.withCheckpoint(dir.resolve("b.ckpt"), 10, "k"), zero, 40, Progress.NONE);
        assertFalse(java.util.Arrays.equals(straight.w(), resumed.w()));
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.ckpt");
        train(settings(10).withCheckpoint(f, 5, "one"), new float[3], 10, Progress.NONE);
        LinreproException x = assertThrows(LinreproException.class,
                () -> train(settings(10).withCheckpoint(f, 5, "two"), new float[3], 10, Progress.NONE));
        assertTrue(x.getMessage().contains("belongs to another run"), x.getMessage());
        Files.write(f, new byte[] {1, 2, 3, 4, 5});
        LinreproException y = assertThrows(LinreproException.class,
                () -> train(settings(10).withCheckpoint(f, 5, "one"), new float[3], 10, Progress.NONE));
        assertTrue(y.getMessage().contains("not a linrepro training checkpoint"), y.getMessage());
    }

    @Test
    void clippingScalesTheGradientToTheNormBeforeTheUpdate() {
        // one step of the loop equals a hand-made step: backward, clip to 0.1, Adam at 0.01; large ε makes Adam
        // sensitive to the gradient's scale, so the unclipped step differs
        AdamSettings adam = AdamSettings.of(0.9, 0.999, 1.0, 0);
        float[] clipped = oneStep(TrainingSettings.of("clip", 1, adam, s -> 0.01).withClipNorm(0.1));
        float[] unclipped = oneStep(TrainingSettings.of("clip", 1, adam, s -> 0.01));
        float[] byHand;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {3f, -4f});
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.square().sum()); // gradient (6, −8), norm 10
            }
            Adam a = adam.create(List.of(w));
            assertEquals(10.0, a.clipGradients(0.1), 1e-6);
            a.step(0.01);
            byHand = w.toFloatArray();
        }
        assertArrayEquals(byHand, clipped, 0f);
        assertFalse(java.util.Arrays.equals(clipped, unclipped));
    }

    private static float[] oneStep(TrainingSettings s) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {3f, -4f});
            w.setRequiresGradient(true);
            TrainingLoop.run(m, List.of(w), fixed((mm, b) -> w.square().sum()), s, Progress.NONE);
            return w.toFloatArray();
        }
    }

    /** An objective without data: the loss is a function of the parameters. */
    private static Objective<Void> fixed(java.util.function.BiFunction<NDManager, Integer, NDArray> loss) {
        return new Objective<>() {
            int step;

            @Override
            public Void batch(NDManager m, int s) {
                step = s;
                return null;
            }

            @Override
            public long tokens(Void b) {
                return 1;
            }

            @Override
            public NDArray loss(NDManager m, Void b, int index, int count) {
                return loss.apply(m, step);
            }
        };
    }

    @Test
    void aNanLossStopsTheRunAtItsStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f});
            w.setRequiresGradient(true);
            TrainingDivergedException x = assertThrows(TrainingDivergedException.class, () -> TrainingLoop.run(m,
                    List.of(w), fixed((mm, step) -> step == 3 ? w.sum().sub(w.sum()).div(w.sub(w).sum()) : w.sum()),
                    TrainingSettings.of("nan", 10, AdamSettings.standard(), s -> 0.01), Progress.NONE));
            assertTrue(x.getMessage().contains("nan loss became NaN at step 3"), x.getMessage());
        }
    }

    @Test
    void anInfiniteGradientStopsTheRunThoughTheLossIsFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {0f, 1f});
            w.setRequiresGradient(true);
            TrainingDivergedException x = assertThrows(TrainingDivergedException.class, () -> TrainingLoop.run(m,
                    List.of(w), fixed((mm, step) -> w.sqrt().sum()), // d√w/dw = ∞ at 0
                    TrainingSettings.of("inf", 10, AdamSettings.standard(), s -> 0.01), Progress.NONE));
            assertTrue(x.getMessage().contains("inf gradient norm became Infinity at step 0"), x.getMessage());
        }
    }

    @Test
    void evaluationCheckpointAndProgressComeAtTheirCadence(@TempDir Path dir) throws Exception {
        List<Long> updates = new ArrayList<>();
        List<Long> announced = new ArrayList<>();
        Progress watch = new Progress() {
            @Override
            public void update(String phase, long step, long total, Map<String, Double> metrics) {
                updates.add(step);
                assertTrue(metrics.containsKey("loss") && metrics.containsKey("best score") == step >= 5,
                        metrics.toString());
            }

            @Override
            public void trainingStarts(String phase, long parameters, long tokensPerStep, long steps) {
                announced.add(parameters);
                announced.add(tokensPerStep);
                announced.add(steps);
            }
        };
        Path f = dir.resolve("cadence.ckpt");
        TrainingSettings s = settings(23).withEvaluation(5, true).withCheckpoint(f, 10, "c").withProgressEvery(4);
        try (CpuThreads one = CpuThreads.limit(Device.cpu(), 1); NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[3]);
            w.setRequiresGradient(true);
            Regression objective = new Regression(w);
            TrainingLoop.Result r = TrainingLoop.run(m, List.of(w), objective, s, watch);
            assertEquals(List.of(5, 10, 15, 20, 23), objective.evaluatedAt, "every 5 steps and after the last");
            assertEquals(23, objective.after.size());
            assertEquals(23, objective.batches);
            assertEquals(List.of(3L, 8L, 23L), announced, "announced once: parameters, examples per step, steps");
            assertEquals(List.of(1L, 5L, 9L, 13L, 17L, 21L, 23L), updates);
            assertEquals(List.of(5.0, 10.0, 15.0, 20.0, 23.0),
                    r.evaluations().stream().map(e -> e[0]).toList());
            // kept best: the weights end as they were at the best evaluation
            float[] now = w.toFloatArray();
            double d = 0;
            for (int i = 0; i < 3; i++) {
                d += (now[i] - TRUE_W[i]) * (now[i] - TRUE_W[i]);
            }
            assertEquals(r.bestScore(), -Math.sqrt(d), 0.0);
            assertEquals(23, r.losses().length);
        }
        Checkpoint c = Checkpoint.load(f, "regression c shapes#" + Integer.toHexString(" (3)".hashCode()));
        assertEquals(23, c.step(), "saved at 10, 20 and after the last step");
        assertEquals(5, c.evaluations().size());
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThrows(LinreproException.class, () -> TrainingSettings.of("x", 0, AdamSettings.standard(), s -> 1));
        assertThrows(LinreproException.class,
                () -> TrainingSettings.of("x", 5, AdamSettings.standard(), s -> 1).withEvaluation(0, true));
        assertThrows(LinreproException.class,
                () -> TrainingSettings.of("x", 5, AdamSettings.standard(), s -> 1).withMicroBatches(0));
        assertNull(Checkpoint.load(Path.of("/nonexistent/linrepro.ckpt"), "k"));
    }
}
