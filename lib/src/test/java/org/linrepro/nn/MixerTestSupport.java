package org.linrepro.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;

/** Shared helpers: seeded construction, forward + backward, relative errors. */
final class MixerTestSupport {

    private MixerTestSupport() {}

    /** A mixer from a config, its parameters drawn from {@code seed} (same seed → same parameters). */
    static TokenMixer build(NDManager m, String id, MixerConfig c, long seed, DataType dt, long batch, long len) {
        TokenMixer mixer = MixerRegistry.create(id, c);
        Engine.getInstance().setRandomSeed((int) seed);
        mixer.initialize(m, dt, new Shape(batch, len, c.dim()));
        return mixer;
    }

    /**
     * Output, input gradient and parameter gradients of loss = sum(y ⊙ r). A fresh copy of x is the
     * leaf, so nothing accumulates across calls; the mixer should be fresh too.
     */
    static List<NDArray> forwardBackward(TokenMixer mixer, NDArray x0, NDArray r, MixerForm form) {
        NDArray x = x0.duplicate();
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = mixer.mix(x, form);
            gc.backward(y.mul(r).sum());
        }
        List<NDArray> out = new ArrayList<>();
        out.add(y.stopGradient());
        out.add(x.getGradient().duplicate());
        for (Pair<String, Parameter> p : mixer.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                out.add(a.getGradient().duplicate());
            }
        }
        return out;
    }

    /** max |a − b| / max |b| (0 when both vanish). */
    static double rel(NDArray a, NDArray b) {
        double num = a.toType(DataType.FLOAT64, false).sub(b.toType(DataType.FLOAT64, false)).abs().max().getDouble();
        double den = b.toType(DataType.FLOAT64, false).abs().max().getDouble();
        if (den == 0) {
            return num;
        }
        return num / den;
    }
}
