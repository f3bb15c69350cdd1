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
 * post-norm (LN(x + f(x))), mean pooling over non-padding tokens, a CLS token or the last real token, a linear or
 * MLP head; for Retrieval the two-tower head of the LRA matching model on [u, v, u·v, u − v]. With
 * {@link EncoderConfig#qkvDim()} narrower than the model (LRA's {@code qkv_dim}) each block projects to that width
 * before its mixer and back after it; the mixer's own q/k/v/output maps then work at that width, so the block computes
 * the same family of functions as LRA's attention (whose q/k/v map dim → qkv and output qkv → dim), with two extra
 * matrices per block. The mixer is any {@link MixerRegistry} id
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
    private final List<NDArray[]> projections = new ArrayList<>(); // per block {dim → qkv, qkv → dim}, or null
    private final NDArray[] finalNorm;
    private final NDArray[] head; // two-tower: w1, b1, w2, b2; else w, b
    private final List<NDArray> parameters = new ArrayList<>();

    private LraEncoder(EncoderConfig c, NDManager manager) {
        this.c = c;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        int extra = c.pooling() == EncoderConfig.Pooling.CLS ? 1 : 0; // the CLS token id is the vocabulary size
        embedding = weight(c.lraInit() ? lraEmbedding(manager, c.vocabulary(), extra, c.dim())
                : manager.randomNormal(0, 0.02f, new Shape(c.vocabulary() + extra, c.dim()), DataType.FLOAT32));
        int positions = c.maxLength() + extra;
        position = switch (c.positional()) {
            case LEARNED -> weight(manager.randomNormal(0, 0.02f, new Shape(positions, c.dim()), DataType.FLOAT32));
            case SINUSOIDAL -> sinusoidal(manager, positions, c.dim());
            case NONE -> null;
        };
        for (int l = 0; l < c.layers(); l++) {
            TokenMixer m = mixer(c);
            m.initialize(manager, DataType.FLOAT32, new Shape(1, positions, c.mixerDim()));
            for (Pair<String, Parameter> p : m.getParameters()) {
                parameters.add(prepare(p.getValue().getArray()));
            }
            mixers.add(m);
            projections.add(c.projectsQkv() ? new NDArray[] {dense(c.dim(), c.mixerDim()), dense(c.mixerDim(), c.dim())}
                : null);
            blocks.add(c.ffnDim() == 0 ? new NDArray[] {ones(c.dim()), zeros(c.dim())}
                : new NDArray[] {ones(c.dim()), zeros(c.dim()), ones(c.dim()), zeros(c.dim()),
                    dense(c.dim(), c.ffnDim()), zeros(c.ffnDim()), dense(c.ffnDim(), c.dim()), zeros(c.dim())});
        }
        finalNorm = new NDArray[] {ones(c.dim()), zeros(c.dim())};
        int h = c.headHidden();
        int pair = (c.concatPair() ? 2 : 4) * c.dim(); // two-tower head input: [u, v] or [u, v, u·v, u − v]
        if (h == 0) {
            head = c.twoTower()
                    ? new NDArray[] {headLayer(pair, c.dim()), zeros(c.dim()), headLayer(c.dim(), c.classes()),
                        zeros(c.classes())}
                    : new NDArray[] {headLayer(c.dim(), c.classes()), zeros(c.classes())};
        } else {
            head = c.twoTower()
                    ? new NDArray[] {headLayer(pair, h), zeros(h), headLayer(h, h / 2), zeros(h / 2),
                        headLayer(h / 2, c.classes()), zeros(c.classes())}
                    : new NDArray[] {headLayer(c.dim(), h), zeros(h), headLayer(h, c.classes()), zeros(c.classes())};
        }
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
        return MixerRegistry.create(c.mixer(), c.mixerDim(), c.heads(), false);
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
        NDArray f = u;
        if (c.twoTower()) {
            NDArray v = encode(m, batch, true, training);
            f = c.concatPair() ? NDArrays.concat(new NDList(u, v), -1)
                    : NDArrays.concat(new NDList(u, v, u.mul(v), u.sub(v)), -1);
        }
        for (int i = 0; i + 2 < head.length; i += 2) { // hidden layers of the head, ReLU after each
            f = Activation.relu(f.matMul(head[i]).add(head[i + 1]));
        }
        return f.matMul(head[head.length - 2]).add(head[head.length - 1]);
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
        float[] last = c.pooling() == EncoderConfig.Pooling.LAST ? new float[ids.length] : null; // the last real token
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
            if (last != null) {
                int at = 0;
                for (int i = 0; i < Math.min(t.length, len); i++) {
                    at = t[i] == 0 ? at : i;
                }
                last[off + at] = 1;
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
            NDArray[] proj = projections.get(l);
            if (c.preNorm()) {
                x = x.add(drop(mix(mixer, proj, masked(norm(x, w[0], w[1]), inert), training), training));
                if (c.ffnDim() > 0) {
                    x = x.add(drop(ffn(norm(x, w[2], w[3]), w), training));
                }
            } else {
                x = norm(x.add(drop(mix(mixer, proj, masked(x, inert), training), training)), w[0], w[1]);
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
        if (last != null) {
            return x.mul(m.create(last, new Shape(batch.size(), total, 1))).sum(new int[] {1});
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

    /** The token mixer, at the qkv width between the two projections when it is narrower than the model. */
    private NDArray mix(TokenMixer mixer, NDArray[] proj, NDArray x, boolean training) {
        NDArray in = proj == null ? x : x.matMul(proj[0]);
        NDArray out = mixer.forward(store, new NDList(in), training).singletonOrThrow();
        return proj == null ? out : out.matMul(proj[1]);
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

    /** Encoder layers: Xavier-uniform with the LRA initialisation (MlpBlock, attention projections), else {@link #linear}. */
    private NDArray dense(int in, int out) {
        if (!c.lraInit()) {
            return linear(in, out);
        }
        float a = (float) Math.sqrt(6.0 / (in + out));
        return weight(manager.randomUniform(-a, a, new Shape(in, out), DataType.FLOAT32));
    }

    /**
     * Classifier head layers: flax's default Dense kernel with the LRA initialisation, LeCun normal (a normal truncated
     * at ±2σ, σ = √(1/in)/0.8796, so the variance is 1/in), else {@link #linear}.
     */
    private NDArray headLayer(int in, int out) {
        if (!c.lraInit()) {
            return linear(in, out);
        }
        float sd = (float) (Math.sqrt(1.0 / in) / 0.87962566103423978);
        Shape shape = new Shape(in, out);
        try (NDManager t = manager.newSubManager()) { // the redraws are temporaries
            NDArray x = t.randomNormal(0, 1, shape, DataType.FLOAT32);
            for (int round = 0; round < 64; round++) { // redraw the values outside ±2 (4.6 % of them each round)
                NDArray outside = x.abs().gt(2f);
                if (!outside.any().getBoolean()) {
                    break;
                }
                x = NDArrays.where(outside, t.randomNormal(0, 1, shape, DataType.FLOAT32), x);
            }
            NDArray w = x.clip(-2f, 2f).mul(sd); // clip: only if 64 rounds left a value outside (never in practice)
            w.attach(manager);
            return weight(w);
        }
    }

    /** LRA's token embeddings: N(0, 1); the CLS token (the last row, when present) starts at zero. */
    private static NDArray lraEmbedding(NDManager m, int vocabulary, int extra, int dim) {
        NDArray e = m.randomNormal(0, 1, new Shape(vocabulary + extra, dim), DataType.FLOAT32);
        if (extra == 1) {
            e.set(new ai.djl.ndarray.index.NDIndex(vocabulary + ", :"), 0f);
        }
        return e;
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
