package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.linrepro.nn.ops.Tensors;

/**
 * The S4 block shared by {@link S4Mixer} and {@link S4DMixer}: per channel a discretised SSM run
 * over the input (forward, plus a second readout C over the reversed input when bidirectional),
 * the skip term D u, GELU and a linear map W_O across channels. Subclasses supply the
 * discretisation ({@link #discretise}); parameters are declared in the order logΔ (by
 * {@link #declareStep}), the subclass's own, then C, C_back, D, W_O (by {@link #declareReadout}),
 * which fixes the seeded initial values.
 */
public abstract class StateSpaceMixer extends AbstractMixer {

    /** One discretised system: runs u [B, L, D] with readout C in a form. */
    protected interface Discretised {
        NDArray run(NDArray u, NDArray c, MixerForm form, long length, int chunk);
    }

    private Parameter logDt;
    private Parameter c;
    private Parameter cBack;
    private Parameter skip;
    private Parameter wo;

    protected StateSpaceMixer(String id, MixerConfig config) {
        super(id, config);
    }

    /** logΔ per channel, U(log dtMin, log dtMax). */
    protected final Parameter declareStep(double dtMin, double dtMax) {
        double lo = Math.log(dtMin);
        double hi = Math.log(dtMax);
        logDt = param("logDt", new Shape(dim()), (m, s, dt) -> m.randomUniform((float) lo, (float) hi, s, dt));
        return logDt;
    }

    /** C (and C_back when bidirectional) of shape {@code cShape}, D = 1, W_O. */
    protected final void declareReadout(Shape cShape, Initializer cInit) {
        c = param("c", cShape, cInit);
        cBack = causal() ? null : param("cBack", cShape, cInit);
        skip = constant("skip", new Shape(dim()), 1.0);
        wo = linearWeight("wo", dim(), dim());
    }

    /** All three forms in both directions (the backward pass is a recurrence over the reversed input). */
    @Override
    public Set<MixerForm> forms() {
        return Collections.unmodifiableSet(EnumSet.allOf(MixerForm.class));
    }

    /** Δ = exp(logΔ) [D]. */
    protected final NDArray step(ParameterStore ps, NDArray like, boolean training) {
        return value(ps, logDt, like, training).exp();
    }

    /** The discrete system for this input's device and dtype. */
    protected abstract Discretised discretise(ParameterStore ps, NDArray x, boolean training);

    @Override
    protected final NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        long l = x.getShape().get(1);
        int chunk = config().chunkSize();
        Discretised sys = discretise(ps, x, training);
        NDArray y = sys.run(x, value(ps, c, x, training), form, l, chunk);
        if (!causal()) {
            y = y.add(sys.run(x.flip(1), value(ps, cBack, x, training), form, l, chunk).flip(1));
        }
        y = y.add(x.mul(value(ps, skip, x, training)));
        return project(ps, wo, Activation.gelu(y), training);
    }

    /** C's default initialisation N(0, scale²). */
    protected static Initializer normal(double scale) {
        return (m, s, dt) -> Tensors.mul(m.randomNormal(s, dt), scale);
    }
}
