// linrepro's side of the side-by-side op benchmark with ../shared/perf/torch_attention_bench.py.
//
// The same mixers, shapes and timing protocol as the torch script: q, k, v [1, 4, T, 64] fp32, chunk 64;
// fwd = forward without autograd; fwd+bwd = forward plus backward of the output with a ones seed gradient
// that, as on the torch side, is made before the clock starts; 2 warm-ups, then >= 5 runs until >= 1 s,
// median. Nothing is copied back to Java inside the timed region (the torch side copies nothing either;
// PyTorch's CPU ops have returned their result when the call returns, on both sides).
// ../shared/perf/djl_core_bench.jsh times the same ops but creates the seed inside the timed region and
// copies the whole output or gradient to a Java array per run: about 2-5 ms at T = 8192 that the torch
// side does not pay. Both harnesses are run by scripts/perf/compare.sh.
//
// Run: jshell -R-Dai.djl.pytorch.num_threads=2 -R-Dai.djl.pytorch.num_interop_threads=2 --class-path "$CP" \
//        -R-DOUT=djl.json -R-DLENGTHS=512,1024,2048,4096,8192 scripts/perf/djl_ops_bench.jsh
// Mixers (names as in the torch script): softmax (written out), linear-elu-chunk (1+elu, normaliser, chunk 64:
// what the linear-elu mixer runs), lightning-plain (per-head constant decay, no feature map, no normaliser,
// chunk 64: what the lightning mixer runs), deltanet-chunk (scripts/perf/torch_delta_bench.py has its torch twin);
// mamba2-chunk, gla-chunk, mom-chunk, gated-deltanet-chunk, deltaproduct-chunk (torch twins and what each is:
// scripts/perf/torch_forms_bench.py).
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.linrepro.nn.ops.*;
import java.util.*;
import java.nio.file.*;

int B = 1, H = 4, D = 64, C = 64;
String[] ls = System.getProperty("LENGTHS", "512,1024,2048,4096,8192").split(",");
String[] mixers = System.getProperty("MIXERS", "softmax,linear-elu-chunk,lightning-plain").split(",");
String outPath = System.getProperty("OUT", "djl-ops.json");
NDManager root = NDManager.newBaseManager();

NDArray lin(NDArray q, NDArray k, NDArray v) {
    NDArray qf = Tensors.eluPlusOne(q), kf = Tensors.eluPlusOne(k);
    return LinearAttentionOps.chunkedNormalized(qf, kf, v, C, 1e-6); // what the linear-elu mixer runs (causal, chunked)
}
NDArray g(NDManager m) {
    float[] s = new float[H];
    for (int h = 0; h < H; h++) s[h] = (float) -Math.pow(2, -8.0 * (h + 1) / H);
    return m.create(s).reshape(1, H, 1, 1);
}
NDArray run(String mixer, NDArray q, NDArray k, NDArray v, NDArray decay) {
    switch (mixer) {
        case "softmax": return SoftmaxAttentionOps.parallel(q.mul(1.0 / Math.sqrt(D)), k, v, true);
        case "linear-elu-chunk": return lin(q, k, v);
        case "lightning-plain": return LinearAttentionOps.chunked(q, k, v, decay, true, C);
        case "deltanet-chunk": {
            // DeltaNet's chunked WY form (what the deltanet mixer runs): L2-normalised keys, β = sigmoid(q_0)
            NDArray beta = ai.djl.nn.Activation.sigmoid(q.get(new ai.djl.ndarray.index.NDIndex("..., 0")));
            return DeltaRuleOps.chunked(q, l2(k), v, beta, null, null, C).output();
        }
        // the newer mixers' chunked forms; scripts/perf/torch_forms_bench.py has their torch twins and says what each is
        case "mamba2-chunk": return LinearAttentionOps.chunked(q, k, v, Tensors.logSigmoid(q.get(new ai.djl.ndarray.index.NDIndex("..., 0:1"))), true, 64);
        case "gla-chunk": return LinearAttentionOps.chunked(q, k, v, Tensors.div(Tensors.logSigmoid(k), 16.0), true, 16);
        case "mom-chunk": return LinearAttentionOps.chunked(q, k, v, null, true, 64);
        case "gated-deltanet-chunk": {
            NDArray beta = ai.djl.nn.Activation.sigmoid(q.get(new ai.djl.ndarray.index.NDIndex("..., 0")));
            NDArray gate = Tensors.logSigmoid(q.get(new ai.djl.ndarray.index.NDIndex("..., 1")));
            return DeltaRuleOps.chunked(q, l2(k), v, beta, gate, null, C).output();
        }
        case "deltaproduct-chunk": {
            // n_h = 2: the delta rule on the 2T sub-steps, queries zero at each token's first sub-step
            Shape qs = q.getShape();
            NDArray q2 = q.getManager().zeros(new Shape(qs.get(0), qs.get(1), qs.get(2), 1, qs.get(3)))
                    .concat(q.expandDims(3), 3).reshape(qs.get(0), qs.get(1), 2 * qs.get(2), qs.get(3));
            NDArray beta = Tensors.mul(ai.djl.nn.Activation.sigmoid(k.get(new ai.djl.ndarray.index.NDIndex("..., 0"))), 2.0);
            NDArray o = DeltaRuleOps.chunked(q2, l2(k), v, beta, null, null, 2 * C).output();
            return o.reshape(qs.get(0), qs.get(1), qs.get(2), 2, qs.get(3)).get(new ai.djl.ndarray.index.NDIndex(":, :, :, 1"));
        }
        default: throw new IllegalArgumentException("unknown mixer " + mixer);
    }
}
NDArray l2(NDArray k) { return k.div(k.square().sum(new int[] {-1}, true).add(1e-6).sqrt()); }
// q shape and k/v shape of a mixer's benchmark at T tokens (as torch_forms_bench.py's shapes())
Shape qShape(String mixer, int T) { return new Shape(B, mixer.equals("mom-chunk") ? 20 : H, T, D); }
Shape kvShape(String mixer, int T) { return new Shape(B, mixer.equals("mom-chunk") ? 20 : H, mixer.equals("deltaproduct-chunk") ? 2 * T : T, D); }
double median(List<Double> xs) { List<Double> s = new ArrayList<>(xs); Collections.sort(s); int n = s.size(); return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2; }
double time(String mixer, int T, boolean bwd) {
    List<Double> ts = new ArrayList<>();
    double total = 0; int i = 0;
    while (i < 2 + 5 || (total < 1.0 && i < 2 + 30)) {
        try (NDManager m = root.newSubManager()) {
            NDArray q = m.randomNormal(qShape(mixer, T)), k = m.randomNormal(kvShape(mixer, T)), v = m.randomNormal(kvShape(mixer, T));
            NDArray decay = g(m);
            NDArray seed = m.ones(qShape(mixer, T));
            long t0;
            double dt;
            if (bwd) {
                q.setRequiresGradient(true); k.setRequiresGradient(true); v.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    t0 = System.nanoTime();
                    NDArray o = run(mixer, q, k, v, decay);
                    JniUtils.backward((PtNDArray) o, (PtNDArray) seed, false, false);
                    dt = (System.nanoTime() - t0) / 1e6;
                }
            } else {
                t0 = System.nanoTime();
                run(mixer, q, k, v, decay);
                dt = (System.nanoTime() - t0) / 1e6;
            }
            if (i >= 2) { ts.add(dt); total += dt / 1e3; }
        }
        i++;
    }
    return median(ts);
}
// JVM warm-up, which the torch side has no need of: every mixer runs fwd and fwd+bwd at the smallest length
// for about 3 s in all before anything is timed, so the JIT has compiled DJL's Java side (without this, the
// first lengths measured are inflated by compilation, not by the ops).
long warmEnd = System.nanoTime() + 3_000_000_000L;
while (System.nanoTime() < warmEnd) {
    for (String mixer : mixers) { time(mixer, Integer.parseInt(ls[0].trim()), false); time(mixer, Integer.parseInt(ls[0].trim()), true); }
}
StringBuilder js = new StringBuilder("[\n");
boolean first = true;
for (String mixer : mixers) {
    for (String l : ls) {
        int T = Integer.parseInt(l.trim());
        double f = time(mixer, T, false), fb = time(mixer, T, true);
        System.out.printf("%-18s T=%-6d fwd %9.2f ms  fwd+bwd %9.2f ms%n", mixer, T, f, fb);
        js.append(first ? "" : ",\n").append(String.format(Locale.ROOT,
                "{\"mixer\":\"%s\",\"length\":%d,\"fwdMs\":%.4f,\"fwdBwdMs\":%.4f}", mixer, T, f, fb));
        first = false;
    }
}
js.append("\n]\n");
Files.writeString(Path.of(outPath), js.toString());
System.out.println("wrote " + outPath);
/exit
