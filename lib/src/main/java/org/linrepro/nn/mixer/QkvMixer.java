package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A mixer with query, key and value projections of width dim, split into heads, and an output
 * projection W_O: the frame most attention-like mixers share. Subclasses declare their own extra
 * parameters in their constructor and then call {@link #declareOutput()} (parameters are
 * initialised in declaration order, so the order wq, wk, wv, extras, wo is part of every seeded
 * result), and implement {@link #mixHeads} on the projected heads.
 */
public abstract class QkvMixer extends AbstractMixer {

    protected final Parameter wq;
    protected final Parameter wk;
    protected final Parameter wv;
    private Parameter wo;

    protected QkvMixer(String id, MixerConfig c) {
        super(id, c);
        wq = linearWeight("wq", c.dim(), c.dim());
        wk = linearWeight("wk", c.dim(), c.dim());
        wv = linearWeight("wv", c.dim(), c.dim());
    }

    /** Declares W_O [dim, dim]; the last parameter of the subclass's constructor. */
    protected final void declareOutput() {
        wo = linearWeight("wo", dim(), dim());
    }

    @Override
    protected final NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        if (wo == null) {
            throw new IllegalStateException(id() + ": constructor did not call declareOutput()");
        }
        NDArray q = projectHeads(ps, wq, x, training);
        NDArray k = projectHeads(ps, wk, x, training);
        NDArray v = projectHeads(ps, wv, x, training);
        return project(ps, wo, mixHeads(ps, x, q, k, v, form, training), training);
    }

    /**
     * The mixer proper on q, k, v [B, H, L, dim/H] (raw projections, before any feature map);
     * returns [B, L, dim], the input of W_O.
     */
    protected abstract NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q, NDArray k, NDArray v, MixerForm form, boolean training);
}
