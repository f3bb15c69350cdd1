package org.linrepro.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;

/**
 * For every registered mixer and direction it defines: the parallel, recurrent and chunked forms
 * give the same outputs, input gradients and parameter gradients (fp32, 1e-4 relative), across
 * chunk sizes that divide the length (4, 16), do not (3, 5) and exceed it (32); and causal
 * mixers are causal in every form.
 */
class MixerFormsTest {

    static final int DIM = 8;
    static final int HEADS = 2;
    static final long BATCH = 2;
    static final long LEN = 16;
    static final int[] CHUNKS = {3, 4, 5, 16, 32};
    static final double TOL = 1e-4;

    private static double worst;
    private static String worstCase = "";

    /** (label, id, config): every id in both directions it defines, plus non-default variants. */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String id : MixerRegistry.ids()) {
            for (boolean causal : new boolean[] {true, false}) {
                try {
                    MixerConfig c = MixerRegistry.defaults(id, DIM, HEADS, causal);
                    out.add(Arguments.of(id + (causal ? " causal" : " bidirectional"), id, c));
                } catch (IllegalArgumentException notDefined) {
                    // e.g. retention has no bidirectional form
                }
            }
        }
        out.addAll(TestVariants.extra(DIM, HEADS));
        return out.stream();
    }

    /** The id's default config with another chunk size (records are rebuilt via their canonical constructor). */
    static MixerConfig withChunk(MixerConfig c, int chunk) {
        try {
            var comps = c.getClass().getRecordComponents();
            Object[] args = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            for (int i = 0; i < comps.length; i++) {
                Method acc = comps[i].getAccessor();
                args[i] = comps[i].getName().equals("chunkSize") ? chunk : acc.invoke(c);
                types[i] = comps[i].getType();
            }
            return (MixerConfig) c.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formsAgree(String label, String id, MixerConfig base) {
        boolean causal = base.causal();
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            NDArray x = m.randomNormal(new Shape(BATCH, LEN, DIM));
            NDArray r = m.randomNormal(new Shape(BATCH, LEN, DIM));
            TokenMixer refMixer = MixerTestSupport.build(m, id, base, 11, DataType.FLOAT32, BATCH, LEN);
            List<NDArray> ref = MixerTestSupport.forwardBackward(refMixer, x, r, MixerForm.PARALLEL);
            List<String> runs = new ArrayList<>();
            if (refMixer.forms().contains(MixerForm.RECURRENT)) {
                runs.add("recurrent");
            }
            for (int c : CHUNKS) {
                runs.add("chunk" + c);
            }
            for (String run : runs) {
                MixerForm form = run.equals("recurrent") ? MixerForm.RECURRENT : MixerForm.CHUNKED;
                MixerConfig cfg = run.equals("recurrent") ? base : withChunk(base, Integer.parseInt(run.substring(5)));
                TokenMixer mixer = MixerTestSupport.build(m, id, cfg, 11, DataType.FLOAT32, BATCH, LEN);
                List<NDArray> got = MixerTestSupport.forwardBackward(mixer, x, r, form);
                assertEquals(ref.size(), got.size(), "number of gradients");
                for (int i = 0; i < ref.size(); i++) {
                    double e = MixerTestSupport.rel(got.get(i), ref.get(i));
                    String what = i == 0 ? "output" : i == 1 ? "input gradient" : "parameter gradient #" + (i - 2);
                    record(e, label + " " + run + " " + what);
                    assertTrue(e < TOL, label + " " + run + " " + what + ": relative error " + e);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void causality(String label, String id, MixerConfig base) {
        if (!base.causal()) {
            return;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            MixerConfig cfg = withChunk(base, 5);
            TokenMixer mixer = MixerTestSupport.build(m, id, cfg, 3, DataType.FLOAT32, BATCH, LEN);
            Engine.getInstance().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(BATCH, LEN, DIM));
            long t0 = 9;
            NDArray x2 = x.duplicate();
            x2.set(new NDIndex(":, {}:, :", t0), m.randomNormal(new Shape(BATCH, LEN - t0, DIM)).mul(3));
            for (MixerForm form : mixer.forms()) {
                NDArray y = mixer.mix(x, form);
                NDArray y2 = mixer.mix(x2, form);
                NDArray past = y.get(new NDIndex(":, 0:{}, :", t0));
                NDArray past2 = y2.get(new NDIndex(":, 0:{}, :", t0));
                double e = MixerTestSupport.rel(past2, past);
                assertTrue(e < 1e-6, label + " " + form + ": past outputs changed by " + e);
                double future = MixerTestSupport.rel(y2.get(new NDIndex(":, {}:, :", t0)), y.get(new NDIndex(":, {}:, :", t0)));
                assertTrue(future > 1e-3, label + " " + form + ": future outputs did not react");
            }
        }
    }

    private static synchronized void record(double e, String where) {
        if (e > worst) {
            worst = e;
            worstCase = where;
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("MixerFormsTest: max relative error %.3g (%s)%n", worst, worstCase);
    }
}
