package org.linrepro.nn.lra;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.nn.Classifier;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;
import org.linrepro.nn.mixer.S4DMixer;
import org.linrepro.nn.mixer.S4Mixer;

/**
 * The LRA encoder classifier (Tay et al. 2011.04006 use a Transformer encoder whose attention is swapped per model):
 * embeddings, positional encoding, {@code layers} × (mixer + GELU FFN) with pre-norm (x + f(LN x), final LN) or
 * post-norm (LN(x + f(x))), mean pooling over non-padding tokens or a CLS token, a linear head; for Retrieval the
 * two-tower head of the LRA matching model on [u, v, u·v, u − v]. The mixer is any {@link MixerRegistry} id
 * (bidirectional). Mean pooling ignores padding. With {@code ffnDim = 0} a block is the mixer alone (the S4 layout).
 *
 * <p>Padding ({@link EncoderConfig#maskPadding()}): our mixers take no mask, so the encoder makes padding inert
 * itself, exactly. A state-space mixer ({@code s4}, {@code s4d}) is linear in its input with a zero initial state, so
 * zeroing its input at padded positions leaves every real position's output unchanged (forward direction: padding
 * comes after; backward direction: zero input keeps the state at zero). Any other mixer gets the batch split into
 * groups of equal length, each run without padding (exact for every mixer, slower for ragged batches). Without the
 * flag padding tokens are mixed like the others (the first quick-tier claims were measured so).
 *
 * <p>Dropout ({@link EncoderConfig#dropout()}) after the embedding and on each residual branch, in training only.
 *
 * <p>Weights are raw arrays in one manager; parameters are drawn from the engine's generator, so seed it first.
 */
public final class LraEncoder implements Classifier<TokenExample>, AutoCloseable {
    private final EncoderConfig c;
    private final NDManager manager;
    private final ParameterStore store;
    private final NDArray embedding;
    private final NDArray position; // null for NONE
    private final List<TokenMixer> mixers = new ArrayList<>();
    private final List<NDArray[]> blocks = new ArrayList<>(); // ln1 g,b, ln2 g,b, w1, b1, w2, b2
    private final NDArray[] finalNorm;
    private final NDArray[] head; // two-tower: w1, b1, w2, b2; else w, b
    private final List<NDArray> parameters = new ArrayList<>();

    private LraEncoder(EncoderConfig c, NDManager manager) {
        this.c = c;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        int extra = c.pooling() == EncoderConfig.Pooling.CLS ? 1 : 0; // the CLS token id is the vocabulary size
        embedding = weight(manager.randomNormal(0, 0.02f, new Shape(c.vocabulary() + extra, c.dim()), DataType.FLOAT32));
        int positions = c.maxLength() + extra;
        position = switch (c.positional()) {
            case LEARNED -> weight(manager.randomNormal(0, 0.02f, new Shape(positions, c.dim()), DataType.FLOAT32));
            case SINUSOIDAL -> sinusoidal(manager, positions, c.dim());
            case NONE -> null;
        };
        for (int l = 0; l < c.layers(); l++) {
            TokenMixer m = mixer(c);
            m.initialize(manager, DataType.FLOAT32, new Shape(1, positions, c.dim()));
            for (Pair<String, Parameter> p : m.getParameters()) {
                parameters.add(prepare(p.getValue().getArray()));
            }
            mixers.add(m);
            blocks.add(c.ffnDim() == 0 ? new NDArray[] {ones(c.dim()), zeros(c.dim())}
                : new NDArray[] {ones(c.dim()), zeros(c.dim()), ones(c.dim()), zeros(c.dim()),
                    linear(c.dim(), c.ffnDim()), zeros(c.ffnDim()), linear(c.ffnDim(), c.dim()), zeros(c.dim())});
        }
        finalNorm = new NDArray[] {ones(c.dim()), zeros(c.dim())};
        head = c.twoTower()
                ? new NDArray[] {linear(4 * c.dim(), c.dim()), zeros(c.dim()), linear(c.dim(), c.classes()), zeros(c.classes())}
                : new NDArray[] {linear(c.dim(), c.classes()), zeros(c.classes())};
    }

    /** The bidirectional mixer of a block: registry defaults, with the state size overridden for s4/s4d if asked. */
    private static TokenMixer mixer(EncoderConfig c) {
        if (c.stateSize() > 0 && c.mixer().equals("s4")) {
            S4Mixer.Config d = (S4Mixer.Config) MixerRegistry.defaults("s4", c.dim(), c.heads(), false);
            return MixerRegistry.create("s4", new S4Mixer.Config(d.dim(), d.heads(), false, d.chunkSize(), d.form(),
                    c.stateSize(), d.dtMin(), d.dtMax(), d.trainA()));
        }
        if (c.stateSize() > 0 && c.mixer().equals("s4d")) {
            S4DMixer.Config d = (S4DMixer.Config) MixerRegistry.defaults("s4d", c.dim(), c.heads(), false);
            return MixerRegistry.create("s4d", new S4DMixer.Config(d.dim(), d.heads(), false, d.chunkSize(), d.form(),
                    c.stateSize(), d.init(), d.dtMin(), d.dtMax()));
        }
        return MixerRegistry.create(c.mixer(), c.dim(), c.heads(), false);
    }

    /** A model in a sub-manager of {@code parent}; seed the engine beforehand for reproducible weights. */
    public static LraEncoder create(NDManager parent, EncoderConfig config) {
        return new LraEncoder(config, parent.newSubManager());
    }

    public EncoderConfig config() {
        return c;
    }

    @Override
    public int label(TokenExample e) {
        return e.label();
    }

    @Override
    public long tokens(List<TokenExample> batch) {
        long n = 0;
        for (TokenExample e : batch) {
            n += Math.min(e.tokens().length, c.maxLength()) + (e.second() == null ? 0 : Math.min(e.second().length, c.maxLength()));
        }
        return n;
    }

    /** Every trainable array (gradients attached). */
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

    /** Logits [batch, classes] for a batch of examples (padded to the longest in the batch, truncated to maxLength). */
    @Override
    public NDArray logits(NDManager m, List<TokenExample> batch, boolean training) {
        NDArray u = encode(m, batch, false, training);
        if (!c.twoTower()) {
            return u.matMul(head[0]).add(head[1]);
        }
        NDArray v = encode(m, batch, true, training);
        NDArray f = NDArrays.concat(new NDList(u, v, u.mul(v), u.sub(v)), -1);
        return Activation.relu(f.matMul(head[0]).add(head[1])).matMul(head[2]).add(head[3]);
    }

    private NDArray encode(NDManager m, List<TokenExample> batch, boolean second, boolean training) {
        int[] lengths = new int[batch.size()];
        boolean ragged = false;
        for (int b = 0; b < batch.size(); b++) {
            int[] t = second ? batch.get(b).second() : batch.get(b).tokens();
            if (t == null) {
                throw new IllegalArgumentException("two-tower model needs examples with a second document");
            }
            lengths[b] = Math.max(1, Math.min(t.length, c.maxLength()));
            ragged |= lengths[b] != lengths[0];
        }
        if (c.maskPadding() && ragged && !c.stateSpaceMixer()) {
            return encodeByLength(m, batch, second, training, lengths);
        }
        int cls = c.pooling() == EncoderConfig.Pooling.CLS ? 1 : 0;
        int len = 1;
        for (int l : lengths) {
            len = Math.max(len, l);
        }
        long[] ids = new long[batch.size() * (len + cls)];
        float[] mask = new float[ids.length]; // pooling: real tokens
        float[] keep = new float[ids.length]; // mixing: real tokens and CLS
        for (int b = 0; b < batch.size(); b++) {
            int[] t = second ? batch.get(b).second() : batch.get(b).tokens();
            int off = b * (len + cls);
            if (cls == 1) {
                ids[off] = c.vocabulary();
                keep[off] = 1;
            }
            for (int i = 0; i < Math.min(t.length, len); i++) {
                ids[off + cls + i] = t[i];
                mask[off + cls + i] = t[i] == 0 ? 0 : 1;
                keep[off + cls + i] = mask[off + cls + i];
            }
        }
        int total = len + cls;
        NDArray tokens = m.create(ids, new Shape(batch.size(), total));
        NDArray x = Embedding.embedding(tokens, embedding, SparseFormat.DENSE).singletonOrThrow();
        if (position != null) {
            x = x.add(position.get("0:" + total));
        }
        x = drop(x, training);
        NDArray inert = c.maskPadding() && ragged ? m.create(keep, new Shape(batch.size(), total, 1)) : null;
        for (int l = 0; l < c.layers(); l++) {
            NDArray[] w = blocks.get(l);
            TokenMixer mixer = mixers.get(l);
            if (c.preNorm()) {
                x = x.add(drop(mix(mixer, masked(norm(x, w[0], w[1]), inert), training), training));
                if (c.ffnDim() > 0) {
                    x = x.add(drop(ffn(norm(x, w[2], w[3]), w), training));
                }
            } else {
                x = norm(x.add(drop(mix(mixer, masked(x, inert), training), training)), w[0], w[1]);
                if (c.ffnDim() > 0) {
                    x = norm(x.add(drop(ffn(x, w), training)), w[2], w[3]);
                }
            }
        }
        if (c.preNorm()) {
            x = norm(x, finalNorm[0], finalNorm[1]);
        }
        if (cls == 1) {
            return x.get(":, 0, :");
        }
        NDArray mk = m.create(mask, new Shape(batch.size(), total, 1));
        return x.mul(mk).sum(new int[] {1}).div(mk.sum(new int[] {1}).maximum(1f));
    }

    /** Exact padding mask for any mixer: runs each group of equal-length examples unpadded, rows back in order. */
    private NDArray encodeByLength(NDManager m, List<TokenExample> batch, boolean second, boolean training,
            int[] lengths) {
        java.util.Map<Integer, List<Integer>> groups = new java.util.TreeMap<>();
        for (int b = 0; b < lengths.length; b++) {
            groups.computeIfAbsent(lengths[b], k -> new ArrayList<>()).add(b);
        }
        NDArray[] rows = new NDArray[lengths.length];
        for (List<Integer> g : groups.values()) {
            List<TokenExample> sub = new ArrayList<>(g.size());
            for (int b : g) {
                sub.add(batch.get(b));
            }
            NDArray pooled = encode(m, sub, second, training);
            for (int j = 0; j < g.size(); j++) {
                rows[g.get(j)] = pooled.get(j);
            }
        }
        return NDArrays.stack(new NDList(rows));
    }

    private static NDArray masked(NDArray x, NDArray keep) {
        return keep == null ? x : x.mul(keep);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && c.dropout() > 0 ? Dropout.dropout(x, (float) c.dropout(), true).singletonOrThrow() : x;
    }

    private NDArray mix(TokenMixer mixer, NDArray x, boolean training) {
        return mixer.forward(store, new NDList(x), training).singletonOrThrow();
    }

    private static NDArray ffn(NDArray x, NDArray[] w) {
        return Activation.gelu(x.matMul(w[4]).add(w[5])).matMul(w[6]).add(w[7]);
    }

    private static NDArray norm(NDArray x, NDArray g, NDArray b) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(2)), g, b, 1e-5f).singletonOrThrow();
    }

    private static NDArray sinusoidal(NDManager m, int positions, int dim) {
        float[] pe = new float[positions * dim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < dim; i++) {
                double freq = Math.pow(10_000, -(2 * (i / 2)) / (double) dim);
                pe[p * dim + i] = (float) (i % 2 == 0 ? Math.sin(p * freq) : Math.cos(p * freq));
            }
        }
        return m.create(pe, new Shape(positions, dim));
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
