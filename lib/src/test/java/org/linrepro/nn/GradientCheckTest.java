package org.linrepro.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.TokenMixer;

/**
 * Finite-difference check of the input gradient in float64 (the PyTorch engine supports float64
 * autograd through DJL): central differences at a few random coordinates, chunked form with a
 * chunk that does not divide the length.
 */
class GradientCheckTest {

    static Stream<Arguments> cases() {
        return MixerFormsTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputGradientMatchesFiniteDifferences(String label, String id, MixerConfig base) {
        long b = 1;
        long l = 7;
        try (NDManager m = NDManager.newBaseManager()) {
            MixerConfig cfg = MixerFormsTest.withChunk(base, 3);
            TokenMixer mixer = MixerTestSupport.build(m, id, cfg, 17, DataType.FLOAT64, b, l);
            Engine.getInstance().setRandomSeed(19);
            NDArray x0 = m.randomNormal(new Shape(b, l, cfg.dim())).toType(DataType.FLOAT64, true);
            NDArray r = m.randomNormal(new Shape(b, l, cfg.dim())).toType(DataType.FLOAT64, true);
            MixerForm form = mixer.forms().contains(MixerForm.CHUNKED) ? MixerForm.CHUNKED : MixerForm.PARALLEL;

            NDArray x = x0.duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(mixer.mix(x, form).mul(r).sum());
            }
            double[] grad = x.getGradient().toDoubleArray();
            double[] xs = x0.toDoubleArray();
            double scale = 0;
            for (double g : grad) {
                scale = Math.max(scale, Math.abs(g));
            }
            Random rnd = new Random(23);
            double h = 1e-6;
            double worst = 0;
            for (int trial = 0; trial < 6; trial++) {
                int i = rnd.nextInt(xs.length);
                double fp = loss(mixer, m, xs, i, h, x0.getShape(), r, form);
                double fm = loss(mixer, m, xs, i, -h, x0.getShape(), r, form);
                double fd = (fp - fm) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(scale, 1e-12));
            }
            assertTrue(worst < 1e-6, label + ": finite-difference mismatch " + worst);
        }
    }

    private static double loss(TokenMixer mixer, NDManager m, double[] xs, int i, double h, Shape s, NDArray r, MixerForm f) {
        double[] p = xs.clone();
        p[i] += h;
        try (NDManager sub = m.newSubManager()) {
            NDArray xp = sub.create(p, s);
            return mixer.mix(xp, f).mul(r).sum().getDouble();
        }
    }
}
