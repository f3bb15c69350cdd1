package org.linrepro.nn.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.eval.NextTokenScorer;
import org.linrepro.nn.block.Sinusoids;
import org.linrepro.util.LinreproException;

/**
 * A decoder-only language model, readable top to bottom:
 *
 * <pre>
 *   tokens [B, L] → embedding (+ positions) → N × {@link LmBlock} → final norm → output layer → logits [B, L, V]
 * </pre>
 *
 * The output layer is a plain linear map, tied to the embedding when {@link LmConfig#tied()}, or an
 * {@link AdaptiveSoftmax} when {@link LmConfig#adaptive()}; then the "logits" are already normalised
 * log-probabilities (log-softmax leaves them unchanged, so loss, perplexity and sampling need no special case). Every token mixer is built causal, so logits at position t depend on
 * tokens 0..t only (checked by the tests for the whole model).
 */
public final class LanguageModel extends AbstractBlock {
    private final LmConfig config;
    private final Parameter embedding;
    private final Parameter positions;
    private final Parameter gF;
    private final Parameter bF;
    private final Parameter output;
    private final AdaptiveSoftmax adaptive;
    private final List<LmBlock> blocks = new ArrayList<>();

    public LanguageModel(LmConfig c) {
        super((byte) 1);
        this.config = c;
        // N(0, 0.02) embeddings (GPT-2's init): with tied output, uniform(±1) would give huge initial logits
        embedding = param("embedding", new Shape(c.vocabSize(), c.dim()), normal(0.02));
        positions = c.positions() == LmConfig.Positions.LEARNED
                ? param("positions", new Shape(c.maxLength(), c.dim()), normal(0.02)) : null;
        for (int i = 0; i < c.layers(); i++) {
            blocks.add(addChildBlock("block" + i, new LmBlock(c)));
        }
        boolean ln = c.norm() == LmConfig.Norm.LAYER;
        gF = ln ? param("gFinal", new Shape(c.dim()), LmBlock.ones()) : null;
        bF = ln ? param("bFinal", new Shape(c.dim()), Initializer.ZEROS) : null;
        adaptive = c.adaptive() ? addChildBlock("adaptiveSoftmax",
                new AdaptiveSoftmax(c.dim(), c.vocabSize(), c.adaptiveCutoffs(), c.adaptiveFactor())) : null;
        output = c.tied() || c.adaptive() ? null
                : param("output", new Shape(c.dim(), c.vocabSize()), LmBlock.uniform(c.dim()));
    }

    /** A model with initialised parameters, seeded by the engine's current seed. */
    public static LanguageModel create(NDManager manager, LmConfig c) {
        LanguageModel m = new LanguageModel(c);
        m.initialize(manager, DataType.FLOAT32, new Shape(1, Math.min(c.maxLength(), 8)));
        return m;
    }

    public LmConfig config() {
        return config;
    }

    private static Initializer normal(double std) {
        return (m, s, dt) -> m.randomNormal(0f, (float) std, s, dt);
    }

    private Parameter param(String name, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(init).build());
    }

    /** All trainable arrays, in a fixed order (the optimiser and checkpoints rely on it). */
    public List<NDArray> parameterArrays() {
        List<NDArray> out = new ArrayList<>();
        for (var p : getParameters()) {
            out.add(p.getValue().getArray());
        }
        return out;
    }

    /** Names matching {@link #parameterArrays()}. */
    public List<String> parameterNames() {
        return getParameters().keys();
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray a : parameterArrays()) {
            n += a.size();
        }
        return n;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.singletonOrThrow();
        Shape s = tokens.getShape();
        if (s.dimension() != 2) {
            throw new LinreproException("language model input must be [batch, length] token ids, got " + s);
        }
        int len = (int) s.get(1);
        if (len > config.maxLength()) {
            throw new LinreproException("sequence of " + len + " tokens is longer than the model's maximum "
                    + config.maxLength() + " (maxLength in the model config)");
        }
        NDArray e = ps.getValue(embedding, tokens.getDevice(), training);
        NDArray x = Embedding.embedding(tokens.toType(DataType.INT64, false), e, ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
        if (config.positions() == LmConfig.Positions.LEARNED) {
            NDArray pos = ps.getValue(positions, tokens.getDevice(), training);
            x = x.add(pos.get("0:" + len));
        } else if (config.positions() == LmConfig.Positions.SINUSOIDAL) {
            x = x.add(Sinusoids.table(tokens.getManager(), len, config.dim()));
        }
        if (training && config.dropout() > 0) {
            x = Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow();
        }
        for (LmBlock b : blocks) {
            x = b.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        if (gF != null) {
            x = blocks.get(0).norm(ps, x, gF, bF, training);
        } else {
            x = org.linrepro.nn.ops.Tensors.rmsNorm(x, 1e-6);
        }
        NDArray logits = adaptive != null ? adaptive.logProbabilities(ps, x, training)
                : config.tied() ? x.matMul(e.transpose()) : x.matMul(ps.getValue(output, tokens.getDevice(), training));
        return new NDList(logits);
    }

    /** Mean cross-entropy (nats/token) of next-token prediction: inputs, targets [B, L] int ids. */
    public NDArray loss(ParameterStore ps, NDArray inputs, NDArray targets, boolean training) {
        NDArray logits = forward(ps, new NDList(inputs), training).singletonOrThrow();
        return logProbsOf(logits, targets).mean().neg();
    }

    /** ln p(targets) from logits [B, L, V] → [B, L]. */
    static NDArray logProbsOf(NDArray logits, NDArray targets) {
        NDArray lp = logits.logSoftmax(-1);
        return lp.gather(targets.toType(DataType.INT64, false).expandDims(-1), -1).squeeze(-1);
    }

    /** This model as a scorer for {@link org.linrepro.eval.Perplexity} (inference mode, float64 sums). */
    public NextTokenScorer scorer(NDManager manager) {
        return (inputs, targets) -> {
            try (NDManager sm = manager.newSubManager()) {
                NDArray in = sm.create(inputs);
                NDArray tg = sm.create(targets);
                NDArray logits = forward(new ParameterStore(sm, false), new NDList(in), false).singletonOrThrow();
                float[] flat = logProbsOf(logits, tg).toFloatArray();
                int len = inputs[0].length;
                double[][] out = new double[inputs.length][len];
                for (int b = 0; b < inputs.length; b++) {
                    for (int t = 0; t < len; t++) {
                        out[b][t] = flat[b * len + t];
                    }
                }
                return out;
            }
        };
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.vocabSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.dim());
        for (LmBlock b : blocks) {
            b.initialize(manager, dataType, hidden);
        }
        if (adaptive != null) {
            adaptive.initialize(manager, dataType, hidden);
        }
    }
}
