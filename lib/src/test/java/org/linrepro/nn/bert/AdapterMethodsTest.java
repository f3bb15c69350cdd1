package org.linrepro.nn.bert;

import static org.linrepro.nn.bert.AdapterBehaviourTest.maxDiff;
import static org.linrepro.nn.bert.AdapterBehaviourTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linrepro.nn.adapters.AdaptedLinear;
import org.linrepro.nn.adapters.AdapterMethods;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.Architectures;
import org.linrepro.nn.adapters.CompacterAdapter;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.Eva;
import org.linrepro.nn.adapters.LinearMap;
import org.linrepro.nn.adapters.LinearSite;
import org.linrepro.nn.adapters.LoraLinear;
import org.linrepro.nn.adapters.LoraSbLinear;
import org.linrepro.nn.adapters.NloraLinear;
import org.linrepro.nn.adapters.NolaLinear;
import org.linrepro.nn.adapters.PhmLinear;
import org.linrepro.nn.adapters.Role;
import org.linrepro.linalg.Svd;
import org.linrepro.train.Adam;

/**
 * Every trainable method on a small random encoder: function unchanged at initialisation where the method starts
 * from a zero update, merge then unmerge restores the weights, frozen arrays get no gradient and no update; and
 * on the real MiniLM shapes, the trainable arrays the layers allocate add up to {@code adapters count}.
 */
class AdapterMethodsTest {
    private static final BertConfig TINY = AdapterBehaviourTest.TINY;
    private static final Tokenized INPUT = AdapterBehaviourTest.INPUT;

    /** Small-encoder options: ranks that fit width 24 / FFN 48, small NOLA bases. */
    private static AdapterOptions tinyOptions(String method) {
        return switch (method) {
            case "nola" -> AdapterOptions.rank(4).with("basis", 16);
            case "bone" -> AdapterOptions.rank(8);
            case "s2ft" -> AdapterOptions.rank(4).with("heads", 2);
            case "hydra" -> AdapterOptions.defaults().with("parallelRank", 3).with("sequentialRank", 5);
            case "lora-sb", "hut", "flora", "nlora", "lora", "eva" -> AdapterOptions.rank(4);
            case "compacter", "compacter++" -> AdapterOptions.defaults().with("reduction", 3).with("n", 2);
            default -> AdapterOptions.defaults();
        };
    }

    private static BertEncoder build(NDManager m, String method, long seed) {
        BertEncoder e = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(seed));
        BertAdapters.install(e, method, tinyOptions(method), new Random(seed), INPUT);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "eva", "nola", "hydra", "bone", "hut", "flora", "lora-sb", "s2ft", "compacter",
        "compacter++"})
    void zeroStartMethodsLeaveTheFunctionExactlyUnchanged(String method) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] before;
            try (BertEncoder plain = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(11))) {
                before = run(plain, m);
            }
            try (BertEncoder e = build(m, method, 11)) {
                assertTrue(e.trainable().size() > 0, method + " trains nothing");
                assertEquals(0.0, maxDiff(before, run(e, m)), method + " changes the output at init");
            }
        }
    }

    /** Every slot's adapter trainables moved off their start, so ΔW ≠ 0. */
    private static void perturb(BertEncoder e, NDManager m) {
        for (NDArray a : e.trainable()) {
            a.addi(m.randomNormal(a.getShape()).mul(0.05));
        }
    }

    @Test
    void ssfIsTheIdentityWithUnitScaleAndZeroShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] before;
            try (BertEncoder plain = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(18))) {
                before = run(plain, m);
            }
            try (BertEncoder e = build(m, "ssf", 18)) {
                assertTrue(maxDiff(before, run(e, m)) > 1e-4, "SSF's N(1, 0.02) start should perturb the output");
                for (int i = 0; i < TINY.layers(); i++) {
                    for (Role r : Role.values()) {
                        ((org.linrepro.nn.adapters.SsfLinear) e.linear(i, r)).scaleShift().identity();
                    }
                }
                for (int site = 0; site < e.normSites(); site++) {
                    ((org.linrepro.nn.adapters.SsfLinear.ScaleShift) e.normAdapter(site)).identity();
                }
                assertEquals(0.0, maxDiff(before, run(e, m)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nola", "hydra", "bone", "hut", "flora", "lora-sb", "s2ft", "ssf", "nlora"})
    void mergeThenUnmergeRestoresTheWeights(String method) {
        try (NDManager m = NDManager.newBaseManager(); BertEncoder e = build(m, method, 12)) {
            perturb(e, m);
            float[] adapted = run(e, m);
            List<AdaptedLinear> slots = new ArrayList<>();
            List<float[]> w0 = new ArrayList<>();
            List<float[]> b0 = new ArrayList<>();
            for (int i = 0; i < TINY.layers(); i++) {
                for (Role r : Role.values()) {
                    if (e.linear(i, r) instanceof AdaptedLinear al) {
                        slots.add(al);
                        w0.add(al.base().weight().toFloatArray());
                        b0.add(al.base().bias().toFloatArray());
                    }
                }
            }
            assertFalse(slots.isEmpty());
            slots.forEach(AdaptedLinear::merge);
            assertTrue(maxDiff(adapted, run(e, m)) < 2e-5, method + ": merged model differs");
            double moved = 0;
            for (int k = 0; k < slots.size(); k++) {
                moved = Math.max(moved, maxDiff(w0.get(k), slots.get(k).base().weight().toFloatArray()));
            }
            assertTrue(moved > 1e-4, method + ": merge did not change W");
            slots.forEach(AdaptedLinear::unmerge);
            for (int k = 0; k < slots.size(); k++) {
                assertTrue(maxDiff(w0.get(k), slots.get(k).base().weight().toFloatArray()) < 1e-6);
                assertTrue(maxDiff(b0.get(k), slots.get(k).base().bias().toFloatArray()) < 1e-6);
            }
            assertTrue(maxDiff(adapted, run(e, m)) < 1e-6, method + ": unmerged model differs");
        }
    }

    /** Every array of the model: the slots' frozen bases, fixed adapter tensors, embeddings and norms. */
    private static List<NDArray> frozenArrays(BertEncoder e) {
        List<NDArray> out = new ArrayList<>(e.nonLinearParameters());
        for (int i = 0; i < TINY.layers(); i++) {
            for (Role r : Role.values()) {
                LinearMap l = e.linear(i, r);
                Dense d = l instanceof Dense dd ? dd : l instanceof AdaptedLinear al ? al.base()
                        : l instanceof LoraLinear ll ? ll.base() : ((CompacterAdapter) l).base();
                out.add(d.weight());
                out.add(d.bias());
                if (l instanceof LoraSbLinear sb) {
                    out.add(sb.a());
                    out.add(sb.b());
                }
                if (l instanceof NloraLinear nl) {
                    out.add(nl.a());
                    out.add(nl.b());
                }
            }
        }
        Set<NDArray> trainable = Collections.newSetFromMap(new IdentityHashMap<>());
        trainable.addAll(e.trainable());
        out.removeIf(trainable::contains);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "pissa", "eva", "nola", "hydra", "bone", "hut", "flora", "lora-sb", "s2ft", "ssf",
        "compacter", "compacter++", "nlora", "moment-probing+", "linear-probe"})
    void frozenArraysGetNoGradientAndNoUpdate(String method) {
        AdapterOptions o = method.equals("nlora") ? tinyOptions(method).with("inttune", true) : tinyOptions(method);
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder e = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(13))) {
            BertAdapters.install(e, method, o, new Random(13), INPUT);
            List<NDArray> params = e.trainable();
            List<NDArray> frozen = frozenArrays(e);
            Map<NDArray, float[]> before = new IdentityHashMap<>();
            frozen.forEach(a -> before.put(a, a.toFloatArray()));
            List<float[]> p0 = params.stream().map(NDArray::toFloatArray).toList();
            Adam adam = Adam.standard(params);
            for (int step = 0; step < (params.isEmpty() ? 0 : 2); step++) {
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray h = e.forward(INPUT.idsArray(sm), INPUT.typeIdsArray(sm), INPUT.maskArray(sm));
                    gc.backward(h.square().mean());
                }
                adam.step(1e-2);
            }
            for (NDArray a : frozen) {
                assertFalse(a.hasGradient(), method + ": a frozen array of shape " + a.getShape() + " has a gradient");
                assertEquals(0.0, maxDiff(before.get(a), a.toFloatArray()), method + ": a frozen array moved");
            }
            double moved = 0;
            for (int k = 0; k < params.size(); k++) {
                moved = Math.max(moved, maxDiff(p0.get(k), params.get(k).toFloatArray()));
            }
            assertEquals(method.equals("linear-probe"), moved == 0, method + ": trainable arrays moved: " + moved);
        }
    }

    @Test
    void evaRowsAreTheTopRightSingularVectorsOfTheActivations() {
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder e = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(14))) {
            List<LinearSite> q = BertAdapters.sites(e, AdapterOptions.rank(4, "query"));
            NDArray x = BertAdapters.activations(e, q, INPUT).get(1); // layer 1: input is a hidden state
            assertEquals(8, x.getShape().get(0)); // real tokens only
            BertAdapters.install(e, "eva", AdapterOptions.rank(4, "query"), new Random(1), INPUT);
            float[] a = ((LoraLinear) e.linear(1, Role.QUERY)).a().toFloatArray();
            // independent route: Jacobi SVD of X itself (the layer used XᵀX)
            Svd svd = Svd.of(x.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray(), 8, 24);
            for (int k = 0; k < 4; k++) {
                double dot = 0;
                for (int j = 0; j < 24; j++) {
                    dot += a[k * 24 + j] * svd.v()[j][k];
                }
                assertEquals(1.0, Math.abs(dot), 1e-4, "row " + k + " is not the k-th right-singular vector");
            }
            assertEquals(0.0, ((LoraLinear) e.linear(1, Role.QUERY)).b().abs().max().getFloat());
        }
    }

    @Test
    void loraSbStartsFromTheRankRApproximationOfTheSignGradientStep() {
        try (NDManager m = NDManager.newBaseManager(); BertEncoder e = build(m, "lora-sb", 17)) {
            java.util.function.Function<NDManager, NDArray> loss = sm ->
                    e.forward(INPUT.idsArray(sm), INPUT.typeIdsArray(sm), INPUT.maskArray(sm)).square().mean();
            // the full-fine-tuning gradient of layer 1's FFN output weight, taken on a plain copy
            float[] g;
            try (BertEncoder plain = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(17))) {
                Dense d = (Dense) plain.linear(1, Role.FFN_OUT);
                d.weight().setRequiresGradient(true);
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(plain.forward(INPUT.idsArray(sm), INPUT.typeIdsArray(sm), INPUT.maskArray(sm))
                            .square().mean());
                }
                g = d.weight().getGradient().toFloatArray();
            }
            double lr = 1e-3;
            BertAdapters.initLoraSbFromGradient(e, loss, lr);
            LoraSbLinear l = (LoraSbLinear) e.linear(1, Role.FFN_OUT);
            assertFalse(l.base().weight().hasGradient(), "the base weight stays frozen");
            double[] step = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                step[i] = -lr * Math.signum(g[i]);
            }
            Svd ref = Svd.of(step, 24, 48); // the sign step's SVD, computed here from the plain model's gradient
            float[] delta = l.deltaWeight().toFloatArray();
            for (int i = 0; i < 24; i++) {
                for (int j = 0; j < 48; j++) {
                    double v = 0;
                    for (int k = 0; k < 4; k++) {
                        v += ref.u()[i][k] * ref.s()[k] * ref.v()[j][k];
                    }
                    assertEquals(v, delta[i * 48 + j], 1e-6, "ΔW is not the rank-4 approximation");
                }
            }
            assertEquals(List.of(l.latent()), l.trainable());
        }
    }

    @Test
    void evaRedistributesTheRankBudgetByExplainedVariance() {
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder e = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(19))) {
            AdapterOptions o = AdapterOptions.rank(4, "query", "ffn-in").with("rho", 2);
            List<LinearSite> s = BertAdapters.sites(e, o);
            List<Svd> comps = BertAdapters.activations(e, s, INPUT).stream().map(Eva::components).toList();
            int[] ranks = Eva.allocate(comps, 4, 2);
            assertEquals(4 * s.size(), java.util.Arrays.stream(ranks).sum(), "budget Σ r");
            // the smallest ratio taken is at least the largest left out, within each layer's cap of 8
            double taken = Double.MAX_VALUE;
            double left = 0;
            for (int i = 0; i < s.size(); i++) {
                double total = java.util.Arrays.stream(comps.get(i).s()).sum();
                assertTrue(ranks[i] <= 8);
                for (int k = 0; k < 8; k++) {
                    double ratio = comps.get(i).s()[k] / total;
                    if (k < ranks[i]) {
                        taken = Math.min(taken, ratio);
                    } else {
                        left = Math.max(left, ratio);
                    }
                }
            }
            assertTrue(taken >= left, "a larger explained-variance ratio was left out");
            assertTrue(java.util.Arrays.stream(ranks).anyMatch(k -> k != 4), "no redistribution happened");
            BertAdapters.install(e, "eva", o, new Random(1), INPUT);
            for (int i = 0; i < s.size(); i++) {
                LinearMap l = e.linear(s.get(i).layer(), s.get(i).role());
                assertEquals(ranks[i], l instanceof LoraLinear ll ? (int) ll.a().getShape().get(0) : 0);
            }
            assertArrayEquals(new int[] {4, 4, 4}, Eva.allocate(comps.subList(0, 3), 4, 1));
        }
    }

    @Test
    void nloraStartsFromSlicesOfW() {
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder e = new BertEncoder(m, TINY, AdapterBehaviourTest.randomWeights(15))) {
            float[] w = ((Dense) e.linear(0, Role.VALUE)).weight().toFloatArray();
            BertAdapters.install(e, "nlora", AdapterOptions.rank(3), new Random(1));
            NloraLinear l = (NloraLinear) e.linear(0, Role.VALUE);
            float[] n = l.n().toFloatArray();
            float[] a = l.a().toFloatArray();
            float[] b = l.b().toFloatArray();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(w[i * 24 + j], n[i * 3 + j], 0f);
                }
                for (int j = 0; j < 24; j++) {
                    assertEquals(w[i * 24 + j], a[i * 24 + j], 0f);
                    assertEquals(w[j * 24 + i], b[j * 3 + i], 0f);
                }
            }
            assertEquals(3, l.trainable().size());
        }
    }

    @Test
    void phmWeightIsTheSumOfKroneckerProducts() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random rng = new Random(3);
            int n = 2;
            NDArray rule = CompacterAdapter.newRule(m, n, rng);
            PhmLinear p = new PhmLinear(rule, 6, 4, n, 2, false, rng);
            float[] w = p.weight().toFloatArray(); // (6, 4)
            float[] r = rule.toFloatArray();
            // blocks B_i = L_i R_i from the layer's own factors
            List<NDArray> t = p.trainable();
            float[] blocks = t.get(0).matMul(t.get(1)).toFloatArray(); // (n, 3, 2)
            for (int row = 0; row < 6; row++) {
                for (int col = 0; col < 4; col++) {
                    double v = 0;
                    for (int i = 0; i < n; i++) {
                        v += r[i * 4 + (row / 3) * 2 + col / 2] * blocks[i * 6 + (row % 3) * 2 + col % 2];
                    }
                    assertEquals(v, w[row * 4 + col], 1e-5);
                }
            }
        }
    }

    @Test
    void nolaTrainsOnlyItsCoefficients() {
        try (NDManager m = NDManager.newBaseManager(); BertEncoder e = build(m, "nola", 16)) {
            NolaLinear l = (NolaLinear) e.linear(0, Role.QUERY);
            assertEquals(List.of(16L, 16L), l.trainable().stream().map(a -> a.getShape().size()).toList());
            assertEquals(0.0, l.b().abs().max().getFloat());
        }
    }

    /** Options for the count: the layer-only scale options are not part of the shapes. */
    private static final String[] COUNTED = {"lora", "eva", "nola", "hydra", "bone", "hut", "flora", "nlora", "lora-sb",
        "s2ft", "ssf", "compacter", "compacter++", "full", "linear-probe"};

    @Test
    void trainableArraysOnMiniLmEqualTheCount() {
        Architecture arch = Architectures.byId("minilm-l6");
        BertWeights w = MiniLm.weights();
        Tokenized calibration = new Tokenized(new long[][] {{101, 7592, 2088, 999, 102, 2023, 2003, 102}},
                new long[][] {{0, 0, 0, 0, 0, 0, 0, 0}}, new long[][] {{1, 1, 1, 1, 1, 1, 1, 1}});
        StringBuilder report = new StringBuilder();
        for (String method : COUNTED) {
            AdapterOptions o = method.equals("nola") ? AdapterOptions.defaults().with("basis", 16)
                    : method.equals("eva") ? AdapterOptions.rank(8, "query")
                    : method.equals("s2ft") ? AdapterOptions.defaults().with("heads", 3) : AdapterOptions.defaults();
            try (NDManager m = NDManager.newBaseManager(); BertEncoder e = new BertEncoder(m, BertConfig.miniLmL6(), w)) {
                BertAdapters.install(e, method, o, new Random(1), calibration);
                long built = e.trainable().stream().mapToLong(a -> a.getShape().size()).sum();
                long counted = AdapterMethods.count("minilm-l6", method, o, 0);
                if (method.equals("full")) {
                    counted -= (long) arch.hidden() * arch.hidden() + arch.hidden(); // our encoder has no pooler
                }
                report.append(method).append(' ').append(built).append('\n');
                assertEquals(counted, built, method + ": built layers and count disagree");
            }
        }
        System.out.print(report);
    }
}
