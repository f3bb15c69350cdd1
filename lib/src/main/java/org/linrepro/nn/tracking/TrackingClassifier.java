package org.linrepro.nn.tracking;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.linrepro.data.tracking.TrackingExample;
import org.linrepro.nn.Classifier;
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
    private final NDArray embedding;
    private final List<TokenMixer> mixers = new ArrayList<>();
    private final List<NDArray[]> blocks = new ArrayList<>(); // ln1 g,b, [ln2 g,b, w1, b1, w2, b2]
    private final NDArray[] finalNorm;
    private final NDArray[] head;
    private final List<NDArray> parameters = new ArrayList<>();

    private TrackingClassifier(TrackingModelConfig c, NDManager manager, IntFunction<TokenMixer> mixerOfLayer) {
        this.c = c;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        embedding = weight(manager.randomNormal(0, 0.02f, new Shape(c.vocabulary(), c.dim()), DataType.FLOAT32));
        for (int l = 0; l < c.layers(); l++) {
            TokenMixer m = mixerOfLayer.apply(l);
            if (m.dim() != c.dim() || !m.causal()) {
                throw new IllegalArgumentException("layer " + l + ": need a causal mixer of width " + c.dim()
                        + ", got " + m.id() + " of width " + m.dim());
            }
            m.initialize(manager, DataType.FLOAT32, new Shape(1, 1, c.dim()));
            for (Pair<String, Parameter> p : m.getParameters()) {
                parameters.add(prepare(p.getValue().getArray()));
            }
            mixers.add(m);
            int hidden = c.mlpRatio() * c.dim();
            blocks.add(hidden == 0 ? new NDArray[] {ones(c.dim()), zeros(c.dim())}
                : new NDArray[] {ones(c.dim()), zeros(c.dim()), ones(c.dim()), zeros(c.dim()),
                    linear(c.dim(), hidden), zeros(hidden), linear(hidden, c.dim()), zeros(c.dim())});
        }
        finalNorm = new NDArray[] {ones(c.dim()), zeros(c.dim())};
        head = new NDArray[] {linear(c.dim(), c.classes()), zeros(c.classes())};
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
        return List.copyOf(mixers);
    }

    @Override
    public List<NDArray> parameters() {
        return parameters;
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray p : parameters) {
            n += p.size();
        }
        return n;
    }

    @Override
    public int label(TrackingExample e) {
        return e.label();
    }

    @Override
    public long tokens(List<TrackingExample> batch) {
        long n = 0;
        for (TrackingExample e : batch) {
            n += e.length();
        }
        return n;
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
        for (int l = 0; l < c.layers(); l++) {
            NDArray[] w = blocks.get(l);
            x = x.add(mixers.get(l).forward(store, new NDList(norm(x, w[0], w[1])), training).singletonOrThrow());
            if (w.length > 2) {
                NDArray y = norm(x, w[2], w[3]);
                x = x.add(Activation.gelu(y.matMul(w[4]).add(w[5])).matMul(w[6]).add(w[7]));
            }
        }
        x = norm(x, finalNorm[0], finalNorm[1]);
        NDArray answer = x.mul(m.create(last, new Shape(batch.size(), len, 1))).sum(new int[] {1});
        return answer.matMul(head[0]).add(head[1]);
    }

    private static NDArray norm(NDArray x, NDArray g, NDArray b) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(2)), g, b, 1e-5f).singletonOrThrow();
    }

    private NDArray linear(int in, int out) {
        float a = (float) (1.0 / Math.sqrt(in)); // the PyTorch nn.Linear default U(−1/√in, 1/√in)
        return weight(manager.randomUniform(-a, a, new Shape(in, out), DataType.FLOAT32));
    }

    private NDArray ones(int n) {
        return weight(manager.ones(new Shape(n)));
    }

    private NDArray zeros(int n) {
        return weight(manager.zeros(new Shape(n)));
    }

    private NDArray weight(NDArray a) {
        parameters.add(prepare(a));
        return a;
    }

    private static NDArray prepare(NDArray a) {
        a.setRequiresGradient(true);
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
