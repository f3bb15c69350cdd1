package org.linrepro.repro.lm;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs the LM experiments with a fixed number of PyTorch intra-op threads and restores the previous number after.
 *
 * <p>Why: small models are dominated by per-op overhead, and on a shared 2-core machine PyTorch's default thread
 * pool oversubscribes the cores. Measured on the loaded development machine (load average ≈ 9 on 2 cores):
 * 7,283 tokens/s with 1 thread against 1,160 with 2 for the same softmax model. A fixed count also fixes the
 * floating-point reduction order, so the same seed gives the same numbers on any CPU count.
 */
final class TorchThreads implements AutoCloseable {
    private final int previous;

    private TorchThreads(int previous) {
        this.previous = previous;
    }

    /** Sets the thread count when the engine is PyTorch (a no-op otherwise). */
    static TorchThreads use(int threads) {
        if (threads < 1 || !"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new TorchThreads(-1);
        }
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return new TorchThreads(before);
    }

    @Override
    public void close() {
        if (previous > 0) {
            JniUtils.setNumThreads(previous);
        }
    }
}
