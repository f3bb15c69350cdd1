package org.linrepro.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Softmax attention softmax(q k^T) v (Vaswani et al. 1706.03762 eq. 1; the caller scales q) in
 * three forms: the masked quadratic product; the recurrent (KV-cache) form, one query at a time
 * against all keys so far; and a blockwise form with an online softmax (running maximum and
 * running denominator, as in FlashAttention 2205.14135 Alg. 1) over key blocks.
 *
 * <p>Shapes: q, k [B, H, L, d]; v [B, H, L, dv] → [B, H, L, dv].
 */
public final class SoftmaxAttentionOps {

    /** Added to masked scores; exp underflows to exactly 0 in fp32 and fp64. */
    static final double NEG = -1e9;

    private SoftmaxAttentionOps() {}

    public static NDArray parallel(NDArray q, NDArray k, NDArray v, boolean causal) {
        NDArray s = Tensors.matMulT(q, k);
        if (causal) {
            // temporaries closed as soon as used (Tensors.free): at T = 8192 each [T, T] score array is 1 GiB per
            // head group, and DJL would keep them all until the manager closes
            long l = q.getShape().get(2);
            NDArray mask = Tensors.causalMask(q.getManager(), l, q.getDataType(), true);
            NDArray penalty = Tensors.chain(mask.sub(1), x -> x.mul(-NEG));
            s = Tensors.chain(s, penalty::add);
            Tensors.free(penalty, mask);
        }
        return Tensors.chain(s, x -> x.softmax(-1), x -> x.matMul(v));
    }

    /** One query per step against the cached keys/values 0..t (the KV cache is the state). */
    public static NDArray recurrent(NDArray q, NDArray k, NDArray v) {
        long l = q.getShape().get(2);
        List<NDArray> outs = new ArrayList<>();
        for (long t = 0; t < l; t++) {
            NDArray qt = Tensors.sliceTime(q, t, t + 1); // [B,H,1,d]
            NDArray kt = Tensors.sliceTime(k, 0, t + 1);
            NDArray vt = Tensors.sliceTime(v, 0, t + 1);
            outs.add(qt.matMul(Tensors.t(kt)).softmax(-1).matMul(vt));
        }
        return Tensors.concat(outs, 2);
    }

    /**
     * Query blocks × key blocks with an online softmax. The running maximum is a constant shift
     * (stopGradient): it cancels exactly in the ratio, so gradients are those of plain softmax.
     */
    public static NDArray chunked(NDArray q, NDArray k, NDArray v, boolean causal, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunk);
        }
        NDManager m = q.getManager();
        DataType dt = q.getDataType();
        long l = q.getShape().get(2);
        long c = Math.min(chunk, l);
        long n = (l + c - 1) / c;
        List<NDArray> outs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long q0 = i * c;
            long q1 = Math.min(l, q0 + c);
            NDArray qi = Tensors.sliceTime(q, q0, q1);
            NDArray acc = null;
            NDArray den = null;
            NDArray mx = null;
            long last = causal ? i : n - 1;
            for (long j = 0; j <= last; j++) {
                long k0 = j * c;
                long k1 = Math.min(l, k0 + c);
                NDArray s = qi.matMul(Tensors.t(Tensors.sliceTime(k, k0, k1)));
                if (causal && j == i) {
                    // diagonal block: key position <= query position
                    NDArray rows = m.arange(q0, q1, 1, DataType.INT64).reshape(q1 - q0, 1);
                    NDArray cols = m.arange(k0, k1, 1, DataType.INT64).reshape(1, k1 - k0);
                    s = s.add(rows.gte(cols).toType(dt, false).sub(1).mul(-NEG));
                }
                NDArray blockMax = s.max(new int[] {-1}, true).stopGradient();
                NDArray newMax = mx == null ? blockMax : mx.maximum(blockMax);
                NDArray p = s.sub(newMax).exp();
                NDArray pv = p.matMul(Tensors.sliceTime(v, k0, k1));
                NDArray ps = p.sum(new int[] {-1}, true);
                if (acc == null) {
                    acc = pv;
                    den = ps;
                } else {
                    NDArray scale = mx.sub(newMax).exp(); // rescale what was accumulated so far
                    acc = acc.mul(scale).add(pv);
                    den = den.mul(scale).add(ps);
                }
                mx = newMax;
            }
            outs.add(acc.div(den));
        }
        return Tensors.concat(outs, 2);
    }

    /**
     * Block-diagonal ("DiagAttention", TransNormer 2210.10340 §3.2) softmax attention: each token
     * attends only to tokens of its own block of {@code block} tokens (causally if asked).
     * Parallel form: a full L×L score matrix with a block-diagonal mask.
     */
    public static NDArray blockDiagonalParallel(NDArray q, NDArray k, NDArray v, boolean causal, int block) {
        NDManager m = q.getManager();
        long l = q.getShape().get(2);
        NDArray pos = m.arange(0, l, 1, DataType.INT64);
        long[] ids = new long[(int) l];
        for (int t = 0; t < l; t++) {
            ids[t] = t / block; // block index; done in Java because int64 div in the engine is true division
        }
        NDArray blk = m.create(ids);
        NDArray same = blk.reshape(l, 1).eq(blk.reshape(1, l));
        if (causal) {
            same = same.logicalAnd(pos.reshape(l, 1).gte(pos.reshape(1, l)));
        }
        NDArray mask = same.toType(q.getDataType(), false);
        NDArray s = q.matMul(Tensors.t(k)).add(mask.sub(1).mul(-NEG));
        return s.softmax(-1).matMul(v);
    }

    /**
     * Block-diagonal attention in its natural blocked form: reshape into [B, H, L/w, w, d] and attend
     * within blocks (the last, shorter block is padded; padded keys are masked out).
     */
    public static NDArray blockDiagonalChunked(NDArray q, NDArray k, NDArray v, boolean causal, int block) {
        NDManager m = q.getManager();
        DataType dt = q.getDataType();
        long l = q.getShape().get(2);
        long w = Math.min(block, l);
        long lp = Tensors.roundUp(l, w);
        NDArray qc = Tensors.padToChunks(q, w);
        NDArray kc = Tensors.padToChunks(k, w);
        NDArray vc = Tensors.padToChunks(v, w);
        NDArray pos = m.arange(0, lp, 1, DataType.INT64).reshape(lp / w, 1, w); // key positions
        NDArray valid = pos.lt(l); // [n,1,w]
        if (causal) {
            NDArray r = m.arange(0, w, 1, DataType.INT64);
            valid = valid.logicalAnd(r.reshape(w, 1).gte(r.reshape(1, w)).reshape(1, w, w));
        }
        NDArray mask = valid.toType(dt, false);
        NDArray s = qc.matMul(Tensors.t(kc)).add(mask.sub(1).mul(-NEG));
        return Tensors.sliceTime(Tensors.fromChunks(s.softmax(-1).matMul(vc)), 0, l);
    }

    /** Block-diagonal attention token by token: each query sees the cached keys of its block. */
    public static NDArray blockDiagonalRecurrent(NDArray q, NDArray k, NDArray v, boolean causal, int block) {
        long l = q.getShape().get(2);
        List<NDArray> outs = new ArrayList<>();
        for (long t = 0; t < l; t++) {
            long start = (t / block) * block;
            long end = causal ? t + 1 : Math.min(l, start + block);
            NDArray qt = Tensors.sliceTime(q, t, t + 1);
            NDArray ot = qt.matMul(Tensors.t(Tensors.sliceTime(k, start, end)))
                    .softmax(-1)
                    .matMul(Tensors.sliceTime(v, start, end));
            outs.add(ot);
        }
        return Tensors.concat(outs, 2);
    }
}
