package org.linrepro.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Linear attention with an optional multiplicative decay of the state, in three forms.
 *
 * <p>The recurrence (row convention, state {@code S_t} of shape [dk, dv]):
 *
 * <pre>
 *   S_t = diag(exp(g_t)) S_{t-1} + k_t^T v_t,     o_t = q_t S_t
 * </pre>
 *
 * where {@code g_t <= 0} is a log-decay. Special cases: {@code g = null} is plain (unnormalised)
 * linear attention (Katharopoulos et al. 2006.16236 eq. 4–5 without the denominator; callers get
 * the denominator by appending a ones column to v); a per-head constant {@code g} is RetNet
 * retention (2307.08621 eq. 1) and Lightning Attention's decay λ (2401.04658 eq. 6–8); a
 * data-dependent per-key-channel {@code g} is Gated Linear Attention (2312.06635 eq. 3).
 *
 * <p>Shapes: q, k [B, H, L, dk]; v [B, H, L, dv]; g {@code null}, or [B|1, H, L|1, 1] (scalar per
 * head) or [B|1, H, L|1, dk] (per key channel). Output [B, H, L, dv]. Query scaling is the
 * caller's job.
 *
 * <p>The parallel form unrolls the recurrence: o_t = sum_{s &lt;= t} (q_t ⊙ exp(b_t - b_s)) k_s^T v_s
 * with b the inclusive cumulative sum of g. Differences b_t - b_s are only exponentiated where s
 * &lt;= t (they are &lt;= 0 there), so nothing overflows even for strong decays — at the price of a
 * [.., L, L, dk] tensor in the per-channel case. The chunked form does the same inside each block
 * and carries the state between blocks (Lightning Attention-2, 2401.04658 Alg. 1; GLA §4).
 */
public final class LinearAttentionOps {

    private LinearAttentionOps() {}

    /** Quadratic masked form: the reference. {@code causal=false} is only defined without decay. */
    public static NDArray parallel(NDArray q, NDArray k, NDArray v, NDArray g, boolean causal) {
        checkDecay(g, causal);
        if (g == null) {
            NDArray a = q.matMul(Tensors.t(k));
            if (causal) {
                long l = q.getShape().get(2);
                a = a.mul(Tensors.causalMask(q.getManager(), l, q.getDataType(), true));
            }
            return a.matMul(v);
        }
        long l = q.getShape().get(2);
        NDArray gg = broadcastDecay(g, q);
        NDArray tri = Tensors.causalMask(q.getManager(), l, q.getDataType(), true);
        NDArray b = tri.matMul(gg); // inclusive cumulative sum over time via a matmul
        return decayedScores(q, k, b, tri).matMul(v);
    }

    /** Token-by-token recurrence with a [B, H, dk, dv] state: the naive reference. Causal only. */
    public static NDArray recurrent(NDArray q, NDArray k, NDArray v, NDArray g) {
        return recurrent(q, k, v, g, null).output();
    }

    /**
     * Recurrence from an initial state (or zeros). Returns [output, final state].
     */
    public static OutputAndState recurrent(NDArray q, NDArray k, NDArray v, NDArray g, NDArray s0) {
        Shape qs = q.getShape();
        long bsz = qs.get(0);
        long h = qs.get(1);
        long l = qs.get(2);
        long dk = qs.get(3);
        long dv = v.getShape().get(3);
        NDArray gg = g == null ? null : broadcastDecay(g, q);
        NDArray s = s0 != null ? s0 : q.getManager().zeros(new Shape(bsz, h, dk, dv), q.getDataType());
        List<NDArray> outs = new ArrayList<>();
        for (long t = 0; t < l; t++) {
            NDArray kt = Tensors.atTime(k, t).expandDims(-1); // [B,H,dk,1]
            NDArray vt = Tensors.atTime(v, t).expandDims(-2); // [B,H,1,dv]
            if (gg != null) {
                s = s.mul(Tensors.atTime(gg, t).exp().expandDims(-1)); // decay rows of the state
            }
            s = s.add(kt.matMul(vt));
            outs.add(Tensors.atTime(q, t).expandDims(-2).matMul(s).squeeze(-2));
        }
        return new OutputAndState(Tensors.stack(outs, 2), s);
    }

    /**
     * Chunked form: blocks of {@code chunk} tokens, intra-block masked product plus the inter-block
     * state, both computed for all blocks at once; only the O(L/C) state hand-over is a loop. The
     * length is zero-padded to a multiple of the chunk (padded keys/values contribute nothing).
     */
    public static NDArray chunked(NDArray q, NDArray k, NDArray v, NDArray g, boolean causal, int chunk) {
        return causal ? chunked(q, k, v, g, null, chunk).output() : bidirectional(q, k, v, g, chunk);
    }

    private static NDArray bidirectional(NDArray q, NDArray k, NDArray v, NDArray g, int chunk) {
        checkDecay(g, false);
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunk);
        }
        long l = q.getShape().get(2);
        long c = Math.min(chunk, l);
        NDArray qc = Tensors.padToChunks(q, c); // [B,H,n,C,dk]
        NDArray kc = Tensors.padToChunks(k, c);
        NDArray vc = Tensors.padToChunks(v, c);
        // Bidirectional: the state is the sum of all block contributions k^T v.
        NDArray state = Tensors.t(kc).matMul(vc).sum(new int[] {2}, true); // [B,H,1,dk,dv]
        return Tensors.sliceTime(Tensors.fromChunks(qc.matMul(state)), 0, l);
    }

    /**
     * Causal chunked form from an initial state {@code s0} [B, H, dk, dv] (or zeros); returns the
     * output and the final state.
     */
    public static OutputAndState chunked(NDArray q, NDArray k, NDArray v, NDArray g, NDArray s0, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunk);
        }
        NDManager m = q.getManager();
        DataType dt = q.getDataType();
        long l = q.getShape().get(2);
        long c = Math.min(chunk, l);
        long lp = Tensors.roundUp(l, c);
        NDArray qc = Tensors.padToChunks(q, c); // [B,H,n,C,dk]
        NDArray kc = Tensors.padToChunks(k, c);
        NDArray vc = Tensors.padToChunks(v, c);
        long n = lp / c;
        NDArray tri = Tensors.causalMask(m, c, dt, true);
        NDArray oIntra;
        NDArray kState; // keys decayed to the end of their block
        NDArray qState; // queries decayed from the start of their block
        NDArray blockLogDecay = null; // total log-decay of each block, as [B|1,H,n|1,dk|1,1]: decays state rows
        if (g == null) {
            oIntra = Tensors.chain(Tensors.matMulT(qc, kc), x -> x.mul(tri), x -> x.matMul(vc));
            kState = kc;
            qState = qc;
        } else {
            NDArray b; // per-block inclusive cumsum of the log-decay [.,H,n|1,C,c]
            NDArray bScores; // what the intra-block decay matrix is built from
            if (g.getShape().get(2) == 1 && g.getShape().get(3) == 1) {
                // A decay constant in time (one log-decay per head: RetNet, Lightning): every full block has
                // the same cumsum and [C, C] decay matrix, so they are built once and broadcast over the
                // blocks. Only a zero-padded last block differs (its decay stops at the last real token); its
                // real entries of the decay matrix equal a full block's and the others multiply zero scores.
                Shape gs = g.getShape();
                long heads = q.getShape().get(1);
                NDArray perStep = g.broadcast(gs.get(0), heads, c, 1);
                NDArray block = Tensors.toChunks(perStep, c);
                NDArray full = tri.matMul(block);
                Tensors.free(block, perStep);
                bScores = full;
                if (lp == l) {
                    b = full;
                } else {
                    NDArray tailSteps = g.broadcast(gs.get(0), heads, l - (n - 1) * c, 1);
                    NDArray tail = Tensors.padToChunks(tailSteps, c);
                    NDArray tailSum = tri.matMul(tail);
                    Tensors.free(tail, tailSteps);
                    if (n == 1) {
                        b = tailSum;
                    } else {
                        NDArray fullBlocks = full.broadcast(gs.get(0), heads, n - 1, c, 1);
                        b = fullBlocks.concat(tailSum, 2);
                        Tensors.free(fullBlocks, tailSum);
                    }
                }
            } else {
                NDArray wide = broadcastDecay(g, q);
                NDArray gg = Tensors.padToChunks(wide, c);
                b = tri.matMul(gg);
                Tensors.free(gg, wide);
                bScores = b;
            }
            NDArray bLast = b.get(new ai.djl.ndarray.index.NDIndex(":, :, :, {}:", c - 1)); // [.,H,n|1,1,c]
            // Temporaries are closed as soon as they are used (Tensors.free), here and below: same values.
            oIntra = Tensors.chain(decayedScores(qc, kc, bScores, tri), x -> x.matMul(vc));
            kState = Tensors.chain(bLast.sub(b), NDArray::exp, kc::mul); // exponent <= 0
            qState = Tensors.chain(b.exp(), qc::mul); // exponent <= 0
            blockLogDecay = Tensors.t(bLast);
            Tensors.free(b);
            Tensors.freeUnless(bScores, b);
        }
        NDArray contrib = Tensors.tMatMul(kState, vc);
        Tensors.freeUnless(kState, kc);
        Scan scan = statesBeforeBlocks(contrib, blockLogDecay, s0, true);
        Tensors.free(contrib, blockLogDecay, tri);
        NDArray sAll = scan.before(); // [B,H,n,dk,dv]
        NDArray inter = qState.matMul(sAll);
        Tensors.free(sAll);
        Tensors.freeUnless(qState, qc);
        NDArray o = oIntra.add(inter);
        Tensors.free(inter, oIntra, qc, kc, vc);
        NDArray flat = Tensors.fromChunks(o);
        o.close(); // the flat view keeps its memory
        return new OutputAndState(Tensors.sliceTime(flat, 0, l), scan.last());
    }

    /**
     * Normalised causal linear attention in chunked form: o_t = q_t S_t / (q_t · z_t + eps) with S_t =
     * Σ_{s≤t} k_s^T v_s and z_t = Σ_{s≤t} k_s (Katharopoulos et al. 2006.16236 eq. 10–12, for feature-mapped
     * q, k ≥ 0). Inside a block the denominator is the row sum of the masked scores, across blocks the query
     * times the running key sum, as in Lightning Attention-2 and fla's chunked kernels; appending a ones
     * column to v gets the same in one pass but makes every product 65 wide and costs a concatenation and
     * two slices (forward and backward), about a third of the time at head width 64.
     */
    public static NDArray chunkedNormalized(NDArray q, NDArray k, NDArray v, int chunk, double eps) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunk);
        }
        NDManager m = q.getManager();
        long l = q.getShape().get(2);
        long c = Math.min(chunk, l);
        NDArray qc = Tensors.padToChunks(q, c); // [B,H,n,C,dk]
        NDArray kc = Tensors.padToChunks(k, c);
        NDArray vc = Tensors.padToChunks(v, c);
        long n = qc.getShape().get(2);
        // temporaries are closed as soon as they are used (Tensors.free): same values, memory reused in cache
        NDArray tri = Tensors.causalMask(m, c, q.getDataType(), true);
        NDArray a = Tensors.chain(Tensors.matMulT(qc, kc), x -> x.mul(tri)); // [.,n,C,C]
        tri.close();
        NDArray contrib = Tensors.tMatMul(kc, vc);
        Scan scan = statesBeforeBlocks(contrib, null, null, false);
        contrib.close();
        NDArray sAll = scan.before(); // [B,H,n,dk,dv]
        // running key sum before each block: an exclusive prefix sum over blocks of each block's key sum
        NDArray ks = kc.sum(new int[] {3}, true); // [B,H,n,1,dk]
        Shape zs = ks.getShape();
        NDArray z0 = m.zeros(new Shape(zs.get(0), zs.get(1), 1, 1, zs.get(4)), ks.getDataType()); // before block 0
        NDArray zAll = z0;
        if (n > 1) {
            NDArray cum = ks.cumSum(2);
            NDArray before = Tensors.sliceTime(cum, 0, n - 1);
            zAll = z0.concat(before, 2);
            Tensors.free(before, cum, z0);
        }
        ks.close();
        NDArray intra = a.matMul(vc);
        NDArray inter = qc.matMul(sAll);
        sAll.close();
        NDArray num = intra.add(inter);
        Tensors.free(intra, inter);
        NDArray rows = a.sum(new int[] {-1}, true);
        a.close();
        NDArray cross = Tensors.matMulT(qc, zAll); // [B,H,n,C,1]
        zAll.close();
        NDArray den = Tensors.chain(rows.add(cross), x -> x.add(eps));
        Tensors.free(rows, cross);
        NDArray o = num.div(den);
        Tensors.free(num, den, qc, kc, vc);
        NDArray flat = Tensors.fromChunks(o);
        o.close(); // the flat view keeps its memory
        return Tensors.sliceTime(flat, 0, l);
    }

    /**
     * The inter-block hand-over: given each block's contribution [B,H,n,dk,dv] and, optionally, each block's
     * log-decay of the state rows ([B|1,H,n|1,dk|1,1], ≤ 0), the states entering every block (stacked on axis
     * 2) and, if asked for, the final state (else null).
     *
     * <p>Without decay or with one decay per head (a scalar per block) the hand-over is linear in the
     * contributions with weights that depend only on the decays: S_i = Σ_{j&lt;i} w_ij c_j + w_i0 s0, so it is
     * one [n × n] matmul over the blocks (fla's and Mamba-2's SSD "state passing" as a matmul) instead of a loop
     * of 2n small ops and a concatenation. A per-channel decay (GLA) would need one such matrix per key channel;
     * it keeps the loop.
     */
    private static Scan statesBeforeBlocks(NDArray contrib, NDArray blockLogDecay, NDArray s0, boolean wantLast) {
        if (blockLogDecay == null || blockLogDecay.getShape().get(3) == 1) {
            return statesByMatMul(contrib, blockLogDecay, s0, wantLast);
        }
        Shape cs = contrib.getShape();
        long n = cs.get(2);
        // The state is carried as [B,H,1,dk,dv], the shape of one block's slice, so the hand-over loop is
        // two ops per block (torch's unbind + mul + add); the states before each block are concatenated.
        NDArray s = s0 != null ? s0.expandDims(2)
                : contrib.getManager().zeros(new Shape(cs.get(0), cs.get(1), 1, cs.get(3), cs.get(4)),
                        contrib.getDataType());
        List<NDArray> states = new ArrayList<>(); // state before each block
        // One split instead of n slices: each slice's backward writes a full-size gradient, which made the
        // backward quadratic in the number of chunks; split's backward is one concatenation.
        ai.djl.ndarray.NDList contribs = contrib.split(n, 2);
        NDArray blockDecay = blockLogDecay.exp();
        boolean oneDecay = blockDecay.getShape().get(2) == 1;
        ai.djl.ndarray.NDList decays = oneDecay ? null : blockDecay.split(n, 2);
        for (int i = 0; i < n; i++) {
            states.add(s);
            NDArray decayed = s.mul(oneDecay ? blockDecay : decays.get(i));
            s = decayed.add(contribs.get(i));
            decayed.close();
        }
        NDArray before = Tensors.concatAndFree(states, 2);
        contribs.close();
        if (decays != null) {
            decays.close();
        }
        blockDecay.close();
        NDArray last = s.squeeze(2);
        s.close();
        return new Scan(before, wantLast ? last : closed(last));
    }

    /**
     * The hand-over as matmuls over the block axis. With a_m the log-decay of block m, the state entering
     * block i is S_i = exp(Σ_{m&lt;i} a_m) s0 + Σ_{j&lt;i} exp(Σ_{j&lt;m&lt;i} a_m) c_j, and S_n is the final
     * state. The weights of rows i = 0..n and columns j' = 0..n (column 0 for s0, column j + 1 for c_j) are
     * exp of segment sums: the cumulative sum down the rows of a_{i-1} masked to j' &lt; i, then masked to
     * j' ≤ i. Every exponent is a sum of log-decays (≤ 0), summed over its own segment rather than as the
     * difference of two long cumulative sums, which would lose their absolute precision over thousands of
     * tokens (the same device as DeltaRuleOps' segment sums). Without decay the weights are the 0/1 mask.
     */
    private static Scan statesByMatMul(NDArray contrib, NDArray blockLogDecay, NDArray s0, boolean wantLast) {
        NDManager m = contrib.getManager();
        DataType dt = contrib.getDataType();
        Shape cs = contrib.getShape();
        long bsz = cs.get(0);
        long h = cs.get(1);
        long n = cs.get(2);
        long dk = cs.get(3);
        long dv = cs.get(4);
        NDArray incl = Tensors.causalMask(m, n + 1, dt, true);
        NDArray weights; // [B|1, H, n+1, n+1], or [n+1, n+1] without decay
        if (blockLogDecay == null) {
            weights = incl;
        } else {
            Shape ls = blockLogDecay.getShape();
            NDArray perBlock = blockLogDecay.reshape(ls.get(0), ls.get(1), ls.get(2)).broadcast(ls.get(0), ls.get(1), n);
            NDArray none = m.zeros(new Shape(ls.get(0), ls.get(1), 1), dt);
            NDArray shifted = none.concat(perBlock, 2).expandDims(-1); // row i holds a_{i-1}
            Tensors.free(none, perBlock);
            NDArray strict = Tensors.causalMask(m, n + 1, dt, false);
            weights = Tensors.chain(shifted.mul(strict), x -> x.cumSum(2), NDArray::exp, x -> x.mul(incl));
            Tensors.free(shifted, strict, incl);
        }
        NDArray flat = contrib.reshape(bsz, h, n, dk * dv);
        NDArray toBefore = weights.get(new ai.djl.ndarray.index.NDIndex("..., 0:{}, 1:", n));
        NDArray before = Tensors.chain(toBefore.matMul(flat), x -> x.reshape(bsz, h, n, dk, dv));
        toBefore.close();
        NDArray last = null;
        if (wantLast) {
            NDArray toLast = weights.get(new ai.djl.ndarray.index.NDIndex("..., {}:, 1:", n));
            last = Tensors.chain(toLast.matMul(flat), x -> x.reshape(bsz, h, dk, dv));
            toLast.close();
        }
        flat.close();
        if (s0 != null) {
            // the initial state's weights, column 0: [.., n+1, 1] -> [.., n+1, 1, 1] against s0 [B,H,1,dk,dv]
            NDArray fromS0 = weights.get(new ai.djl.ndarray.index.NDIndex("..., 0:1")).expandDims(-1);
            NDArray s0b = s0.expandDims(2);
            NDArray w0 = fromS0.get(new ai.djl.ndarray.index.NDIndex("..., 0:{}, :, :", n));
            NDArray initial = w0.mul(s0b);
            before = Tensors.chain(before, initial::add);
            Tensors.free(initial, w0, s0b);
            if (wantLast) {
                NDArray wn = fromS0.get(new ai.djl.ndarray.index.NDIndex("..., {}, :, :", n));
                NDArray withS0 = Tensors.chain(wn.mul(s0), last::add);
                Tensors.free(wn, last);
                last = withS0;
            }
            fromS0.close();
        }
        weights.close();
        return new Scan(before, last);
    }

    private static NDArray closed(NDArray x) {
        x.close();
        return null;
    }

    /** The states entering each block [B,H,n,dk,dv] and the state after the last [B,H,dk,dv]. */
    private record Scan(NDArray before, NDArray last) {}

    /**
     * Masked decayed score matrix A_ts = sum_c q_tc k_sc exp(b_tc - b_sc) for s &lt;= t, 0 else.
     * Works on [.., T, d] arrays with any leading dims; {@code tri} is the inclusive [T, T] mask.
     */
    static NDArray decayedScores(NDArray q, NDArray k, NDArray b, NDArray tri) {
        int nd = q.getShape().dimension();
        if (b.getShape().get(nd - 1) == 1) {
            // scalar decay per head: D_ts = exp(b_t - b_s) masked
            // masked entries → exp(0)=1, then zeroed; temporaries closed as soon as used (Tensors.free)
            NDArray bT = Tensors.t(b);
            NDArray d = Tensors.chain(b.sub(bT), x -> x.mul(tri), NDArray::exp, x -> x.mul(tri));
            bT.close();
            NDArray scores = Tensors.chain(Tensors.matMulT(q, k), x -> x.mul(d));
            d.close();
            return scores;
        }
        // per-channel decay: a [.., T, T, dk] tensor; exact and overflow-free
        NDArray tri3 = tri.expandDims(-1);
        NDArray bt = b.expandDims(nd - 1);
        NDArray bs = b.expandDims(nd - 2);
        NDArray d = Tensors.chain(bt.sub(bs), x -> x.mul(tri3), NDArray::exp, x -> x.mul(tri3));
        NDArray qt = q.expandDims(nd - 1);
        NDArray ks = k.expandDims(nd - 2);
        NDArray scores = Tensors.chain(qt.mul(ks), x -> x.mul(d), x -> x.sum(new int[] {nd}));
        Tensors.free(tri3, bt, bs, d, qt, ks);
        return scores;
    }

    private static NDArray broadcastDecay(NDArray g, NDArray q) {
        Shape gs = g.getShape();
        if (gs.dimension() != 4) {
            throw new IllegalArgumentException("log-decay must be 4-d [B|1, H, L|1, 1|dk], got " + gs);
        }
        return g.broadcast(gs.get(0), q.getShape().get(1), q.getShape().get(2), gs.get(3));
    }

    private static void checkDecay(NDArray g, boolean causal) {
        if (g != null && !causal) {
            throw new IllegalArgumentException("decayed linear attention is defined only in the causal direction");
        }
    }
}
