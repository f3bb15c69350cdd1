package org.linrepro.nn.icl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.block.FeedForward;
import org.linrepro.nn.block.Norm;
import org.linrepro.nn.block.ParameterSet;

/**
 * A small decoder-only transformer for in-context regression, in the setup of Garg et al. (arXiv 2208.01066) and
 * Akyürek et al. (arXiv 2211.15661, §4.2): the prompt x<sub>1</sub>, y<sub>1</sub>, …, x<sub>n</sub>, y<sub>n</sub>
 * is a sequence of 2n tokens in ℝ<sup>d+1</sup>, x-tokens (0, x<sub>i</sub>) and y-tokens (y<sub>i</sub>, 0…0)
 * (Akyürek et al.'s encoding), and the output read at the token x<sub>k</sub> is the prediction of y<sub>k</sub>
 * from the k examples before it (causal attention). One forward pass gives the prediction for every context size
 * 0 … n−1.
 *
 * <p>Architecture (GPT-2 style, CPU-sized): linear read-in plus learned positional embeddings; L blocks of
 * pre-LayerNorm multi-head softmax attention and a GELU MLP (width 4C), each with a residual; final LayerNorm;
 * linear read-out. Weights are plain arrays (GPT-2 init: N(0, 0.02²), residual projections scaled by 1/√(2L)) so
 * a hand-written Adam can update them.
 */
public final class IclTransformer implements AutoCloseable {
    /**
     * How a prompt becomes tokens. {@code ALTERNATING}: x-tokens (0, x<sub>i</sub>) and y-tokens (y<sub>i</sub>, 0…0),
     * Akyürek et al.'s encoding (Garg et al. use the same alternation). {@code PAIRED}: a query token
     * (x<sub>i</sub>, 0, 0) followed by an example token (x<sub>i</sub>, y<sub>i</sub>, 1), so each example arrives in
     * one token as in von Oswald et al.'s construction and the model need not first learn to copy y<sub>i</sub>
     * next to x<sub>i</sub>; it trains in far fewer steps.
     */
    public enum Encoding { ALTERNATING, PAIRED }

    /** Shape of the model: input dimension d, maximum examples n, layers, width C, heads, token encoding. */
    public record Spec(int d, int maxExamples, int layers, int width, int heads, Encoding encoding) {
        public Spec(int d, int maxExamples, int layers, int width, int heads) {
            this(d, maxExamples, layers, width, heads, Encoding.ALTERNATING);
        }

        int tokenSize() {
            return encoding == Encoding.PAIRED ? d + 2 : d + 1;
        }

        public Spec {
            if (d < 1 || maxExamples < 1 || layers < 1 || width < 1 || heads < 1 || width % heads != 0) {
                throw new IllegalArgumentException("impossible transformer: d=" + d + ", n=" + maxExamples
                        + ", layers=" + layers + ", width=" + width + ", heads=" + heads
                        + " (width must be a multiple of heads)");
            }
        }
    }

    /** One pre-norm block: causal softmax attention with a fused q/k/v map, then the MLP. */
    private record Block(Norm norm1, NDArray wQkv, NDArray bQkv, NDArray wO, NDArray bO, Norm norm2,
            FeedForward mlp) {}

    private final Spec spec;
    private final NDManager manager;
    private final NDArray wIn;
    private final NDArray bIn;
    private final NDArray pos;
    private final List<Block> blocks = new ArrayList<>();
    private final Norm finalNorm;
    private final NDArray wOut;
    private final NDArray bOut;
    private final ParameterSet params;
    /**
     * 1/√d<sub>head</sub> as an array the model holds. A Java scalar operand ({@code x.div(8.0)}) becomes a temporary
     * tensor that autograd saves for the backward pass while the Java side may garbage-collect its memory first:
     * we saw NaN gradients in about one backward pass in a hundred that way (DJL 0.35.1, PyTorch 2.7.1).
     */
    private final NDArray attentionScale;

    private IclTransformer(Spec spec, NDManager parent) {
        this.spec = spec;
        this.manager = parent.newSubManager();
        this.params = new ParameterSet(manager, false); // the trainer marks them for gradients
        int c = spec.width();
        double std = 0.02;
        double resid = std / Math.sqrt(2.0 * spec.layers());
        wIn = params.normal(std, spec.tokenSize(), c);
        bIn = params.zeros(c);
        pos = params.normal(std, 2 * spec.maxExamples(), c);
        for (int l = 0; l < spec.layers(); l++) {
            blocks.add(new Block(Norm.create(params, c), params.normal(std, c, 3 * c), params.zeros(3 * c),
                    params.normal(resid, c, c), params.zeros(c), Norm.create(params, c),
                    new FeedForward(params.normal(std, c, 4 * c), params.zeros(4 * c), params.normal(resid, 4 * c, c),
                        params.zeros(c))));
        }
        finalNorm = Norm.create(params, c);
        wOut = params.normal(std, c, 1);
        bOut = params.zeros(1);
        attentionScale = manager.create((float) (1 / Math.sqrt((double) c / spec.heads())));
    }

    /** A freshly initialised model; the weights come from the engine's seeded generator. */
    public static IclTransformer create(NDManager parent, Spec spec) {
        return new IclTransformer(spec, parent);
    }

    public Spec spec() {
        return spec;
    }

    public List<NDArray> parameters() {
        return List.copyOf(params.arrays());
    }

    public long parameterCount() {
        return params.count();
    }

    /** The 2n tokens of the prompts' context, in the spec's encoding. Shape [B, 2n, tokenSize]. */
    static NDArray tokens(RegressionPrompts p, Encoding encoding) {
        NDArray x = p.x();
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        long d = x.getShape().get(2);
        NDManager m = x.getManager();
        DataType t = x.getDataType();
        NDArray first;
        NDArray second;
        if (encoding == Encoding.ALTERNATING) {
            first = m.zeros(new Shape(b, n, 1), t).concat(x, 2); // (0, x_i)
            second = p.y().expandDims(2).concat(m.zeros(new Shape(b, n, d), t), 2); // (y_i, 0…0)
        } else {
            first = x.concat(m.zeros(new Shape(b, n, 2), t), 2); // (x_i, 0, 0)
            second = x.concat(p.y().expandDims(2), 2).concat(m.ones(new Shape(b, n, 1), t), 2); // (x_i, y_i, 1)
        }
        long size = first.getShape().get(2);
        return NDArrays.stack(new NDList(first, second), 2).reshape(b, 2 * n, size);
    }

    /**
     * Predictions ŷ<sub>k</sub> of y<sub>k</sub> from the k examples before it, for k = 0 … n−1: shape [B, n].
     * The prompts' separate query is not used; every context point serves as a query for the prefix before it.
     */
    public NDArray predictAll(RegressionPrompts p) {
        long n = p.contextLength();
        if (n > spec.maxExamples() || p.dim() != spec.d()) {
            throw new IllegalArgumentException("prompts have n=" + n + ", d=" + p.dim() + "; the model takes n ≤ "
                    + spec.maxExamples() + ", d = " + spec.d());
        }
        NDArray tok = tokens(p, spec.encoding());
        long b = tok.getShape().get(0);
        long t = tok.getShape().get(1);
        NDArray h = tok.matMul(wIn).add(bIn).add(pos.get("0:" + t));
        NDArray mask = causalMask(tok.getManager(), t);
        for (Block blk : blocks) {
            h = h.add(attention(layerNorm(h, blk.norm1()), blk, mask, b, t));
            h = h.add(blk.mlp().forward(layerNorm(h, blk.norm2())));
        }
        NDArray out = layerNorm(h, finalNorm).matMul(wOut).add(bOut).reshape(b, n, 2);
        return out.get(":, :, 0"); // read at the x-tokens (ALTERNATING) or the query tokens (PAIRED)
    }

    private NDArray attention(NDArray a, Block blk, NDArray mask, long b, long t) {
        int c = spec.width();
        int heads = spec.heads();
        int dh = c / heads;
        NDArray qkv = a.matMul(blk.wQkv).add(blk.bQkv).reshape(b, t, 3, heads, dh).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0); // [B, H, T, dh]
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale).add(mask);
        NDArray o = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, c);
        return o.matMul(blk.wO).add(blk.bO);
    }

    /** 0 where key position ≤ query position, −1e9 elsewhere (DJL has no triu/tril). */
    private static NDArray causalMask(NDManager m, long t) {
        NDArray rows = m.arange(0, (int) t, 1, DataType.INT32).reshape(t, 1);
        NDArray cols = m.arange(0, (int) t, 1, DataType.INT32).reshape(1, t);
        return rows.gte(cols).toType(DataType.FLOAT32, false).sub(1f).mul(1e9f);
    }

    private static NDArray layerNorm(NDArray h, Norm n) {
        return Norm.composed(h, n.gain(), n.bias(), 1e-5);
    }

    @Override
    public void close() {
        manager.close();
    }
}
