package org.linrepro.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The native activations behind the decays and feature maps ({@link Tensors#softplus}, {@link Tensors#logSigmoid},
 * {@link Tensors#eluPlusOne}) against closed forms written here in double precision, values and gradients, from
 * far negative to far positive inputs: they must stay finite where exp(x) overflows (x = 1000) and where it
 * underflows (x = −1000). Tolerance: 4 ulp of the value in fp64 (the closed forms round once or twice, libtorch's
 * log1p/expm1 once), 2e-7 relative in fp32 (a few ulp), plus an absolute part: 1e-300 (fp64) or 1e-30 (fp32) for
 * softplus, and one ulp of 1 for elu(x) + 1, which adds 1 to expm1(x) and so keeps only absolute accuracy far
 * below 0 (at x = −30, 1e-16 on a value of 9.4e-14).
 */
class ActivationsTest {

    private static final double[] XS = {-1000, -100, -30, -20.5, -17.5, -1, -1e-3, 0, 1e-3, 1, 17.5, 20.5, 30, 100, 1000};

    /** libtorch's softplus (β = 1): log(1 + exp(x)), and x itself above the threshold 20 (off by < exp(−20)). */
    private static double softplus(double x) {
        return x > 20 ? x : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** softplus's gradient: the sigmoid, and 1 above the threshold. */
    private static double softplusGrad(double x) {
        return x > 20 ? 1 : x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Test
    void softplusMatchesItsClosedFormAndItsGradientIsTheSigmoid() {
        check(Tensors::softplus, ActivationsTest::softplus, ActivationsTest::softplusGrad, false);
    }

    @Test
    void logSigmoidIsMinusSoftplusOfMinusXAndItsGradientIsSigmoidOfMinusX() {
        check(Tensors::logSigmoid, x -> -softplus(-x), x -> softplusGrad(-x), false);
    }

    @Test
    void eluPlusOneIsXPlusOneAboveZeroAndExpBelow() {
        // at x = 0 both pieces give 1 and the gradient is elu's own, 1
        check(Tensors::eluPlusOne, x -> x > 0 ? x + 1 : Math.exp(x), x -> x > 0 ? 1 : Math.exp(x), true);
    }

    private static void check(UnaryOperator<NDArray> op, DoubleUnaryOperator value, DoubleUnaryOperator grad,
            boolean plusOne) {
        for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            boolean fp64 = dt == DataType.FLOAT64;
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(XS).toType(dt, true);
                x.setRequiresGradient(true);
                double[] y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = op.apply(x);
                    y = out.toType(DataType.FLOAT64, false).toDoubleArray();
                    gc.backward(out.sum());
                }
                double[] g = x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < XS.length; i++) {
                    // the reference at the input as the dtype holds it (17.5 and 20.5 are exact in fp32 too)
                    double xi = fp64 ? XS[i] : (float) XS[i];
                    assertClose(value.applyAsDouble(xi), y[i], fp64, plusOne, dt + " value at x = " + xi);
                    assertClose(grad.applyAsDouble(xi), g[i], fp64, plusOne, dt + " gradient at x = " + xi);
                }
            }
        }
    }

    private static void assertClose(double expected, double actual, boolean fp64, boolean plusOne, String what) {
        assertTrue(Double.isFinite(actual), what + " is " + actual);
        double rel = fp64 ? 4 * Math.ulp(1.0) : 2e-7;
        double abs = plusOne ? (fp64 ? Math.ulp(1.0) : Math.ulp(1f)) : fp64 ? 1e-300 : 1e-30;
        double expectedAsStored = fp64 ? expected : (float) expected;
        assertEquals(expectedAsStored, actual, rel * Math.abs(expectedAsStored) + abs, what);
    }
}
