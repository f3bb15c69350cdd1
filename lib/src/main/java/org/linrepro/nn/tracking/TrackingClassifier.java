package org.linrepro.nn.tracking;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.linrepro.data.tracking.TrackingExample;
import org.linrepro.nn.Classifier;
import org.linrepro.nn.block.Norm;
import org.linrepro.nn.block.ParameterSet;
import org.linrepro.nn.block.ResidualBlock;
import org.linrepro.nn.mixer.TokenMixer;

/**
 * A small linear-RNN classifier for state tracking (the shape of the models of 2411.12537 §5 at CPU scale):
 * embedding, {@code layers} pre-norm blocks of a causal token mixer and a GELU MLP, final LayerNorm, and a linear
 * head read at each sequence's last token, so the loss is taken at the answer only. Sequences in a batch are padded
 * on the right; the mixers are causal, so padding never reaches a sequence's answer position.
 *
 * <p>Mixers come from a factory per layer (a {@link org.linrepro.nn.mixer.MixerRegistry} id or a
 * {@link DiagonalRecurrenceMixer}). Weights are raw arrays in one manager, drawn from the engine's generator: seed it
 * first.
 */
public final class TrackingClassifier implements Classifier<TrackingExample>, AutoCloseable {
    private final TrackingModelConfig c;
    private final NDManager manager;
    private final ParameterStore store;
    private final ParameterSet params;
    private final NDArray embedding;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Norm finalNorm;
    private final NDArray headWeight;
    private final NDArray headBias;

    private TrackingClassifier(TrackingModelConfig c, NDManager manager, IntFunction<TokenMixer> mixerOfLayer) {
        this.c = c;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.params = new ParameterSet(manager, true);
        embedding = params.normal(0.02, c.vocabulary(), c.dim());
        ResidualBlock.Spec spec = new ResidualBlock.Spec(c.dim(), c.dim(), c.mlpRatio() * c.dim(), true, 0);
        for (int l = 0; l < c.layers(); l++) {
            TokenMixer m = mixerOfLayer.apply(l);
            if (m.dim() != c.dim() || !m.causal()) {
                throw new IllegalArgumentException("layer " + l + ": need a causal mixer of width " + c.dim()
                        + ", got " + m.id() + " of width " + m.dim());
            }
            blocks.add(ResidualBlock.create(params, spec, m, new Shape(1, 1, c.dim()), params::linear));
        }
        finalNorm = Norm.create(params, c.dim());
        headWeight = params.linear(c.dim(), c.classes());
        headBias = params.zeros(c.classes());
    }

    /** A model in a sub-manager of {@code parent}; {@code mixerOfLayer} builds layer l's mixer. */
    public static TrackingClassifier create(NDManager parent, TrackingModelConfig config,
            IntFunction<TokenMixer> mixerOfLayer) {
        return new TrackingClassifier(config, parent.newSubManager(), mixerOfLayer);
    }

    public TrackingModelConfig config() {
        return c;
    }

    public List<TokenMixer> mixers() {
        return blocks.stream().map(ResidualBlock::mixer).toList();
    }

    @Override
    public List<NDArray> parameters() {
        return params.arrays();
    }

    @Override
    public int label(TrackingExample e) {
        return e.label();
    }

    @Override
    public long tokenCount(TrackingExample e) {
        return e.length();
    }

    @Override
    public NDArray logits(NDManager m, List<TrackingExample> batch, boolean training) {
        int len = 1;
        for (TrackingExample e : batch) {
            len = Math.max(len, e.length());
        }
        long[] ids = new long[batch.size() * len];
        float[] last = new float[ids.length]; // one-hot of each sequence's answer position
        for (int b = 0; b < batch.size(); b++) {
            int[] t = batch.get(b).tokens();
            for (int i = 0; i < t.length; i++) {
                if (t[i] < 0 || t[i] >= c.vocabulary()) {
                    throw new IllegalArgumentException("token " + t[i] + " outside the vocabulary of " + c.vocabulary());
                }
                ids[b * len + i] = t[i];
            }
            last[b * len + t.length - 1] = 1;
        }
        NDArray x = Embedding.embedding(m.create(ids, new Shape(batch.size(), len)), embedding, SparseFormat.DENSE)
                .singletonOrThrow();
        for (ResidualBlock block : blocks) {
            x = block.forward(store, x, null, training);
        }
        x = finalNorm.forward(x);
        NDArray answer = x.mul(m.create(last, new Shape(batch.size(), len, 1))).sum(new int[] {1});
        return answer.matMul(headWeight).add(headBias);
    }

    @Override
    public void close() {
        manager.close();
    }
}
