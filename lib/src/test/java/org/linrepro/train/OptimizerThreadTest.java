package org.linrepro.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that started the engine.
 * An optimizer step on any other thread (a notebook cell, a worker) must still work and give the same numbers.
 */
class OptimizerThreadTest {

    private static float[] trainOnNewThread(Consumer<NDArray> step) throws InterruptedException {
        Engine.getInstance(); // the engine starts here, on the test thread
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<float[]> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = m.create(new float[] {1f, -2f, 3f});
                w.setRequiresGradient(true);
                for (int i = 0; i < 3; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(w.square().sum());
                    }
                    step.accept(w);
                }
                result.set(w.toFloatArray());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        assertNull(failure.get(), () -> "optimizer step failed on a new thread: " + failure.get());
        return result.get();
    }

    @Test
    void adamStepsOnAnotherThread() throws InterruptedException {
        Adam[] adam = new Adam[1];
        float[] w = trainOnNewThread(p -> {
            if (adam[0] == null) {
                adam[0] = Adam.standard(List.of(p));
            }
            adam[0].clipGradients(1.0);
            adam[0].step(0.1);
        });
        // Adam moves each coordinate by ~lr per step against the gradient's sign: 3 steps of 0.1
        assertArrayEquals(new float[] {0.7f, -1.7f, 2.7f}, w, 1e-3f);
    }

    @Test
    void languageModelAdamStepsOnAnotherThread() throws InterruptedException {
        Adam[] opt = new Adam[1];
        float[] w = trainOnNewThread(p -> {
            if (opt[0] == null) {
                opt[0] = Adam.forLanguageModel(List.of(p), 0.9, 0.999, 1e-8, 0);
            }
            opt[0].clipGradients(1.0);
            opt[0].step(0.1);
        });
        assertArrayEquals(new float[] {0.7f, -1.7f, 2.7f}, w, 1e-3f);
    }
}
