package org.linrepro.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's gradient recording off for the current thread until {@link #close()}, which restores it. Grad mode
 * is thread-local and starts <em>on</em> in every new thread; the engine switches it off only on the thread that
 * loads it. A training loop on another thread (a notebook cell, a worker) would then record its in-place optimizer
 * updates and fail with "a leaf Variable that requires grad is being used in an in-place operation". Gradient
 * collectors opened inside still record (they switch the mode on and back off).
 */
public final class NoGrad implements AutoCloseable {
    private final boolean before;

    private NoGrad(boolean before) {
        this.before = before;
    }

    public static NoGrad enter() {
        Engine.getInstance(); // loads the native library
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(before);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(before);
    }
}
