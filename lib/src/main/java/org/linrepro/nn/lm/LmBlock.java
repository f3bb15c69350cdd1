package org.linrepro.nn.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.linrepro.nn.block.FeedForward;
import org.linrepro.nn.block.Norm;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;
import org.linrepro.nn.ops.Tensors;

/**
 * One pre-norm residual block: x + mixer(norm(x)), then + channel(norm(·)). Pre-norm (rather than the original
 * post-norm) is what the linear-attention papers' decoders use and trains without warm-up tricks at small scale.
 * The math of the encoders' {@link org.linrepro.nn.block.ResidualBlock} (its MLP channel is
 * {@link FeedForward#apply}, its LayerNorm {@link Norm#composed}); it stays a DJL block because the LM's
 * checkpoints name its parameters and it adds SRMS norm and the gated channels.
 */
final class LmBlock extends AbstractBlock {
    private final LmConfig c;
    private final TokenMixer mixer;
    private final Parameter g1;
    private final Parameter b1;
    private final Parameter g2;
    private final Parameter b2;
    private final Parameter wIn;
    private final Parameter bIn;
    private final Parameter wGate;
    private final Parameter wOut;
    private final Parameter bOut;

    LmBlock(LmConfig c) {
        super((byte) 1);
        this.c = c;
        this.mixer = addChildBlock("mixer", MixerRegistry.create(c.mixer(), c.dim(), c.heads(), true));
        boolean ln = c.norm() == LmConfig.Norm.LAYER;
        g1 = ln ? param("g1", new Shape(c.dim()), ones()) : null;
        b1 = ln ? param("b1", new Shape(c.dim()), Initializer.ZEROS) : null;
        g2 = ln ? param("g2", new Shape(c.dim()), ones()) : null;
        b2 = ln ? param("b2", new Shape(c.dim()), Initializer.ZEROS) : null;
        wIn = param("wIn", new Shape(c.dim(), c.ffnDim()), uniform(c.dim()));
        boolean mlp = c.channel() == LmConfig.Channel.MLP;
        bIn = mlp ? param("bIn", new Shape(c.ffnDim()), Initializer.ZEROS) : null;
        wGate = mlp ? null : param("wGate", new Shape(c.dim(), c.ffnDim()), uniform(c.dim()));
        wOut = param("wOut", new Shape(c.ffnDim(), c.dim()), uniform(c.ffnDim()));
        bOut = mlp ? param("bOut", new Shape(c.dim()), Initializer.ZEROS) : null;
    }

    static Initializer ones() {
        return (m, s, dt) -> m.ones(s, dt);
    }

    /** U(−1/√fanIn, 1/√fanIn), PyTorch's nn.Linear default. */
    static Initializer uniform(long fanIn) {
        float a = (float) (1.0 / Math.sqrt(fanIn));
        return (m, s, dt) -> m.randomUniform(-a, a, s, dt);
    }

    private Parameter param(String name, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(init).build());
    }

    private static NDArray v(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    NDArray norm(ParameterStore ps, NDArray x, Parameter g, Parameter b, boolean training) {
        if (c.norm() == LmConfig.Norm.SRMS) {
            return Tensors.rmsNorm(x, 1e-6); // x / (‖x‖/√d): SRMSNorm has no gain
        }
        return Norm.composed(x, v(ps, g, x, training), v(ps, b, x, training), 1e-5);
    }

    private NDArray channel(ParameterStore ps, NDArray x, boolean training) {
        if (c.channel() == LmConfig.Channel.MLP) {
            return FeedForward.apply(x, v(ps, wIn, x, training), v(ps, bIn, x, training), v(ps, wOut, x, training),
                    v(ps, bOut, x, training));
        }
        NDArray u = x.matMul(v(ps, wIn, x, training));
        NDArray gate = x.matMul(v(ps, wGate, x, training));
        NDArray h = c.channel() == LmConfig.Channel.GLU ? Tensors.silu(u).mul(gate) : u.mul(gate); // GLU or SGLU
        return h.matMul(v(ps, wOut, x, training));
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && c.dropout() > 0 ? Dropout.dropout(x, (float) c.dropout(), true).singletonOrThrow() : x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = mixer.forward(ps, new NDList(norm(ps, x, g1, b1, training)), training).singletonOrThrow();
        x = x.add(drop(a, training));
        x = x.add(drop(channel(ps, norm(ps, x, g2, b2, training), training), training));
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType,
            Shape... inputShapes) {
        mixer.initialize(manager, dataType, inputShapes);
    }
}
