package org.linrepro.nn.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Small tensor helpers shared by the token-mixer ops.
 *
 * <p>DJL 0.35.1 has no {@code triu}/{@code tril}/{@code sequenceMask}, so masks are built by
 * comparing {@code arange} rows with columns; they are cast to the dtype of the data so that
 * float64 gradient checks do not silently mix precisions.
 */
public final class Tensors {

    private Tensors() {}

    /**
     * Lower-triangular 0/1 mask of shape [n, n]: entry (t, s) is 1 when s &lt;= t (inclusive) or s
     * &lt; t (strict).
     */
    public static NDArray causalMask(NDManager m, long n, DataType dt, boolean inclusive) {
        return rowsAgainstColumns(m, n, dt, inclusive ? NDArray::gte : NDArray::gt);
    }

    /** [n, n] of dtype dt: {@code compare(row index t, column index s)} as 0/1, temporaries closed. */
    private static NDArray rowsAgainstColumns(NDManager m, long n, DataType dt,
            java.util.function.BinaryOperator<NDArray> compare) {
        NDArray positions = m.arange(0, n, 1, DataType.INT64);
        NDArray rows = positions.reshape(n, 1);
        NDArray cols = positions.reshape(1, n);
        NDArray mask = compare.apply(rows, cols);
        NDArray out = mask.toType(dt, false);
        free(positions, rows, cols);
        freeUnless(mask, out);
        return out;
    }

    /**
     * A 0-d constant of {@code like}'s dtype whose memory belongs to the engine.
     *
     * <p>DJL TRAP (0.35.1, PyTorch): {@code x.mul(2.0)}, {@code x.div(t)}, {@code x.maximum(0)} create
     * a scalar tensor over a Java direct buffer and close it right after the op; autograd keeps the
     * tensor for the backward pass and then reads freed memory (intermittently zero or NaN gradients).
     * Use these helpers for every scalar operation whose backward needs the scalar.
     */
    public static NDArray scalar(NDArray like, double v) {
        NDArray raw = like.getManager().create(v);
        NDArray owned = raw.toType(like.getDataType(), true).duplicate(); // engine-allocated copy
        raw.close();
        return owned;
    }

    /** A constant array of the given dtype in engine-owned memory (see {@link #scalar}). */
    public static NDArray constant(NDManager m, double[] values, DataType dt) {
        NDArray raw = m.create(values);
        NDArray owned = raw.toType(dt, true).duplicate();
        raw.close();
        return owned;
    }

    /** An int64 constant in engine-owned memory (index arrays for take/gather). */
    public static NDArray constantLong(NDManager m, long[] values) {
        NDArray raw = m.create(values);
        NDArray owned = raw.duplicate();
        raw.close();
        return owned;
    }

    /** x * v with an engine-owned scalar (see {@link #scalar}). */
    public static NDArray mul(NDArray x, double v) {
        return x.mul(scalar(x, v));
    }

    /** x / v with an engine-owned scalar (see {@link #scalar}). */
    public static NDArray div(NDArray x, double v) {
        return x.div(scalar(x, v));
    }

    /** max(x, 0) via the native relu (its backward needs no scalar). */
    public static NDArray relu(NDArray x) {
        return ai.djl.nn.Activation.relu(x);
    }

    /** min(x, 0) = −relu(−x). */
    public static NDArray negPart(NDArray x) {
        return ai.djl.nn.Activation.relu(x.neg()).neg();
    }

    /** Identity matrix [n, n] of the given dtype. */
    public static NDArray eye(NDManager m, long n, DataType dt) {
        return rowsAgainstColumns(m, n, dt, NDArray::eq);
    }

    /** Positions 0..n-1 as a dtype array of shape [n]. */
    public static NDArray positions(NDManager m, long n, DataType dt) {
        return m.arange(0, n, 1, DataType.INT64).toType(dt, false);
    }

    /**
     * Closes arrays an op made and no longer needs. DJL keeps every array until its manager closes, where
     * PyTorch frees a tensor at its last reference; freed at once, the memory is reused by the next op while
     * it is still in cache (an element-wise chain on 512 KB arrays ran 3x faster so, on 8 MB arrays 1.7x).
     * The autograd graph holds its own references to what the backward pass needs, so gradients are
     * unaffected. Never pass an array the caller gave the op (or a result of {@link #padAxis} or
     * {@link #sliceTime}, which may be their input itself); nulls are skipped.
     */
    public static void free(NDArray... xs) {
        for (NDArray x : xs) {
            if (x != null) {
                x.close();
            }
        }
    }

    /**
     * Closes {@code x} (see {@link #free}) unless it is one of {@code kept}: for a temporary that may be an op's
     * input returned as is ({@link #padAxis}, a branch that keeps an operand) or the result itself.
     */
    public static void freeUnless(NDArray x, NDArray... kept) {
        for (NDArray k : kept) {
            if (x == k) {
                return;
            }
        }
        free(x);
    }

    /**
     * Applies {@code steps} in order to {@code x}, closing each intermediate as soon as the next one is made
     * (see {@link #free}), {@code x} included: give it an array the op made, never one it was given.
     */
    @SafeVarargs
    public static NDArray chain(NDArray x, java.util.function.UnaryOperator<NDArray>... steps) {
        NDArray cur = x;
        for (java.util.function.UnaryOperator<NDArray> step : steps) {
            NDArray next = step.apply(cur);
            freeUnless(cur, next);
            cur = next;
        }
        return cur;
    }

    /** x · yᵀ over the last two axes, the transposed view closed at once (see {@link #free}). */
    public static NDArray matMulT(NDArray x, NDArray y) {
        NDArray yt = t(y);
        NDArray r = x.matMul(yt);
        yt.close();
        return r;
    }

    /** xᵀ · y over the last two axes, the transposed view closed at once (see {@link #free}). */
    public static NDArray tMatMul(NDArray x, NDArray y) {
        NDArray xt = t(x);
        NDArray r = xt.matMul(y);
        xt.close();
        return r;
    }

    /** Zero-pads {@code axis} at the end to length {@code len} (a no-op when already that long). */
    public static NDArray padAxis(NDArray x, int axis, long len) {
        long cur = x.getShape().get(axis);
        if (cur == len) {
            return x;
        }
        long[] s = x.getShape().getShape().clone();
        s[axis] = len - cur;
        NDArray zeros = x.getManager().zeros(new Shape(s), x.getDataType());
        NDArray padded = x.concat(zeros, axis);
        zeros.close();
        return padded;
    }

    /**
     * Slice [from, to) along axis 2 of a 4-d or 5-d array (the time axis of [B, H, L, d]). The whole
     * axis is returned as is: a full slice would still cost a full-size zero-filled gradient copy in
     * the backward pass.
     */
    public static NDArray sliceTime(NDArray x, long from, long to) {
        if (from == 0 && to == x.getShape().get(2)) {
            return x;
        }
        return x.get(new NDIndex(":, :, {}:{}", from, to));
    }

    /** Element t along axis 2, axis removed. */
    public static NDArray atTime(NDArray x, long t) {
        return x.get(new NDIndex(":, :, {}", t));
    }

    /** Stacks a list of arrays along a new axis. */
    public static NDArray stack(java.util.List<NDArray> xs, int axis) {
        return NDArrays.stack(new NDList(xs), axis);
    }

    /** Concatenates a list of arrays along an existing axis. */
    public static NDArray concat(java.util.List<NDArray> xs, int axis) {
        return xs.size() == 1 ? xs.get(0) : NDArrays.concat(new NDList(xs), axis);
    }

    /**
     * {@link #concat}, then closes the parts (see {@link #free}): the result is a copy, except for a single part,
     * which is returned as is and stays open. Give it parts the op made.
     */
    public static NDArray concatAndFree(java.util.List<NDArray> xs, int axis) {
        NDArray joined = concat(xs, axis);
        if (xs.size() > 1) {
            xs.forEach(NDArray::close);
        }
        return joined;
    }

    /** Rounds {@code n} up to a multiple of {@code c}. */
    public static long roundUp(long n, long c) {
        return ((n + c - 1) / c) * c;
    }

    /** [B, L, H*d] → [B, H, L, d]. */
    public static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        long b = s.get(0);
        long l = s.get(1);
        long d = s.get(2) / heads;
        return x.reshape(b, l, heads, d).transpose(0, 2, 1, 3);
    }

    /** [B, H, L, d] → [B, L, H*d]. */
    public static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /**
     * The chunked forms' preamble: zero-pads the time axis (2) of [B, H, L, d] up to a multiple of
     * {@code c} and reshapes to [B, H, ⌈L/c⌉, c, d]. Zero rows are what every op's padding relies on
     * (no key, no value, no update); callers slice the output back to L.
     */
    public static NDArray padToChunks(NDArray x, long c) {
        NDArray padded = padAxis(x, 2, roundUp(x.getShape().get(2), c));
        NDArray chunks = toChunks(padded, c);
        freeUnless(padded, x); // the chunked view keeps the padded copy's memory alive
        return chunks;
    }

    /** Reshape [B, H, n*C, d] → [B, H, n, C, d] (the length must already be a multiple of C). */
    public static NDArray toChunks(NDArray x, long c) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) / c, c, s.get(3));
    }

    /** Reshape [B, H, n, C, d] → [B, H, n*C, d]. */
    public static NDArray fromChunks(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3), s.get(4));
    }

    /** Swap the last two axes. */
    public static NDArray t(NDArray x) {
        int n = x.getShape().dimension();
        return x.swapAxes(n - 2, n - 1);
    }

    /** RMS normalisation over the last axis: x / sqrt(mean(x^2) + eps). */
    public static NDArray rmsNorm(NDArray x, double eps) {
        NDArray ms = x.square().mean(new int[] {-1}, true);
        return x.div(ms.add(eps).sqrt());
    }

    /** Layer normalisation over the last axis, no affine part. */
    public static NDArray layerNorm(NDArray x, double eps) {
        NDArray mu = x.mean(new int[] {-1}, true);
        NDArray c = x.sub(mu);
        NDArray var = c.square().mean(new int[] {-1}, true);
        return c.div(var.add(eps).sqrt());
    }

    /** SiLU / swish: x * sigmoid(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    /**
     * softplus(x) = log(1 + exp(x)), libtorch's native one-pass op: log1p(exp(x)), and x itself above 20, so it
     * never overflows. Above 20 it is off by less than exp(−20) ≈ 2e-9: below fp32's resolution there, about 1e-10
     * relative in fp64 (ActivationsTest).
     */
    public static NDArray softplus(NDArray x) {
        return ai.djl.nn.Activation.softPlus(x);
    }

    /**
     * log(sigmoid(x)) = −softplus(−x): three passes. A written-out stable form took nine, about half of a
     * Mamba-2 forward's gap to torch at T = 2048.
     */
    public static NDArray logSigmoid(NDArray x) {
        return chain(x.neg(), Tensors::softplus, NDArray::neg);
    }

    /**
     * Katharopoulos et al. feature map elu(x) + 1, libtorch's native elu (expm1 below 0) and one add: two
     * passes, where exp(x − relu(x)) + relu(x) took four. Adding 1 to expm1(x) keeps absolute accuracy only (one
     * ulp of 1) far below 0, and gives exactly 0 below about −17 in fp32, as the feature map's usual form does.
     */
    public static NDArray eluPlusOne(NDArray x) {
        return chain(ai.djl.nn.Activation.elu(x, 1f), e -> e.add(1));
    }
}
