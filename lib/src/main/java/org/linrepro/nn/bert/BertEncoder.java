package org.linrepro.nn.bert;

import org.linrepro.nn.ops.Tensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.linrepro.nn.adapters.AdaptableEncoder;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.FfnModulation;
import org.linrepro.nn.adapters.LinearMap;
import org.linrepro.nn.adapters.NormAdapter;
import org.linrepro.nn.adapters.Role;
import org.linrepro.nn.block.Norm;
import org.linrepro.io.Tensor;
import org.linrepro.util.LinreproException;

/**
 * A post-LayerNorm BERT/RoBERTa encoder on DJL arrays, written out op by op (embeddings, multi-head softmax
 * attention, exact-erf GELU FFN). Every linear map sits in a replaceable slot, so adapters wrap exactly the
 * layers they target; everything is frozen until a method makes something trainable.
 */
public final class BertEncoder implements AdaptableEncoder, AutoCloseable {
    private final BertConfig config;
    private final NDManager manager;
    private final NDArray wordEmbeddings;
    private final NDArray positionEmbeddings;
    private final NDArray typeEmbeddings;
    private final Norm embeddingNorm;
    private final List<Map<Role, LinearMap>> linears = new ArrayList<>();
    private final List<Norm> attentionNorms = new ArrayList<>();
    private final List<Norm> outputNorms = new ArrayList<>();
    /** Optional maps after each LayerNorm, in {@code Architecture.norms()} order: embeddings, then per layer attention, output. */
    private final NormAdapter[] normAdapters;
    /** Optional per-layer modulation of the FFN output (MP+'s PSRP). */
    private final FfnModulation[] ffnModulations;

    public BertEncoder(NDManager parent, BertConfig c, BertWeights w) {
        w.check(c);
        this.config = c;
        this.manager = parent.newSubManager();
        long d = c.hidden();
        wordEmbeddings = array(w.get("embeddings.word_embeddings.weight", c.vocab(), d));
        positionEmbeddings = array(w.get("embeddings.position_embeddings.weight", c.maxPositions(), d));
        typeEmbeddings = array(w.get("embeddings.token_type_embeddings.weight", c.typeVocab(), d));
        embeddingNorm = norm(w, "embeddings.LayerNorm", d);
        String[] names = {"attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "intermediate.dense", "output.dense"};
        Role[] roles = {Role.QUERY, Role.KEY, Role.VALUE, Role.ATTN_OUT, Role.FFN_IN, Role.FFN_OUT};
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            Map<Role, LinearMap> layer = new EnumMap<>(Role.class);
            for (int k = 0; k < roles.length; k++) {
                Tensor wt = w.all().get(p + names[k] + ".weight");
                Tensor bt = w.all().get(p + names[k] + ".bias");
                layer.put(roles[k], new Dense(array(wt), array(bt)));
            }
            linears.add(layer);
            attentionNorms.add(norm(w, p + "attention.output.LayerNorm", d));
            outputNorms.add(norm(w, p + "output.LayerNorm", d));
        }
        normAdapters = new NormAdapter[1 + 2 * c.layers()];
        ffnModulations = new FfnModulation[c.layers()];
    }

    private NDArray array(Tensor t) {
        return manager.create(t.data(), new Shape(t.shape()));
    }

    private Norm norm(BertWeights w, String name, long d) {
        return new Norm(array(w.get(name + ".weight", d)), array(w.get(name + ".bias", d)));
    }

    public BertConfig config() {
        return config;
    }

    /** This encoder's shape as an {@link Architecture}: adapter targets are chosen on it as for the counts. */
    @Override
    public Architecture shape() {
        BertConfig c = config;
        return new Architecture("encoder", Architecture.Family.BERT, c.layers(), c.hidden(), c.intermediate(),
                c.heads(), c.vocab(), c.maxPositions(), c.typeVocab(), "loaded checkpoint");
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public LinearMap linear(int layer, Role role) {
        return linears.get(layer).get(role);
    }

    /** Puts an adapted map in a slot; its shape must match the slot's. */
    @Override
    public void setLinear(int layer, Role role, LinearMap m) {
        LinearMap old = linear(layer, role);
        if (old.in() != m.in() || old.out() != m.out()) {
            throw new LinreproException("layer " + layer + " " + role.id() + ": shape " + m.in() + "→" + m.out()
                    + " does not fit the slot's " + old.in() + "→" + old.out());
        }
        linears.get(layer).put(role, m);
    }

    /** Number of LayerNorm sites: the embeddings' plus two per layer. */
    @Override
    public int normSites() {
        return normAdapters.length;
    }

    /** Puts a map after LayerNorm site {@code site} (0 = embeddings, 1 + 2i = layer i attention, 2 + 2i = layer i output). */
    @Override
    public void setNormAdapter(int site, NormAdapter a) {
        if (site < 0 || site >= normAdapters.length) {
            throw new LinreproException("norm site " + site + " out of range 0.." + (normAdapters.length - 1));
        }
        normAdapters[site] = a;
    }

    @Override
    public void setFfnModulation(int layer, FfnModulation f) {
        ffnModulations[layer] = f;
    }

    public NormAdapter normAdapter(int site) {
        return normAdapters[site];
    }

    /** The LayerNorms' gains and biases (Compacter unfreezes them). */
    @Override
    public List<NDArray> normParameters() {
        List<NDArray> out = new ArrayList<>(embeddingNorm.arrays());
        for (int i = 0; i < config.layers(); i++) {
            out.addAll(attentionNorms.get(i).arrays());
            out.addAll(outputNorms.get(i).arrays());
        }
        return out;
    }

    /** The encoder's own arrays other than the linear slots: embeddings and LayerNorms (for full fine-tuning). */
    @Override
    public List<NDArray> nonLinearParameters() {
        List<NDArray> out = new ArrayList<>(List.of(wordEmbeddings, positionEmbeddings, typeEmbeddings));
        out.addAll(normParameters());
        return out;
    }

    /** Everything the optimiser should update: the slots' trainable arrays plus any made-trainable others. */
    public List<NDArray> trainable() {
        // identity set: an array shared by several slots (Compacter's rule) is updated once
        java.util.Set<NDArray> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<NDArray> ordered = new ArrayList<>();
        List<NDArray> all = new ArrayList<>();
        for (Map<Role, LinearMap> layer : linears) {
            for (LinearMap m : layer.values()) {
                all.addAll(m.trainable());
            }
        }
        for (NormAdapter a : normAdapters) {
            if (a != null) {
                all.addAll(a.trainable());
            }
        }
        for (FfnModulation f : ffnModulations) {
            if (f != null) {
                all.addAll(f.trainable());
            }
        }
        for (NDArray a : nonLinearParameters()) {
            if (a.hasGradient()) {
                all.add(a);
            }
        }
        for (NDArray a : all) {
            if (out.add(a)) {
                ordered.add(a);
            }
        }
        return ordered;
    }

    /**
     * Hidden states (B, T, d) for token ids, token type ids and attention mask (all (B, T), int64; mask 1 for
     * real tokens). Padding must be on the right.
     */
    public NDArray forward(NDArray ids, NDArray typeIds, NDArray mask) {
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        if (t > config.maxLength()) {
            throw new LinreproException("sequence length " + t + " exceeds the model's maximum " + config.maxLength());
        }
        NDManager m = ids.getManager();
        NDArray positions = m.arange(config.positionOffset(), config.positionOffset() + (int) t, 1, DataType.INT64);
        // A result belongs to its first operand's manager: gathers from the embedding tables would otherwise live
        // (with every activation computed from them) until the encoder closes; move them to the inputs' manager.
        NDArray words = wordEmbeddings.get(ids);
        NDArray pos = positionEmbeddings.get(positions);
        NDArray types = typeEmbeddings.get(typeIds);
        words.attach(m);
        pos.attach(m);
        types.attach(m);
        NDArray h = words.add(pos).add(types);
        h = afterNorm(layerNorm(h, embeddingNorm), 0);
        // Additive mask: the most negative float for padding keys, as Hugging Face does.
        NDArray bias = mask.toType(DataType.FLOAT32, false).neg().add(1).mul(-3.4028234663852886e38)
                .reshape(b, 1, 1, t);
        for (int i = 0; i < config.layers(); i++) {
            h = layer(i, h, bias, b, t);
        }
        return h;
    }

    private NDArray layer(int i, NDArray h, NDArray bias, long b, long t) {
        Map<Role, LinearMap> l = linears.get(i);
        int heads = config.heads();
        int dh = config.headDim();
        NDArray q = heads(l.get(Role.QUERY).forward(h), b, t, heads, dh);
        NDArray k = heads(l.get(Role.KEY).forward(h), b, t, heads, dh);
        NDArray v = heads(l.get(Role.VALUE).forward(h), b, t, heads, dh);
        NDArray scores = Tensors.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(dh)).add(bias);
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * dh);
        h = afterNorm(layerNorm(h.add(l.get(Role.ATTN_OUT).forward(context)), attentionNorms.get(i)), 1 + 2 * i);
        NDArray inner = gelu(l.get(Role.FFN_IN).forward(h));
        NDArray ffn = l.get(Role.FFN_OUT).forward(inner);
        if (ffnModulations[i] != null) {
            ffn = ffnModulations[i].apply(h, ffn);
        }
        return afterNorm(layerNorm(h.add(ffn), outputNorms.get(i)), 2 + 2 * i);
    }

    private NDArray afterNorm(NDArray x, int site) {
        NormAdapter a = normAdapters[site];
        return a == null ? x : a.forward(x);
    }

    private static NDArray heads(NDArray x, long b, long t, int heads, int dh) {
        return x.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
    }

    /** GELU with erf, as BERT's "gelu" (not the tanh approximation). */
    static NDArray gelu(NDArray x) {
        // engine-owned scalars: DJL's mul/div(Number) free theirs before backward (README, DJL traps)
        return Tensors.mul(x.mul(Tensors.div(x, Math.sqrt(2)).erf().add(1)), 0.5);
    }

    private NDArray layerNorm(NDArray x, Norm norm) {
        return norm.forward(x, config.layerNormEps());
    }

    /** Mean of the hidden states over real tokens: the sentence-transformers pooling of all-MiniLM-L6-v2. */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray mk = mask.toType(DataType.FLOAT32, false).expandDims(-1);
        return hidden.mul(mk).sum(new int[] {1}).div(mk.sum(new int[] {1}).maximum(1e-9f));
    }

    @Override
    public void close() {
        manager.close();
    }
}
