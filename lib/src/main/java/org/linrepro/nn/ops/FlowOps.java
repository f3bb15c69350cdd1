package org.linrepro.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Flow-Attention (Flowformer, Wu et al., arXiv 2202.06258, §3.2–3.3, eq. 4–9), on features
 * φ(q), φ(k) ≥ 0 (the paper uses sigmoid). With n the number of tokens seen (all L when
 * bidirectional, t+1 at position t when causal) and sums over the visible tokens:
 *
 * <pre>
 *   I_i = φ(q_i)·Σ_j φ(k_j) / n            incoming flow of sink i
 *   O_j = φ(k_j)·Σ_i φ(q_i) / n            outgoing flow of source j
 *   Î_i = φ(q_i)·Σ_j φ(k_j)/O_j / n        conserved incoming flow
 *   Ô_j = φ(k_j)·Σ_i φ(q_i)/I_i / n        conserved outgoing flow
 *   V̂ = n·softmax(Ô) ⊙ V                   competition (softmax over the visible sources)
 *   R_i = sigmoid(Î_i) · φ(q_i)/(n I_i) · Σ_j φ(k_j)^T V̂_j     aggregation + allocation
 * </pre>
 *
 * Bidirectionally this is exactly the paper's sum form (the 1/n factors cancel); causally it is
 * the prefix form of §3.3 with the per-position normalisation n = t+1. Every sum over j is a
 * prefix (causal) or total (bidirectional) sum, so the three forms differ only in how those sums
 * and the final linear attention are computed: masked matmul (parallel), a scan (recurrent) or
 * blocks with a carried total (chunked).
 *
 * <p>Shapes: qf, kf [B, H, L, d] (features, non-negative); v [B, H, L, dv] → [B, H, L, dv].
 */
public final class FlowOps {

    private FlowOps() {}

    public static NDArray parallel(NDArray qf, NDArray kf, NDArray v, boolean causal, double eps) {
        long l = qf.getShape().get(2);
        NDArray tri = Tensors.causalMask(qf.getManager(), l, qf.getDataType(), true);
        UnaryOperator<NDArray> p = causal ? tri::matMul : FlowOps::total;
        return flow(qf, kf, v, causal, eps, p, (a, b, c) -> LinearAttentionOps.parallel(a, b, c, null, causal));
    }

    public static NDArray recurrent(NDArray qf, NDArray kf, NDArray v, double eps) {
        return flow(qf, kf, v, true, eps, FlowOps::scan, (a, b, c) -> LinearAttentionOps.recurrent(a, b, c, null));
    }

    public static NDArray chunked(NDArray qf, NDArray kf, NDArray v, boolean causal, double eps, int chunk) {
        UnaryOperator<NDArray> p = causal ? x -> blockPrefix(x, chunk) : FlowOps::total;
        return flow(qf, kf, v, causal, eps, p, (a, b, c) -> LinearAttentionOps.chunked(a, b, c, null, causal, chunk));
    }

    private interface Attn {
        NDArray apply(NDArray q, NDArray k, NDArray v);
    }

    private static NDArray flow(
            NDArray qf, NDArray kf, NDArray v, boolean causal, double eps, UnaryOperator<NDArray> prefix, Attn attn) {
        NDManager m = qf.getManager();
        DataType dt = qf.getDataType();
        long l = qf.getShape().get(2);
        NDArray n = causal
                ? Tensors.positions(m, l, dt).add(1).reshape(l, 1)
                : m.full(new ai.djl.ndarray.types.Shape(1, 1), (float) l, dt);
        NDArray incoming = dot(qf, prefix.apply(kf)).div(n).add(Tensors.scalar(qf, eps));
        NDArray outgoing = dot(kf, prefix.apply(qf)).div(n).add(Tensors.scalar(qf, eps));
        NDArray conservedIn = dot(qf, prefix.apply(kf.div(outgoing))).div(n);
        NDArray conservedOut = dot(kf, prefix.apply(qf.div(incoming))).div(n);
        // competition: softmax over visible sources. Ô is bounded (φ ≤ 1 and the flows are
        // normalised), so exp needs no max-shift, which keeps the prefix form exact.
        NDArray e = conservedOut.exp();
        NDArray competition = e.div(prefix.apply(e)).mul(n);
        NDArray allocation = Activation.sigmoid(conservedIn);
        NDArray agg = attn.apply(qf.div(incoming.mul(n)), kf, v.mul(competition));
        return agg.mul(allocation);
    }

    /** Row-wise dot product over the last axis, kept as [.., 1]. */
    private static NDArray dot(NDArray a, NDArray b) {
        return a.mul(b).sum(new int[] {-1}, true);
    }

    /** Total over time, broadcast back to every position. */
    private static NDArray total(NDArray x) {
        return x.sum(new int[] {2}, true).broadcast(x.getShape());
    }

    /** Inclusive prefix sum over time by a token-by-token scan. */
    static NDArray scan(NDArray x) {
        long l = x.getShape().get(2);
        List<NDArray> outs = new ArrayList<>();
        NDArray acc = null;
        for (long t = 0; t < l; t++) {
            NDArray xt = Tensors.atTime(x, t);
            acc = acc == null ? xt : acc.add(xt);
            outs.add(acc);
        }
        return Tensors.stack(outs, 2);
    }

    /** Inclusive prefix sum over time in blocks: in-block masked matmul + carried block totals. */
    static NDArray blockPrefix(NDArray x, int chunk) {
        NDManager m = x.getManager();
        long l = x.getShape().get(2);
        long c = Math.min(chunk, l);
        long lp = Tensors.roundUp(l, c);
        NDArray xc = Tensors.padToChunks(x, c); // [B,H,n,C,d]
        NDArray intra = Tensors.causalMask(m, c, x.getDataType(), true).matMul(xc);
        NDArray totals = xc.sum(new int[] {3}); // [B,H,n,d]
        long nb = lp / c;
        NDArray carry = Tensors.causalMask(m, nb, x.getDataType(), false).matMul(totals); // exclusive over blocks
        return Tensors.sliceTime(Tensors.fromChunks(intra.add(carry.expandDims(3))), 0, l);
    }
}
