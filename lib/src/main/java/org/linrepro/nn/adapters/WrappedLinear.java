package org.linrepro.nn.adapters;

/**
 * A linear map around another one that keeps its widths: a weight-update layer or an adapter around a frozen
 * {@link Dense}, or a pass-through around any map.
 *
 * @param <M> the wrapped map's type
 */
public abstract class WrappedLinear<M extends LinearMap> implements LinearMap {
    protected final M base;

    protected WrappedLinear(M base) {
        this.base = base;
    }

    /** The wrapped map. */
    public M base() {
        return base;
    }

    @Override
    public int in() {
        return base.in();
    }

    @Override
    public int out() {
        return base.out();
    }
}
