package org.linrepro.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The delta rule (DeltaNet; Schlag et al. 2102.11174, parallelised by Yang et al. 2406.06484):
 *
 * <pre>
 *   S_t = S_{t-1} + β_t k_t^T (v_t − k_t S_{t-1}),     o_t = q_t S_t      (row convention)
 * </pre>
 *
 * i.e. S_t = (I − β_t k_t^T k_t) S_{t−1} + β_t k_t^T v_t (2406.06484 eq. 1 transposed).
 *
 * <p>Chunkwise form (2406.06484 §3.2, the UT/WY transform): inside a block with incoming state
 * S_0, write S_t = S_0 + sum_{s&lt;=t} k_s^T u_s with pseudo-values u_t = β_t (v_t − k_t S_{t−1}).
 * Then u solves the unit lower-triangular system (I + A) u = diag(β)(V − K S_0) with A_ts = β_t
 * k_t·k_s for s &lt; t, so U = T(V − K S_0), T = (I + A)^{-1} diag(β), and
 *
 * <pre>
 *   O = Q S_0 + (Q K^T ⊙ M) U,      S_C = S_0 + K^T U.
 * </pre>
 *
 * (I + A)^{-1} of a strictly-lower-triangular A is the finite Neumann series Σ (−A)^j, computed
 * exactly in ⌈log2 C⌉ matmuls as Π_i (I + (−A)^{2^i}). The parallel form is the same algebra with
 * one block covering the whole sequence.
 *
 * <p>Gated delta rule (Gated DeltaNet, Yang et al. arXiv 2412.06464, eq. 10: S_t = S_{t−1} α_t (I −
 * β_t k_t k_t^T) + β_t v_t k_t^T, column convention): with a log-decay g_t = log α_t ≤ 0 per head,
 * S_t = α_t S_{t−1} + k_t^T u_t, u_t = β_t (v_t − α_t k_t S_{t−1}). Inside a block with b_t the
 * inclusive cumulative sum of g and Γ_t = exp(b_t):
 *
 * <pre>
 *   (I + A) U = diag(β)(V − diag(Γ) K S_0),   A_ts = β_t k_t·k_s exp(b_t − b_s)  (s &lt; t),
 *   O = diag(Γ) Q S_0 + (Q K^T ⊙ D) U,         D_ts = exp(b_t − b_s)  (s &lt;= t),
 *   S_C = Γ_C S_0 + (K ⊙ exp(b_C − b))^T U,
 * </pre>
 *
 * every exponent ≤ 0, so strong decays underflow to 0 and never overflow. g = null is DeltaNet.
 *
 * <p>Shapes: q, k [B, H, L, dk] (k should be L2-normalised for stability); v [B, H, L, dv]; beta
 * [B, H, L] in (0, 2): (0, 1) is the original DeltaNet, (1, 2) gives the transition I − β k^T k a
 * negative eigenvalue along k (2411.12537); g {@code null} or [B, H, L] (log α_t ≤ 0); s0 {@code null}
 * (zeros) or [B, H, dk, dv]. Causal only.
 */
public final class DeltaRuleOps {

    private DeltaRuleOps() {}

    /** Token-by-token reference recurrence (DeltaNet). */
    public static NDArray recurrent(NDArray q, NDArray k, NDArray v, NDArray beta) {
        return recurrent(q, k, v, beta, null, null).output();
    }

    /** Token-by-token recurrence with an optional log-decay g (gated delta rule) and initial state. */
    public static OutputAndState recurrent(NDArray q, NDArray k, NDArray v, NDArray beta, NDArray g, NDArray s0) {
        Shape qs = q.getShape();
        long dv = v.getShape().get(3);
        NDArray s = s0 != null ? s0 : q.getManager().zeros(new Shape(qs.get(0), qs.get(1), qs.get(3), dv), q.getDataType());
        List<NDArray> outs = new ArrayList<>();
        for (long t = 0; t < qs.get(2); t++) {
            NDArray kt = Tensors.atTime(k, t).expandDims(-2); // [B,H,1,dk]
            NDArray vt = Tensors.atTime(v, t).expandDims(-2); // [B,H,1,dv]
            NDArray bt = beta.get(new NDIndex(":, :, {}", t)).expandDims(-1).expandDims(-1); // [B,H,1,1]
            if (g != null) {
                s = s.mul(g.get(new NDIndex(":, :, {}", t)).exp().expandDims(-1).expandDims(-1)); // α_t S
            }
            NDArray u = vt.sub(kt.matMul(s)).mul(bt); // β (v − k S)
            s = s.add(Tensors.t(kt).matMul(u));
            outs.add(Tensors.atTime(q, t).expandDims(-2).matMul(s).squeeze(-2));
        }
        return new OutputAndState(Tensors.stack(outs, 2), s);
    }

    /** Whole sequence as one block: quadratic in L. */
    public static NDArray parallel(NDArray q, NDArray k, NDArray v, NDArray beta) {
        return chunked(q, k, v, beta, (int) q.getShape().get(2));
    }

    /** Whole sequence as one block, gated and from an initial state. */
    public static OutputAndState parallel(NDArray q, NDArray k, NDArray v, NDArray beta, NDArray g, NDArray s0) {
        return chunked(q, k, v, beta, g, s0, (int) q.getShape().get(2));
    }

    /**
     * Chunkwise WY/UT form with blocks of {@code chunk} tokens (zero-padded at the end), DeltaNet (no decay,
     * zero initial state). Kept exactly as it was measured: (I + A)^{-1} by the Neumann product over the whole
     * block, which in fp32 with β &gt; 1 loses accuracy for blocks longer than 16 (OpGoldensTest measured an
     * RMS ratio of 8e-4 at one block of 63); the general form below is the stable one.
     */
    public static NDArray chunked(NDArray q, NDArray k, NDArray v, NDArray beta, int chunk) {
        return chunked(q, k, v, beta, null, null, chunk, false).output();
    }

    /**
     * Chunkwise form with an optional log-decay g [B, H, L] and initial state s0 [B, H, dk, dv]. Numerically
     * stable in fp32 for β ∈ (0, 2) and strong decays: (I + A)^{-1} by block forward substitution over
     * Neumann-inverted 16 × 16 diagonal blocks (the sub-block size fla's kernels use), and the decay
     * differences b_t − b_s as segment sums Σ_{s&lt;r≤t} g_r (a difference of two large cumulative sums would
     * lose their absolute precision).
     */
    public static OutputAndState chunked(NDArray q, NDArray k, NDArray v, NDArray beta, NDArray g, NDArray s0, int chunk) {
        return chunked(q, k, v, beta, g, s0, chunk, true);
    }

    private static OutputAndState chunked(
            NDArray q, NDArray k, NDArray v, NDArray beta, NDArray g, NDArray s0, int chunk, boolean stable) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunk);
        }
        NDManager m = q.getManager();
        DataType dt = q.getDataType();
        long l = q.getShape().get(2);
        long c = Math.min(chunk, l);
        long n = Tensors.roundUp(l, c) / c;
        // padded tokens have k = v = β = g = 0: no update, no decay, no output. Temporaries are closed as soon
        // as they are used (Tensors.free): same values, and the memory is reused while still in cache.
        NDArray qc = Tensors.padToChunks(q, c);
        NDArray kc = Tensors.padToChunks(k, c);
        NDArray vc = Tensors.padToChunks(v, c);
        NDArray betaCol = beta.expandDims(-1);
        NDArray bc = Tensors.padToChunks(betaCol, c); // [B,H,n,C,1]
        betaCol.close();

        NDArray strict = Tensors.causalMask(m, c, dt, false);
        NDArray incl = Tensors.causalMask(m, c, dt, true);
        NDArray kb = kc.mul(bc);
        NDArray a = Tensors.chain(Tensors.matMulT(kb, kc), x -> x.mul(strict)); // A_ts = β_t k_t·k_s, s < t
        NDArray qk = Tensors.chain(Tensors.matMulT(qc, kc), x -> x.mul(incl));
        NDArray kw = kb; // what T multiplies to give W (diag(Γ) β K when gated)
        NDArray qState = qc;
        NDArray kState = kc;
        NDArray blockDecay = null;
        if (g != null) {
            NDArray gCol = g.expandDims(-1);
            NDArray gc = Tensors.padToChunks(gCol, c); // [B,H,n,C,1]
            gCol.close();
            NDArray cum = gc.cumSum(3); // b_t, inclusive
            // seg_ts = Σ_{s<r≤t} g_r (0 where t ≤ s): cumulative sum over t of g_t masked to t > s
            NDArray seg = Tensors.chain(gc.broadcast(gc.getShape().slice(0, 4).add(c)), x -> x.mul(strict),
                    x -> x.cumSum(3));
            gc.close();
            NDArray decay = seg.exp(); // exp(b_t − b_s) ≤ 1 below the diagonal, 1 on and above it
            a = Tensors.chain(a, x -> x.mul(decay));
            qk = Tensors.chain(qk, x -> x.mul(decay));
            decay.close();
            NDArray gamma = cum.exp(); // ≤ 1
            kw = kb.mul(gamma);
            qState = qc.mul(gamma);
            gamma.close();
            NDArray segLast = seg.get(new NDIndex(":, :, :, {}:", c - 1));
            kState = Tensors.chain(Tensors.t(segLast), NDArray::exp, kc::mul); // exp(b_C − b_s) ≤ 1
            NDArray cumLast = cum.get(new NDIndex(":, :, :, {}:", c - 1));
            blockDecay = cumLast.exp(); // [B,H,n,1,1]
            Tensors.free(segLast, seg, cumLast, cum);
        }
        Tensors.free(strict, incl);
        NDArray inv = stable ? unitLowerInverseBlocked(a, c, 16) : unitLowerInverse(a, c); // (I + A)^{-1}
        a.close();
        NDArray w = inv.matMul(kw); // T diag(Γ) K
        Tensors.freeUnless(kw, kb);
        NDArray u0 = Tensors.chain(vc.mul(bc), inv::matMul); // T V
        Tensors.free(inv, kb, bc);

        // Each block's hand-over is affine in the state it receives: S' = Γ_C S + K̃^T (T V − W S) = M S + N with
        // the transition M = Γ_C I − K̃^T W (the WY form of the block's product of (I − β k^T k)) and N = K̃^T T V,
        // both computed for all blocks at once. Only S_{i+1} = M_i S_i + N_i stays in the loop (two ops per
        // block); the pseudo-values U = T V − W S and the outputs Q S + (Q K^T ⊙ M) U of all blocks are then
        // batched matmuls over the stacked states, as in fla's chunk kernels (states first, outputs in parallel).
        NDArray kw0 = Tensors.tMatMul(kState, w); // K̃^T W [B,H,n,dk,dk]
        NDArray eye = Tensors.eye(m, kw0.getShape().get(3), dt);
        NDArray identity = blockDecay == null ? eye : blockDecay.mul(eye);
        NDArray trans = identity.sub(kw0);
        Tensors.free(kw0, identity, eye);
        NDArray fromValues = Tensors.tMatMul(kState, u0); // K̃^T T V [B,H,n,dk,dv]
        Shape qs = q.getShape();
        NDArray s = s0 != null ? s0 : m.zeros(new Shape(qs.get(0), qs.get(1), qs.get(3), v.getShape().get(3)), dt);
        // The per-block operands are taken apart once (split) rather than sliced per block: each slice's
        // backward writes a zero-filled gradient of the whole [B,H,n,...] tensor, which made the backward
        // quadratic in the number of blocks; split's backward is one concatenation.
        Blocks transB = new Blocks(trans, n);
        Blocks valuesB = new Blocks(fromValues, n);
        List<NDArray> states = new ArrayList<>(); // the state entering each block, as [B,H,1,dk,dv]
        for (int i = 0; i < n; i++) {
            states.add(s.expandDims(2));
            NDArray kept = transB.at(i).matMul(s);
            NDArray next = kept.add(valuesB.at(i));
            kept.close();
            Tensors.freeUnless(s, s0); // never the caller's initial state
            s = next;
        }
        transB.close();
        valuesB.close();
        NDArray sAll = Tensors.concatAndFree(states, 2); // [B,H,n,dk,dv]
        NDArray uAll = Tensors.chain(w.matMul(sAll), u0::sub); // U = T V − W S, every block
        NDArray fromState = qState.matMul(sAll);
        NDArray fromBlock = qk.matMul(uAll);
        NDArray blocksOut = fromState.add(fromBlock);
        Tensors.free(sAll, uAll, fromState, fromBlock, trans, fromValues, u0, w, qk, blockDecay, qc, kc, vc);
        Tensors.freeUnless(qState, qc);
        Tensors.freeUnless(kState, kc);
        NDArray o = Tensors.fromChunks(blocksOut);
        blocksOut.close(); // the flat view keeps its memory
        return new OutputAndState(Tensors.sliceTime(o, 0, l), s);
    }

    /** Block i of a [B,H,n,...] array as [B,H,...], from one split along the block axis. */
    private static final class Blocks implements AutoCloseable {
        private final ai.djl.ndarray.NDList parts;
        private final ai.djl.ndarray.NDList squeezed = new ai.djl.ndarray.NDList();

        Blocks(NDArray x, long n) {
            parts = x.split(n, 2);
            parts.forEach(p -> squeezed.add(p.squeeze(2)));
        }

        NDArray at(int i) {
            return squeezed.get(i);
        }

        @Override
        public void close() {
            squeezed.close();
            parts.close();
        }
    }

    /**
     * (I + A)^{-1} for strictly lower-triangular A of size c×c, stably: recursive 2 × 2 block inversion,
     * [[L11, 0], [L21, L22]]^{-1} = [[X11, 0], [−X22 L21 X11, X22]], down to diagonal blocks of size
     * {@code bs} that {@link #unitLowerInverse} inverts (A is zero-padded to bs·2^p, padding rows invert to
     * the identity). The full-block Neumann product multiplies powers of A whose entries grow and cancel (in
     * fp32 with β up to 2 that costs digits); within 16 × 16 blocks the growth stays small. ⌈log2(c/bs)⌉
     * levels, both diagonal halves of a level inverted in one batched call.
     */
    static NDArray unitLowerInverseBlocked(NDArray a, long c, long bs) {
        if (c <= bs) {
            return unitLowerInverse(a, c);
        }
        int nd = a.getShape().dimension();
        long n = bs;
        while (n < c) {
            n *= 2;
        }
        NDArray wide = Tensors.padAxis(a, nd - 1, n);
        NDArray ap = Tensors.padAxis(wide, nd - 2, n);
        Tensors.freeUnless(wide, a, ap);
        NDArray full = recursiveInverse(ap, n, bs);
        Tensors.freeUnless(ap, a);
        NDArray inv = full.get(new NDIndex("..., 0:{}, 0:{}", c, c));
        Tensors.freeUnless(full, inv);
        return inv;
    }

    private static NDArray recursiveInverse(NDArray a, long n, long bs) {
        if (n <= bs) {
            return unitLowerInverse(a, n);
        }
        long h = n / 2;
        int nd = a.getShape().dimension();
        NDArray a11 = a.get(new NDIndex("..., 0:{}, 0:{}", h, h));
        NDArray a22 = a.get(new NDIndex("..., {}:, {}:", h, h));
        NDArray a21 = a.get(new NDIndex("..., {}:, 0:{}", h, h));
        NDArray halves = a11.concat(a22, 0); // halves stacked along the batch axis
        NDArray both = recursiveInverse(halves, h, bs);
        Tensors.free(halves, a11, a22);
        long lead = a.getShape().get(0);
        NDArray x11 = both.get(new NDIndex("0:{}", lead));
        NDArray x22 = both.get(new NDIndex("{}:", lead));
        both.close();
        NDArray x21 = Tensors.chain(x22.matMul(a21), y -> y.matMul(x11), NDArray::neg);
        a21.close();
        NDArray zeros = a.getManager().zeros(x11.getShape(), a.getDataType());
        NDArray top = x11.concat(zeros, nd - 1);
        NDArray bottom = x21.concat(x22, nd - 1);
        Tensors.free(zeros, x11, x21, x22);
        NDArray inv = top.concat(bottom, nd - 2);
        Tensors.free(top, bottom);
        return inv;
    }

    /**
     * (I + A)^{-1} for strictly lower-triangular A of size c×c (any leading dims): since N = −A is
     * nilpotent, (I − N)^{-1} = Σ_{j&lt;c} N^j = Π_{i: 2^i &lt; c} (I + N^{2^i}).
     */
    public static NDArray unitLowerInverse(NDArray a, long c) {
        NDArray eye = Tensors.eye(a.getManager(), c, a.getDataType());
        NDArray p = a.neg();
        NDArray r = eye.add(p);
        for (long covered = 2; covered < c; covered *= 2) {
            NDArray square = p.matMul(p);
            p.close();
            p = square;
            NDArray factor = eye.add(p);
            NDArray next = r.matMul(factor);
            Tensors.free(factor, r);
            r = next;
        }
        Tensors.free(p, eye);
        return r;
    }
}
