package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.linrepro.nn.ops.Tensors;

/**
 * Base of the mixers: a DJL block whose parameters are declared with fixed shapes (so
 * {@code initialize} needs no shape inference), a shape check, and the dispatch from
 * {@code forward} to {@link #mix} in the configured form.
 */
public abstract class AbstractMixer extends AbstractBlock implements TokenMixer {

    private static final byte VERSION = 1;

    private final String id;
    private final MixerConfig config;

    protected AbstractMixer(String id, MixerConfig config) {
        super(VERSION);
        MixerConfig.validate(config);
        this.id = id;
        this.config = config;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public MixerConfig config() {
        return config;
    }

    /** Default: all three forms when causal; no recurrent form when bidirectional. */
    @Override
    public Set<MixerForm> forms() {
        return causal()
                ? Collections.unmodifiableSet(EnumSet.allOf(MixerForm.class))
                : Collections.unmodifiableSet(EnumSet.of(MixerForm.PARALLEL, MixerForm.CHUNKED));
    }

    @Override
    public final NDArray mix(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(2) != dim()) {
            throw new IllegalArgumentException(
                    id + ": expected input [batch, length, " + dim() + "], got " + s);
        }
        if (!forms().contains(form)) {
            throw new IllegalArgumentException(
                    id + (causal() ? " (causal)" : " (bidirectional)") + " has no " + form + " form; supported: " + forms());
        }
        return mixImpl(ps, x, form, training);
    }

    /** The mixer proper; input already checked. */
    protected abstract NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training);

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(mix(ps, inputs.singletonOrThrow(), config.form(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** A weight [in, out] initialised U(−1/√in, 1/√in) (the PyTorch nn.Linear default). */
    protected Parameter linearWeight(String name, long in, long out) {
        double a = 1.0 / Math.sqrt(in);
        return param(name, new Shape(in, out), (m, shape, dt) -> m.randomUniform((float) -a, (float) a, shape, dt));
    }

    /** A parameter of a given shape and initializer. */
    protected Parameter param(String name, Shape shape, Initializer init) {
        return addParameter(Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(init)
                .build());
    }

    /** A constant-filled parameter. */
    protected Parameter constant(String name, Shape shape, double value) {
        return param(name, shape, (m, sh, dt) -> m.full(sh, (float) value, dt));
    }

    /** The parameter's value on the input's device. */
    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    /** x [B, L, in] @ W [in, out]. */
    protected static NDArray project(ParameterStore ps, Parameter w, NDArray x, boolean training) {
        return x.matMul(value(ps, w, x, training));
    }

    /** x W split into this mixer's heads: [B, L, in] → [B, H, L, out/H]. */
    protected NDArray projectHeads(ParameterStore ps, Parameter w, NDArray x, boolean training) {
        return Tensors.splitHeads(project(ps, w, x, training), heads());
    }

    /**
     * The one place a mixer's form selects its computation: each form is a supplier, so only the
     * requested one runs.
     */
    protected static NDArray byForm(
            MixerForm form, Supplier<NDArray> parallel, Supplier<NDArray> recurrent, Supplier<NDArray> chunked) {
        switch (form) {
            case PARALLEL:
                return parallel.get();
            case RECURRENT:
                return recurrent.get();
            case CHUNKED:
                return chunked.get();
            default:
                throw new IllegalArgumentException("unknown form " + form);
        }
    }
}
