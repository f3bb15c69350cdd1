package org.linrepro.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chunked ops close their temporaries as they go ({@link Tensors#free}): after an op, the manager holds its
 * inputs and a handful of arrays (the output and its views, small masks), not the dozens of intermediates each
 * op makes, and the inputs are still open. With autograd on, the gradients still arrive (the graph keeps its
 * own references). Shapes force padding (T = 75, chunk 16) and several blocks.
 */
class OpTemporariesTest {

    /**
     * What an op and its preamble (β, log-decay, feature map: up to 4 arrays) may leave in the manager beyond the
     * inputs: the output and the final state, their views, small masks and constants.
     */
    private static final int LEFT_BEHIND = 12;

    @ParameterizedTest
    @ValueSource(strings = {"plain", "constant-decay", "scalar-decay", "channel-decay", "normalised", "delta",
        "gated-delta", "delta-from-state"})
    void opsLeaveOnlyTheirOutputsBehindAndGradientsStillFlow(String op) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList in = inputs(m);
            Function<NDList, NDArray> f = forward(op);
            int before = m.getManagedArrays().size();
            NDArray o = f.apply(in);
            int left = m.getManagedArrays().size() - before;
            assertTrue(left <= LEFT_BEHIND, op + " left " + left + " arrays behind (at most " + LEFT_BEHIND + ")");
            for (NDArray x : in) {
                assertFalse(x.isReleased(), op + " closed an input");
            }
            assertEquals(75, o.getShape().get(2));
            assertTrue(Double.isFinite(o.abs().sum().getFloat()));

            for (NDArray x : in) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(f.apply(in).sum());
            }
            for (NDArray x : in.subNDList(0, 3)) {
                double g = x.getGradient().abs().sum().getFloat();
                assertTrue(Double.isFinite(g) && g > 0, op + ": no gradient reached an input");
            }
        }
    }

    private static NDList inputs(NDManager m) {
        m.getEngine().setRandomSeed(3);
        Shape s = new Shape(2, 3, 75, 8);
        NDArray q = m.randomNormal(s);
        NDArray k = m.randomNormal(s);
        NDArray v = m.randomNormal(s);
        NDArray kn = k.div(k.square().sum(new int[] {-1}, true).add(1e-6).sqrt());
        NDArray logits = m.randomNormal(new Shape(2, 3, 75));
        NDArray s0 = m.randomNormal(new Shape(2, 3, 8, 8));
        return new NDList(q, kn, v, logits, s0);
    }

    private static Function<NDList, NDArray> forward(String op) {
        return in -> {
            NDArray q = in.get(0);
            NDArray k = in.get(1);
            NDArray v = in.get(2);
            NDArray logits = in.get(3);
            NDArray beta = ai.djl.nn.Activation.sigmoid(logits);
            NDArray gate = Tensors.logSigmoid(logits);
            return switch (op) {
                case "plain" -> LinearAttentionOps.chunked(q, k, v, null, true, 16);
                case "constant-decay" -> LinearAttentionOps.chunked(q, k, v,
                        Tensors.mul(q.getManager().ones(new Shape(1, 3, 1, 1)), -0.1), true, 16);
                case "scalar-decay" -> LinearAttentionOps.chunked(q, k, v, gate.expandDims(-1), true, 16);
                case "channel-decay" -> LinearAttentionOps.chunked(q, k, v, Tensors.logSigmoid(k), true, 16);
                case "normalised" -> LinearAttentionOps.chunkedNormalized(Tensors.eluPlusOne(q), Tensors.eluPlusOne(k),
                        v, 16, 1e-6);
                case "delta" -> DeltaRuleOps.chunked(q, k, v, beta, null, null, 16).output();
                case "gated-delta" -> DeltaRuleOps.chunked(q, k, v, beta, gate, null, 16).output();
                case "delta-from-state" -> DeltaRuleOps.chunked(q, k, v, beta, gate, in.get(4), 16).output();
                default -> throw new IllegalArgumentException(op);
            };
        };
    }
}
