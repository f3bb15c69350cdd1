package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;

/**
 * A frozen {@link Dense} plus an update the method defines as ΔW (and optionally Δb): y = x (W + ΔW)ᵀ + b + Δb.
 * One form for every weight-update method, so merge/unmerge is written once: merge adds the current ΔW to W
 * and remembers it; unmerge subtracts that same array (ΔW may depend on W, as in HUT, so it is not recomputed).
 */
public abstract class AdaptedLinear extends WrappedLinear<Dense> {
    private NDArray mergedW;
    private NDArray mergedB;

    protected AdaptedLinear(Dense base) {
        super(base);
    }

    /** The weight update (out × in) from the current trainable tensors. */
    public abstract NDArray deltaWeight();

    /** The bias update (out), or null when the method leaves the bias alone. */
    public NDArray deltaBias() {
        return null;
    }

    public boolean merged() {
        return mergedW != null;
    }

    public void merge() {
        if (mergedW == null) {
            mergedW = deltaWeight().duplicate();
            base.weight().addi(mergedW);
            NDArray db = deltaBias();
            if (db != null) {
                mergedB = db.duplicate();
                base.bias().addi(mergedB);
            }
        }
    }

    public void unmerge() {
        if (mergedW != null) {
            base.weight().subi(mergedW);
            mergedW.close();
            mergedW = null;
            if (mergedB != null) {
                base.bias().subi(mergedB);
                mergedB.close();
                mergedB = null;
            }
        }
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray y = base.forward(x);
        if (merged()) {
            return y;
        }
        y = y.add(update(x));
        NDArray db = deltaBias();
        return db == null ? y : y.add(db);
    }

    /** The unmerged update x ΔWᵀ; a method with a cheaper factored form (LoRA: s·(x Aᵀ) Bᵀ) overrides it. */
    protected NDArray update(NDArray x) {
        return x.matMul(deltaWeight().transpose());
    }
}
