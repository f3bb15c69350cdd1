package org.linrepro.nn.ops;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's {@code torch.no_grad()} for a block: {@code try (NoGrad g = NoGrad.enter()) { p.subi(update); }}.
 *
 * <p>Why: PyTorch's grad mode is per thread and on by default; DJL switches it off only on the thread that started the
 * engine, and a closed GradientCollector restores whatever the thread had. On any other thread (a notebook cell, a
 * worker) an in-place update of a parameter that requires gradients then fails with "a leaf Variable that requires
 * grad is being used in an in-place operation". Optimizers and other in-place parameter edits run inside this.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean active;
    private final boolean previous;

    private NoGrad(boolean active, boolean previous) {
        this.active = active;
        this.previous = previous;
    }

    public static NoGrad enter() {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new NoGrad(false, false);
        }
        boolean prev = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(true, prev);
    }

    @Override
    public void close() {
        if (active) {
            JniUtils.setGradMode(previous);
        }
    }
}
