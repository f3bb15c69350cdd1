package org.linrepro.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shortcuts the chunked forms take for speed, each against the plain form it replaces: outputs and
 * the gradients of q, k, v (fp64, so the tolerance only covers summation order: 1e-12 relative to the
 * largest entry) at lengths that are and are not multiples of the chunk.
 */
class FastFormsTest {

    /** Normalised causal chunked attention (row sums + running key sum) equals the ones-column form. */
    @ParameterizedTest
    @CsvSource({"1, 16", "63, 16", "64, 64", "75, 64", "130, 32", "500, 64"})
    void normalisedChunkedEqualsTheOnesColumnForm(int length, int chunk) {
        compare(length, 10, 7, inputs -> {
            NDArray qf = Tensors.eluPlusOne(inputs.get(0));
            NDArray kf = Tensors.eluPlusOne(inputs.get(1));
            return LinearAttentionOps.chunkedNormalized(qf, kf, inputs.get(2), chunk, 1e-6);
        }, inputs -> {
            NDArray qf = Tensors.eluPlusOne(inputs.get(0));
            NDArray kf = Tensors.eluPlusOne(inputs.get(1));
            NDArray v = inputs.get(2);
            NDArray ones = v.getManager().ones(v.getShape().slice(0, 3).add(1), v.getDataType());
            NDArray o = LinearAttentionOps.parallel(qf, kf, v.concat(ones, 3), null, true);
            return o.get(new NDIndex("..., 0:7")).div(o.get(new NDIndex("..., 7:")).add(1e-6));
        });
    }

    /** A decay constant in time (one per head) takes the one-block path; a per-time copy does not. */
    @ParameterizedTest
    @CsvSource({"1, 16", "63, 16", "64, 64", "75, 64", "130, 32"})
    void constantDecayEqualsTheSameDecayGivenPerStep(int length, int chunk) {
        compare(length, 6, 5, inputs -> LinearAttentionOps.chunked(inputs.get(0), inputs.get(1), inputs.get(2),
                decay(inputs.get(0), false), true, chunk), inputs -> LinearAttentionOps.chunked(inputs.get(0),
                inputs.get(1), inputs.get(2), decay(inputs.get(0), true), true, chunk));
    }

    /**
     * The state hand-over as one matmul over the blocks (no decay, one decay per head, or one per head and step)
     * against the token-by-token recurrence in fp64: output, final state and the gradients of q, k, v, the
     * log-decay and the initial state, over 32 blocks with decays from −0.01 to −30 per step (cumulative sums to
     * −7500), and a burst of −200 per step in the first block before −0.001 per step: later weights are near 1,
     * and a difference of two cumulative sums near −3200 gives them only to 2e-4 in fp32 (that variant fails
     * here; the segment sums do not). fp64: 1e-12 of the largest entry (summation order only). fp32 against the fp64 recurrence: 2e-5 of the largest entry, OpGoldensTest's
     * fp32 budget (roundoff 6e-8 over sums of up to 500 decayed terms).
     */
    @ParameterizedTest
    @CsvSource({"none, 500, 16, float64", "head, 500, 16, float64", "step, 500, 16, float64", "step, 75, 16, float64",
        "step, 1, 16, float64", "step, 512, 16, float64", "none, 500, 16, float32", "head, 500, 16, float32",
        "step, 500, 16, float32", "burst, 500, 16, float64", "burst, 500, 16, float32"})
    void handOverByMatMulEqualsTheRecurrence(String decay, int length, int chunk, String type) {
        DataType dt = DataType.valueOf(type.toUpperCase());
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            long b = 2;
            long h = 3;
            NDArray q = m.randomNormal(new Shape(b, h, length, 6)).toType(DataType.FLOAT64, false);
            NDArray k = m.randomNormal(new Shape(b, h, length, 6)).toType(DataType.FLOAT64, false);
            NDArray v = m.randomNormal(new Shape(b, h, length, 4)).toType(DataType.FLOAT64, false);
            NDArray s0 = m.randomNormal(new Shape(b, h, 6, 4)).toType(DataType.FLOAT64, false);
            NDArray w = m.randomNormal(new Shape(b, h, length, 4)).toType(DataType.FLOAT64, false);
            NDArray ws = m.randomNormal(new Shape(b, h, 6, 4)).toType(DataType.FLOAT64, false);
            // log-decays: per head −0.01, −1, −30 (head); per head and step uniform in [−30, −0.01] on one head,
            // mild on the others (step)
            NDArray g = switch (decay) {
                case "none" -> null;
                // a reset then memory: −200 per step over the first block (cumulative −3200), then −0.001 per step,
                // so later blocks' weights are near 1 but come from cumulative sums near −3200
                case "burst" -> Tensors.constant(m, burst(length, chunk), DataType.FLOAT64).reshape(1, 1, length, 1);
                case "head" -> Tensors.constant(m, new double[] {-0.01, -1, -30}, DataType.FLOAT64).reshape(1, h, 1, 1);
                default -> m.randomUniform(0, 1, new Shape(b, h, length, 1)).toType(DataType.FLOAT64, false)
                        .mul(Tensors.constant(m, new double[] {-0.5, -3, -30}, DataType.FLOAT64).reshape(1, h, 1, 1))
                        .sub(0.01);
            };
            double[][] want = runWithState(x -> LinearAttentionOps.recurrent(x.get(0), x.get(1), x.get(2),
                    x.size() > 4 ? x.get(4) : null, x.get(3)), DataType.FLOAT64, q, k, v, s0, g, w, ws);
            double[][] got = runWithState(x -> LinearAttentionOps.chunked(x.get(0), x.get(1), x.get(2),
                    x.size() > 4 ? x.get(4) : null, x.get(3), chunk), dt, q, k, v, s0, g, w, ws);
            double rel = dt == DataType.FLOAT64 ? 1e-12 : 2e-5;
            String[] what = {"output", "final state", "dq", "dk", "dv", "ds0", "dg"};
            for (int i = 0; i < want.length; i++) {
                double scale = 0;
                for (double x : want[i]) {
                    scale = Math.max(scale, Math.abs(x));
                }
                assertArrayEquals(want[i], got[i], rel * Math.max(1, scale), what[i] + " (" + decay + ", T = " + length
                        + ", " + type + ")");
            }
        }
    }

    private static double[] burst(int length, int chunk) {
        double[] g = new double[length];
        for (int t = 0; t < length; t++) {
            g[t] = t < chunk ? -200 : -0.001;
        }
        return g;
    }

    /** Runs f on copies of the inputs in dtype dt; output, final state and the inputs' gradients, as doubles. */
    private static double[][] runWithState(Function<NDList, OutputAndState> f, DataType dt, NDArray q0, NDArray k0,
            NDArray v0, NDArray s00, NDArray g0, NDArray w, NDArray ws) {
        NDList in = new NDList();
        for (NDArray x : new NDArray[] {q0, k0, v0, s00, g0}) {
            if (x != null) {
                in.add(x.toType(dt, false).duplicate()); // a fresh leaf: toType to its own type is no copy
            }
        }
        in.forEach(x -> x.setRequiresGradient(true));
        OutputAndState r;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            r = f.apply(in);
            gc.backward(r.output().mul(w.toType(dt, false)).sum().add(r.state().mul(ws.toType(dt, false)).sum()));
        }
        java.util.List<double[]> out = new java.util.ArrayList<>();
        out.add(r.output().toType(DataType.FLOAT64, false).toDoubleArray());
        out.add(r.state().toType(DataType.FLOAT64, false).toDoubleArray());
        in.forEach(x -> out.add(x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()));
        return out.toArray(new double[0][]);
    }

    /** elu(x) + 1 is x + 1 above 0 and exp(x) below, with gradients 1 and exp(x). */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void eluPlusOneValuesAndGradients(String type) {
        DataType dt = DataType.valueOf(type.toUpperCase());
        try (NDManager m = NDManager.newBaseManager()) {
            double[] xs = {-30, -2.5, -1e-3, 1e-3, 0.5, 7};
            NDArray x = m.create(xs).toType(dt, false);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = Tensors.eluPlusOne(x);
                gc.backward(y.sum());
            }
            double[] got = y.toType(DataType.FLOAT64, false).toDoubleArray();
            double[] grad = x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            double tol = dt == DataType.FLOAT32 ? 1e-6 : 1e-15;
            for (int i = 0; i < xs.length; i++) {
                double want = xs[i] > 0 ? xs[i] + 1 : Math.exp(xs[i]);
                double wantGrad = xs[i] > 0 ? 1 : Math.exp(xs[i]);
                assertTrue(Math.abs(got[i] - want) <= tol * Math.max(1, want), "value at " + xs[i]);
                assertTrue(Math.abs(grad[i] - wantGrad) <= tol * Math.max(1, wantGrad), "gradient at " + xs[i]);
            }
        }
    }

    private static NDArray decay(NDArray q, boolean perStep) {
        long h = q.getShape().get(1);
        double[] g = new double[(int) h];
        for (int i = 0; i < h; i++) {
            g[i] = -Math.pow(2, -8.0 * (i + 1) / h) - 0.5 * i; // strong decays too: exp(-2.5 * 64) underflows
        }
        NDArray gc = Tensors.constant(q.getManager(), g, q.getDataType()).reshape(1, h, 1, 1);
        return perStep ? gc.broadcast(1, h, q.getShape().get(2), 1).duplicate() : gc;
    }

    private static void compare(int length, int dk, int dv, Function<NDList, NDArray> fast,
            Function<NDList, NDArray> reference) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray q = m.randomNormal(new Shape(2, 3, length, dk)).toType(DataType.FLOAT64, false);
            NDArray k = m.randomNormal(new Shape(2, 3, length, dk)).toType(DataType.FLOAT64, false);
            NDArray v = m.randomNormal(new Shape(2, 3, length, dv)).toType(DataType.FLOAT64, false);
            NDArray w = m.randomNormal(new Shape(2, 3, length, dv)).toType(DataType.FLOAT64, false);
            double[][] a = run(fast, q, k, v, w);
            double[][] b = run(reference, q, k, v, w);
            String[] what = {"output", "dq", "dk", "dv"};
            for (int i = 0; i < a.length; i++) {
                double scale = 0;
                for (double x : b[i]) {
                    scale = Math.max(scale, Math.abs(x));
                }
                assertArrayEquals(b[i], a[i], 1e-12 * Math.max(1, scale), what[i] + " at length " + length);
            }
        }
    }

    private static double[][] run(Function<NDList, NDArray> f, NDArray q0, NDArray k0, NDArray v0, NDArray w) {
        NDArray q = q0.duplicate();
        NDArray k = k0.duplicate();
        NDArray v = v0.duplicate();
        q.setRequiresGradient(true);
        k.setRequiresGradient(true);
        v.setRequiresGradient(true);
        NDArray o;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            o = f.apply(new NDList(q, k, v));
            gc.backward(o.mul(w).sum());
        }
        return new double[][] {o.toDoubleArray(), q.getGradient().toDoubleArray(), k.getGradient().toDoubleArray(),
            v.getGradient().toDoubleArray()};
    }
}
