package org.linrepro.nn.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;

class ResidualBlockTest {
    private static final int DIM = 8;

    /** Registration order is the optimiser's order: the mixer's arrays, projections, norms, FFN w₁ b₁ w₂ b₂. */
    @Test
    void registersParametersInConstructionOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            ParameterSet p = new ParameterSet(m, true);
            TokenMixer mixer = MixerRegistry.create("softmax", 4, 2, false);
            ResidualBlock.create(p, new ResidualBlock.Spec(DIM, 4, 16, true, 0), mixer, new Shape(1, 3, 4), p::linear);
            List<NDArray> mixerArrays = new ArrayList<>();
            for (Pair<String, Parameter> q : mixer.getParameters()) {
                mixerArrays.add(q.getValue().getArray());
            }
            List<NDArray> all = p.arrays();
            for (int i = 0; i < mixerArrays.size(); i++) {
                assertSame(mixerArrays.get(i), all.get(i));
            }
            List<Shape> rest = new ArrayList<>();
            for (NDArray a : all.subList(mixerArrays.size(), all.size())) {
                rest.add(a.getShape());
                assertTrue(a.hasGradient());
            }
            assertEquals(List.of(new Shape(DIM, 4), new Shape(4, DIM), new Shape(DIM), new Shape(DIM), new Shape(DIM),
                    new Shape(DIM), new Shape(DIM, 16), new Shape(16), new Shape(16, DIM), new Shape(DIM)), rest);
            long n = 0;
            for (NDArray a : all) {
                n += a.size();
            }
            assertEquals(n, p.count());
        }
    }

    @Test
    void withoutGradientsTheArraysAreLeftAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterSet p = new ParameterSet(m, false);
            assertFalse(p.normal(0.02, 3, 4).hasGradient());
            assertEquals(12, p.count());
        }
    }

    /** Pre-norm: x + m(LN x), then + FFN(LN ·); post-norm: LN(x + m(x)), then LN(· + FFN(·)); the same ops, bit for bit. */
    @Test
    void computesThePreAndPostNormBlocks() {
        for (boolean pre : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(7);
                ParameterSet p = new ParameterSet(m, false);
                TokenMixer mixer = MixerRegistry.create("softmax", DIM, 2, false);
                ResidualBlock b = ResidualBlock.create(p, new ResidualBlock.Spec(DIM, DIM, 16, pre, 0), mixer,
                        new Shape(1, 5, DIM), p::linear);
                NDArray x = m.randomNormal(new Shape(2, 5, DIM));
                ParameterStore ps = new ParameterStore(m, false);
                NDArray want;
                if (pre) {
                    NDArray h = x.add(mix(mixer, ps, b.mixerNorm().forward(x)));
                    want = h.add(b.ffn().forward(b.ffnNorm().forward(h)));
                } else {
                    NDArray h = b.mixerNorm().forward(x.add(mix(mixer, ps, x)));
                    want = b.ffnNorm().forward(h.add(b.ffn().forward(h)));
                }
                assertArrayEquals(want.toFloatArray(), b.forward(ps, x, null, false).toFloatArray(), 0f);
            }
        }
    }

    private static NDArray mix(TokenMixer mixer, ParameterStore ps, NDArray x) {
        return mixer.forward(ps, new NDList(x), false).singletonOrThrow();
    }

    /** The two kernels compute one function (to float rounding); each model keeps the one it was measured with. */
    @Test
    void theFusedAndComposedLayerNormsAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            ParameterSet p = new ParameterSet(m, false);
            Norm n = new Norm(p.normal(1, DIM), p.normal(1, DIM));
            NDArray x = m.randomNormal(0, 3, new Shape(4, DIM), DataType.FLOAT32);
            assertArrayEquals(n.forward(x).toFloatArray(), Norm.composed(x, n.gain(), n.bias(), 1e-5).toFloatArray(),
                    1e-4f);
        }
    }
}
