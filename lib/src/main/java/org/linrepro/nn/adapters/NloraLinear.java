package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * NLoRA: ΔW = s·B N A with the official code's Nyström-style start A = W[:r, :], B = W[:, :r], N = W[:r, :r]
 * (W itself is not changed, so unlike LoRA the function changes at initialisation, as in that code). IntTune
 * trains N only; otherwise A, B and N train.
 */
public final class NloraLinear extends ThreeFactorLinear {
    private final boolean intTune;

    public NloraLinear(Dense base, int r, double alpha, boolean intTune) {
        super(base, slice(checked(base, r), ":" + r + ", :"), slice(base, ":, :" + r),
                Init.trainable(slice(base, ":" + r + ", :" + r)), alpha / r);
        this.intTune = intTune;
        if (!intTune) {
            a().setRequiresGradient(true);
            b().setRequiresGradient(true);
        }
    }

    private static Dense checked(Dense base, int r) {
        if (r > Math.min(base.in(), base.out())) {
            throw new LinreproException("nlora: rank " + r + " exceeds the matrix shape " + base.out() + "×" + base.in());
        }
        return base;
    }

    /** A copy of a slice of the frozen weight. */
    private static NDArray slice(Dense base, String index) {
        return base.weight().get(new NDIndex(index)).duplicate();
    }

    public NDArray n() {
        return middle();
    }

    @Override
    public List<NDArray> trainable() {
        return intTune ? List.of(n()) : List.of(a(), b(), n());
    }
}
