package org.linrepro.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fla-style op tests of the recurrent ops against golden values from an independent PyTorch
 * implementation ({@code lib/src/test/python/make_op_goldens.py}: float64 loops over time written from the
 * papers' equations, gradients by torch autograd; files under {@code resources/goldens}). Per case and per
 * form (recurrent; chunked with a chunk that divides nothing, one larger than T, and one block of T =
 * the parallel form): output, final state and the gradient of every input (q, k, v, β, g and the initial
 * state), in fp64 and fp32 — for the delta rule (DeltaNet, gated, β ∈ [0, 2)), decayed linear attention
 * (per-head decay = Mamba-2's SSD, per-channel = GLA) and softmax attention (causal and bidirectional, large
 * logits; no state) and S4's discrete SSM ({@code nn.ssm.SsmOps}: recurrence, chunked Toeplitz form, FFT
 * convolution with the Krylov kernel). Inputs come from a splitmix64 generator both sides compute bit for bit.
 *
 * <p>Comparison as fla's {@code assert_close}: max-abs error, then the RMS-relative ratio
 * rms(got − want) / rms(want). Large tensors are stored as 8 random projections and the sum of squares
 * (a few KB per case); the ratio is then taken over the projections, which is the RMS ratio of the error
 * seen through random directions. Tolerances, fixed before the first run:
 * <ul>
 *   <li>fp64 ratio 1e-10, max-abs 1e-9: the forms only reorder double sums (unit roundoff 1.1e-16) and the
 *       chunk form's Neumann-product inverse adds at most ⌈log2 C⌉ rounding layers; 1e-10 leaves 10^5–10^6
 *       roundoffs of headroom, far below any algebraic mistake (which shows as ratio ≈ 1e-2 or more).</li>
 *   <li>fp32 (inputs rounded to float, goldens in double) ratio 1e-4, max-abs 1e-3 × max|want|: unit
 *       roundoff 6e-8 over sums of up to T = 500 decayed terms and the triangular solve gives 1e-6–1e-5 in
 *       practice; 1e-4 is a thousand roundoffs of headroom, still far below an algebraic mistake.</li>
 * </ul>
 * Strong decays (log α down to −30 per step, cumulative −7500) check the chunked forms' "every exponent ≤ 0,
 * never overflows" promise: a form that exponentiates a positive cumulative sum gives inf/NaN here.
 */
class OpGoldensTest {

    private static final String[] CASES = {
        "delta_rule_T63", "gated_delta_rule_T75", "gated_delta_rule_T500_strong", "decayed_linear_head_T63",
        "decayed_linear_channel_T75_strong", "softmax_causal_T75", "softmax_bidirectional_T63",
        "decayed_linear_channel_T75_zero_state", "ssm_T75"};

    private static final Map<String, Double> WORST = new LinkedHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String c : CASES) {
            for (DataType dt : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                for (String form : new String[] {"recurrent", "chunk16", "chunk64", "parallel"}) {
                    if (form.equals("recurrent") && c.contains("bidirectional")) {
                        continue; // no recurrent form without causality
                    }
                    out.add(Arguments.of(c, dt, form));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void matchesTheGoldens(String name, DataType dt, String form) throws Exception {
        JsonNode gold = read(name);
        if (gold.get("op").asText().equals("ssm")) {
            ssmCase(name, gold, dt, form);
            return;
        }
        if (gold.get("op").asText().startsWith("softmax")) {
            softmaxCase(name, gold, dt, form);
            return;
        }
        boolean delta = gold.get("op").asText().equals("delta");
        int b = gold.get("B").asInt();
        int h = gold.get("H").asInt();
        int t = gold.get("T").asInt();
        int dk = gold.get("dk").asInt();
        int dv = gold.get("dv").asInt();
        int seed = gold.get("seed").asInt();
        String decay = gold.get("decay").isNull() ? null : gold.get("decay").asText();
        double strength = gold.get("strength").asDouble();
        double ratioTol = dt == DataType.FLOAT64 ? 1e-10 : 1e-4;
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, double[]> raw = new LinkedHashMap<>();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            raw.put("q", Splitmix.uniform(seed * 100L, b * h * t * dk, -1, 1));
            shapes.put("q", new Shape(b, h, t, dk));
            double[] k = Splitmix.uniform(seed * 100L + 1, b * h * t * dk, -1, 1);
            raw.put("k", delta ? Splitmix.unitRows(k, dk) : k);
            shapes.put("k", new Shape(b, h, t, dk));
            raw.put("v", Splitmix.uniform(seed * 100L + 2, b * h * t * dv, -1, 1));
            shapes.put("v", new Shape(b, h, t, dv));
            if (delta) {
                raw.put("beta", Splitmix.uniform(seed * 100L + 3, b * h * t, 0, 2));
                shapes.put("beta", new Shape(b, h, t));
            }
            if (decay != null) {
                int width = decay.equals("head") ? 1 : dk;
                raw.put("g", Splitmix.uniform(seed * 100L + 4, b * h * t * width, -strength, 0));
                shapes.put("g", delta ? new Shape(b, h, t) : new Shape(b, h, t, width));
            }
            boolean zeroState = gold.path("zeroState").asBoolean(false);
            double[] s0 = Splitmix.uniform(seed * 100L + 5, b * h * dk * dv, -1, 1);
            raw.put("s0", zeroState ? new double[s0.length] : s0);
            shapes.put("s0", new Shape(b, h, dk, dv));

            // the naive reference first: plain Java loops, forward only, full tensors
            NaiveRecurrences.Run naive = delta
                    ? NaiveRecurrences.delta(raw.get("q"), raw.get("k"), raw.get("v"), raw.get("beta"), raw.get("g"),
                            raw.get("s0"), b * h, t, dk, dv)
                    : NaiveRecurrences.decayedLinear(raw.get("q"), raw.get("k"), raw.get("v"), raw.get("g"),
                            decay.equals("head") ? 1 : dk, raw.get("s0"), b * h, t, dk, dv);
            check(name + " naive-java output", naive.output(), gold.get("output"), 1e-10, 1e-9);
            check(name + " naive-java state", naive.state(), gold.get("state"), 1e-10, 1e-9);

            Map<String, NDArray> leaves = new LinkedHashMap<>();
            for (String n : raw.keySet()) {
                NDArray a = m.create(raw.get(n), shapes.get(n)).toType(dt, false);
                a.setRequiresGradient(true);
                leaves.put(n, a);
            }
            double[] ro = Splitmix.uniform(seed * 100L + 6, b * h * t * dv, -1, 1);
            double[] rs = Splitmix.uniform(seed * 100L + 7, b * h * dk * dv, -1, 1);
            NDArray rO = m.create(ro, new Shape(b, h, t, dv)).toType(dt, false);
            NDArray rS = m.create(rs, new Shape(b, h, dk, dv)).toType(dt, false);
            OutputAndState r;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                r = run(delta, form, t, leaves, zeroState);
                NDArray loss = r.output().mul(rO).sum().add(r.state().mul(rS).sum());
                gc.backward(loss);
            }
            double maxAbsTolScale = dt == DataType.FLOAT64 ? 1e-9 : 1e-3;
            String at = name + " " + dt + " " + form;
            check(at + " output", values(r.output()), gold.get("output"), ratioTol, maxAbsTolScale);
            check(at + " state", values(r.state()), gold.get("state"), ratioTol, maxAbsTolScale);
            for (String n : leaves.keySet()) {
                if (n.equals("s0") && zeroState && form.equals("parallel")) {
                    continue; // the parallel op takes no initial state, so ds0 is not its to give
                }
                check(at + " d" + n, values(leaves.get(n).getGradient()), gold.get("grad").get(n), ratioTol,
                        maxAbsTolScale);
            }
        }
    }

    /** SsmOps (S4's discrete SSM per channel): H is the channel count D, dk the state size N. */
    private static void ssmCase(String name, JsonNode gold, DataType dt, String form) {
        int b = gold.get("B").asInt();
        int d = gold.get("H").asInt();
        int t = gold.get("T").asInt();
        int n = gold.get("dk").asInt();
        int seed = gold.get("seed").asInt();
        double r = gold.get("strength").asDouble();
        double[] u = Splitmix.uniform(seed * 100L, b * t * d, -1, 1);
        double[] a = Splitmix.uniform(seed * 100L + 1, d * n * n, -r / n, r / n);
        double[] bb = Splitmix.uniform(seed * 100L + 2, d * n, -1, 1);
        double[] c = Splitmix.uniform(seed * 100L + 3, d * n, -1, 1);
        check(name + " naive-java output", NaiveRecurrences.ssm(u, a, bb, c, b, t, d, n), gold.get("output"), 1e-10, 1e-9);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] x = {
                m.create(u, new Shape(b, t, d)).toType(dt, false), m.create(a, new Shape(d, n, n)).toType(dt, false),
                m.create(bb, new Shape(d, n)).toType(dt, false), m.create(c, new Shape(d, n)).toType(dt, false)};
            for (NDArray arr : x) {
                arr.setRequiresGradient(true);
            }
            NDArray rO = m.create(Splitmix.uniform(seed * 100L + 6, b * t * d, -1, 1), new Shape(b, t, d)).toType(dt, false);
            NDArray o;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                o = form.equals("recurrent") ? org.linrepro.nn.ssm.SsmOps.recurrent(x[0], x[1], x[2], x[3])
                        : form.equals("parallel")
                        ? org.linrepro.nn.ssm.SsmOps.convolve(x[0], org.linrepro.nn.ssm.SsmOps.kernel(x[1], x[2], x[3], t))
                        : org.linrepro.nn.ssm.SsmOps.chunked(x[0], x[1], x[2], x[3], form.equals("chunk16") ? 16 : 64);
                gc.backward(o.mul(rO).sum());
            }
            double ratioTol = dt == DataType.FLOAT64 ? 1e-10 : 1e-4;
            double maxAbsTolScale = dt == DataType.FLOAT64 ? 1e-9 : 1e-3;
            String at = name + " " + dt + " " + form;
            check(at + " output", values(o), gold.get("output"), ratioTol, maxAbsTolScale);
            String[] names = {"u", "a", "b", "c"};
            for (int i = 0; i < names.length; i++) {
                check(at + " d" + names[i], values(x[i].getGradient()), gold.get("grad").get(names[i]), ratioTol,
                        maxAbsTolScale);
            }
        }
    }

    private static void softmaxCase(String name, JsonNode gold, DataType dt, String form) {
        boolean causal = gold.get("op").asText().equals("softmax");
        int b = gold.get("B").asInt();
        int h = gold.get("H").asInt();
        int t = gold.get("T").asInt();
        int dk = gold.get("dk").asInt();
        int dv = gold.get("dv").asInt();
        int seed = gold.get("seed").asInt();
        double scale = gold.get("strength").asDouble();
        double[] q = Splitmix.uniform(seed * 100L, b * h * t * dk, -scale, scale);
        double[] k = Splitmix.uniform(seed * 100L + 1, b * h * t * dk, -1, 1);
        double[] v = Splitmix.uniform(seed * 100L + 2, b * h * t * dv, -1, 1);
        check(name + " naive-java output", NaiveRecurrences.softmax(q, k, v, causal, b * h, t, dk, dv), gold.get("output"),
                1e-10, 1e-9);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] x = {
                m.create(q, new Shape(b, h, t, dk)).toType(dt, false), m.create(k, new Shape(b, h, t, dk)).toType(dt, false),
                m.create(v, new Shape(b, h, t, dv)).toType(dt, false)};
            for (NDArray a : x) {
                a.setRequiresGradient(true);
            }
            NDArray rO = m.create(Splitmix.uniform(seed * 100L + 6, b * h * t * dv, -1, 1), new Shape(b, h, t, dv))
                    .toType(dt, false);
            int chunk = form.equals("chunk16") ? 16 : 64;
            NDArray o;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                o = form.equals("recurrent") ? SoftmaxAttentionOps.recurrent(x[0], x[1], x[2])
                        : form.equals("parallel") ? SoftmaxAttentionOps.parallel(x[0], x[1], x[2], causal)
                        : SoftmaxAttentionOps.chunked(x[0], x[1], x[2], causal, chunk);
                gc.backward(o.mul(rO).sum());
            }
            double ratioTol = dt == DataType.FLOAT64 ? 1e-10 : 1e-4;
            double maxAbsTolScale = dt == DataType.FLOAT64 ? 1e-9 : 1e-3;
            String at = name + " " + dt + " " + form;
            check(at + " output", values(o), gold.get("output"), ratioTol, maxAbsTolScale);
            String[] names = {"q", "k", "v"};
            for (int i = 0; i < 3; i++) {
                check(at + " d" + names[i], values(x[i].getGradient()), gold.get("grad").get(names[i]), ratioTol,
                        maxAbsTolScale);
            }
        }
    }

    private static OutputAndState run(boolean delta, String form, int t, Map<String, NDArray> x, boolean zeroState) {
        NDArray q = x.get("q");
        NDArray k = x.get("k");
        NDArray v = x.get("v");
        NDArray g = x.get("g");
        NDArray s0 = x.get("s0");
        int chunk = form.equals("chunk16") ? 16 : form.equals("chunk64") ? 64 : t;
        if (delta) {
            NDArray beta = x.get("beta");
            if (form.equals("recurrent")) {
                return DeltaRuleOps.recurrent(q, k, v, beta, g, s0);
            }
            return form.equals("parallel") ? DeltaRuleOps.parallel(q, k, v, beta, g, s0)
                    : DeltaRuleOps.chunked(q, k, v, beta, g, s0, chunk);
        }
        if (form.equals("parallel") && zeroState) {
            // the quadratic reference itself (it starts from zeros and returns no state; the state is the one-block
            // chunked form's, and ds0 is not checked for this form)
            NDArray o = LinearAttentionOps.parallel(q, k, v, g, true);
            return new OutputAndState(o, LinearAttentionOps.chunked(q, k, v, g, s0, t).state());
        }
        return form.equals("recurrent") ? LinearAttentionOps.recurrent(q, k, v, g, s0)
                : LinearAttentionOps.chunked(q, k, v, g, s0, chunk);
    }

    private static double[] values(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /**
     * fla-style check of {@code got} against a golden record: full values where stored (max-abs ≤ scale ×
     * max(1, max|want|), RMS ratio ≤ ratioTol), else the same two measures over the 8 projections (the
     * max-abs bound scaled by √N, the size of a projection of N independent errors).
     */
    static void check(String what, double[] got, JsonNode rec, double ratioTol, double maxAbsScale) {
        long n = 1;
        for (JsonNode d : rec.get("shape")) {
            n *= d.asLong();
        }
        assertEquals(n, got.length, what + ": size");
        double[] mine;
        double[] want;
        double bound;
        if (rec.has("values")) {
            mine = got;
            want = doubles(rec.get("values"));
            bound = maxAbsScale * Math.max(1, maxAbs(want));
        } else {
            mine = Splitmix.projections(got, 8);
            want = doubles(rec.get("proj"));
            bound = maxAbsScale * Math.max(1, Math.sqrt(rec.get("sumsq").asDouble())) ;
        }
        double worstAbs = 0;
        double se = 0;
        double sw = 0;
        for (int i = 0; i < mine.length; i++) {
            assertTrue(Double.isFinite(mine[i]), what + ": non-finite value at " + i);
            double e = mine[i] - want[i];
            worstAbs = Math.max(worstAbs, Math.abs(e));
            se += e * e;
            sw += want[i] * want[i];
        }
        double ratio = sw == 0 ? Math.sqrt(se) : Math.sqrt(se / sw);
        record(what.contains("float32") ? "fp32" : "fp64", ratio, what);
        assertTrue(worstAbs <= bound, what + ": max-abs error " + worstAbs + " > " + bound);
        assertTrue(ratio <= ratioTol, what + ": RMS ratio " + ratio + " > " + ratioTol);
    }

    private static double maxAbs(double[] x) {
        double r = 0;
        for (double v : x) {
            r = Math.max(r, Math.abs(v));
        }
        return r;
    }

    private static double[] doubles(JsonNode a) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asDouble();
        }
        return r;
    }

    private static JsonNode read(String name) throws Exception {
        try (InputStream in = OpGoldensTest.class.getResourceAsStream("/goldens/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing golden file goldens/" + name + ".json; run make_op_goldens.py");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    private static final Map<String, String> WORST_AT = new LinkedHashMap<>();

    private static synchronized void record(String key, double ratio, String where) {
        if (ratio >= WORST.getOrDefault(key, -1.0)) {
            WORST.put(key, ratio);
            WORST_AT.put(key, where);
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("OpGoldensTest: worst RMS ratio fp64 %.3g (%s), fp32 %.3g (%s)%n", WORST.getOrDefault("fp64",
                Double.NaN), WORST_AT.get("fp64"), WORST.getOrDefault("fp32", Double.NaN), WORST_AT.get("fp32"));
    }
}
