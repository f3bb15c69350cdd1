package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.linrepro.nn.ops.Tensors;
import org.linrepro.util.LinreproException;

/**
 * NLoRA: ΔW = s·B N A with the official code's Nyström-style start A = W[:r, :], B = W[:, :r], N = W[:r, :r]
 * (W itself is not changed, so unlike LoRA the function changes at initialisation, as in that code). IntTune
 * trains N only; otherwise A, B and N train.
 */
public final class NloraLinear extends AdaptedLinear {
    private final NDArray a;
    private final NDArray b;
    private final NDArray n;
    private final double scale;
    private final boolean intTune;

    public NloraLinear(Dense base, int r, double alpha, boolean intTune) {
        super(base);
        if (r > Math.min(base.in(), base.out())) {
            throw new LinreproException("nlora: rank " + r + " exceeds the matrix shape " + base.out() + "×" + base.in());
        }
        NDArray w = base.weight();
        this.scale = alpha / r;
        this.intTune = intTune;
        this.a = w.get(new NDIndex(":" + r + ", :")).duplicate();
        this.b = w.get(new NDIndex(":, :" + r)).duplicate();
        this.n = Init.trainable(w.get(new NDIndex(":" + r + ", :" + r)).duplicate());
        if (!intTune) {
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
        }
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    public NDArray n() {
        return n;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(b.matMul(n).matMul(a), scale);
    }

    @Override
    public List<NDArray> trainable() {
        return intTune ? List.of(n) : List.of(a, b, n);
    }
}
