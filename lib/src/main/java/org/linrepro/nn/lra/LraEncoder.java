package org.linrepro.nn.lra;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.nn.Classifier;
import org.linrepro.nn.block.Norm;
import org.linrepro.nn.block.ParameterSet;
import org.linrepro.nn.block.Sinusoids;
import org.linrepro.nn.block.ResidualBlock;
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
    private final ParameterSet params;
    private final NDArray embedding;
    private final NDArray position; // null for NONE
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Norm finalNorm;
    private final NDArray[] head; // two-tower: w1, b1, w2, b2; else w, b

    private LraEncoder(EncoderConfig c, NDManager manager) {
        this.c = c;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.params = new ParameterSet(manager, true);
        int extra = c.pooling() == EncoderConfig.Pooling.CLS ? 1 : 0; // the CLS token id is the vocabulary size
        embedding = c.lraInit() ? params.add(lraEmbedding(manager, c.vocabulary(), extra, c.dim()))
                : params.normal(0.02, c.vocabulary() + extra, c.dim());
        int positions = c.maxLength() + extra;
        position = switch (c.positional()) {
            case LEARNED -> params.normal(0.02, positions, c.dim());
            case SINUSOIDAL -> Sinusoids.table(manager, positions, c.dim());
            case NONE -> null;
        };
        ResidualBlock.Spec spec = new ResidualBlock.Spec(c.dim(), c.mixerDim(), c.ffnDim(), c.preNorm(), c.dropout());
        for (int l = 0; l < c.layers(); l++) {
            blocks.add(ResidualBlock.create(params, spec, mixer(c), new Shape(1, positions, c.mixerDim()), this::dense));
        }
        finalNorm = Norm.create(params, c.dim());
        int h = c.headHidden();
        int pair = (c.concatPair() ? 2 : 4) * c.dim(); // two-tower head input: [u, v] or [u, v, u·v, u − v]
        if (h == 0) {
            head = c.twoTower()
                    ? new NDArray[] {headLayer(pair, c.dim()), params.zeros(c.dim()), headLayer(c.dim(), c.classes()),
                        params.zeros(c.classes())}
                    : new NDArray[] {headLayer(c.dim(), c.classes()), params.zeros(c.classes())};
        } else {
            head = c.twoTower()
                    ? new NDArray[] {headLayer(pair, h), params.zeros(h), headLayer(h, h / 2), params.zeros(h / 2),
                        headLayer(h / 2, c.classes()), params.zeros(c.classes())}
                    : new NDArray[] {headLayer(c.dim(), h), params.zeros(h), headLayer(h, c.classes()),
                        params.zeros(c.classes())};
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

    /** Both documents of a pair, each truncated to maxLength. */
    @Override
    public long tokenCount(TokenExample e) {
        return Math.min(e.tokens().length, c.maxLength()) + (e.second() == null ? 0 : Math.min(e.second().length, c.maxLength()));
    }

    /** Every trainable array (gradients attached). */
    @Override
    public List<NDArray> parameters() {
        return params.arrays();
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
        for (ResidualBlock block : blocks) {
            x = block.forward(store, x, inert, training);
        }
        if (c.preNorm()) {
            x = finalNorm.forward(x);
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

    private NDArray drop(NDArray x, boolean training) {
        return training && c.dropout() > 0 ? Dropout.dropout(x, (float) c.dropout(), true).singletonOrThrow() : x;
    }

    /** Encoder layers: Xavier-uniform with the LRA initialisation (MlpBlock, attention projections), else PyTorch's nn.Linear default. */
    private NDArray dense(int in, int out) {
        return c.lraInit() ? params.xavier(in, out) : params.linear(in, out);
    }

    /**
     * Classifier head layers: flax's default Dense kernel with the LRA initialisation, LeCun normal (a normal truncated
     * at ±2σ, σ = √(1/in)/0.8796, so the variance is 1/in), else PyTorch's nn.Linear default.
     */
    private NDArray headLayer(int in, int out) {
        if (!c.lraInit()) {
            return params.linear(in, out);
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
            return params.add(w);
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

    @Override
    public void close() {
        manager.close();
    }
}
