package org.linrepro.repro.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.linrepro.bench.AttentionBench;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.numbers;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ExperimentProvider;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.nn.ops.Tensors;
import org.linrepro.nn.ssm.HiPPO;
import org.linrepro.nn.ssm.SsmOps;
import org.linrepro.util.LinreproException;

/**
 * The attention-zoo / state-space line: exact HiPPO-LegS and S4 identities (HTTYH 2206.12037, LSSL 2110.13985,
 * S4 2111.00396) and the speed-scaling claims of Lightning Attention-2 (2401.04658) measured with
 * {@link AttentionBench}.
 */
public final class ZooExperiments implements ExperimentProvider {

    @Override
    public String line() {
        return "zoo";
    }

    @Override
    public List<String> claimFiles() {
        return List.of("claims/zoo/2206.12037.json", "claims/zoo/2110.13985.json", "claims/zoo/2111.00396.json",
                "claims/zoo/2401.04658.json");
    }

    @Override
    public Map<String, Experiment> experiments() {
        Map<String, Experiment> m = new LinkedHashMap<>();
        m.put("zoo.legsFromMeasure", Experiment.of(STATE, ZooExperiments::legsFromMeasure));
        m.put("zoo.legsNplr", Experiment.of(STATE, ZooExperiments::legsNplr));
        m.put("zoo.legsReconstruction", Experiment.of(RECONSTRUCTION, ZooExperiments::legsReconstruction));
        m.put("zoo.ssmKernel", Experiment.of(SSM_KERNEL, ZooExperiments::ssmKernel));
        m.put("zoo.speedScaling", Experiment.of(SPEED, ZooExperiments::speedScaling));
        return m;
    }

    static final ConfigSpec STATE = ConfigSpec.of(integer("N", "HiPPO-LegS state size (1 … 256)"));

    static final ConfigSpec RECONSTRUCTION = STATE.with(
            integer("degree", "degree of the Legendre test signal (0 … 4N)"),
            integer("steps", "integration steps (≥ 100)").byDefault(20_000),
            number("t0", "start time of the integration, in (0, 0.1)").byDefault(1e-6),
            text("measure", "online reconstruction error or coefficient error").choices("reconstruction",
                    "coefficients").byDefault("reconstruction"));

    static final ConfigSpec SSM_KERNEL = STATE.with(
            integer("L", "kernel length (1 … 16384)"),
            integer("channels", "channels with their own step size Δ (1 … 64)").byDefault(4),
            number("dtMin", "smallest Δ (log-uniform)").byDefault(1e-3),
            number("dtMax", "largest Δ").byDefault(1e-1),
            text("measure", "which kernel identity is checked").choices("convolution", "krylovKernel"));

    static final ConfigSpec SPEED = ConfigSpec.of(
            numbers("lengths", "sequence lengths benchmarked").unit("tokens"),
            text("measure", "log-log slope of one mixer, slope of the speed-up, or the speed-up at one length")
                    .byDefault("slope"),
            text("mixer", "mixer measured"),
            text("reference", "mixer the speed-up is relative to").byDefault("softmax"),
            text("mixers", "comma-separated mixers benchmarked in the same run")
                    .derived("reference,mixer", c -> c.text("reference") + "," + c.text("mixer")),
            text("timing", "forward only or forward + backward").choices("fwd", "fwdBwd").byDefault("fwdBwd"),
            integer("dim", "model width").byDefault(128),
            integer("heads", "heads").byDefault(1),
            integer("batch", "batch size").byDefault(1),
            integer("chunk", "chunk length of chunked mixers").unit("tokens").byDefault(64),
            integer("repeats", "timed repeats (median)").byDefault(3),
            integer("warmup", "untimed warm-up repeats").byDefault(1),
            integer("threads", "intra-op CPU threads").byDefault(1))
            .variants("measure", Map.of(
                    "slope", ConfigSpec.of(),
                    "speedupSlope", ConfigSpec.of(),
                    "ratio", ConfigSpec.of(integer("at", "length of the ratio").unit("tokens")
                            .derived("the longest length", c -> {
                                double[] l = c.numbers("lengths");
                                return (int) l[l.length - 1];
                            }))));

    private static int stateSize(Config c) {
        int n = c.integer("N");
        c.check(n >= 1 && n <= 256, "N", "must be between 1 and 256");
        return n;
    }

    /** max entry-wise |A, B from the measure definition (quadrature) − closed form|. */
    static Measurement legsFromMeasure(RunContext ctx) {
        int n = stateSize(ctx.config());
        double[][][] m = LegsTheory.legsFromMeasure(n);
        double maxA = 0;
        for (double[] row : HiPPO.legsA(n)) {
            for (double v : row) {
                maxA = Math.max(maxA, Math.abs(v));
            }
        }
        // a hand check of N = 3: A = [[-1,0,0],[-√3,-2,0],[-√5,-√15,-3]], B = [1, √3, √5]
        double[][] a3 = LegsTheory.legsFromMeasure(3)[0];
        double[][] ref3 = {{-1, 0, 0}, {-Math.sqrt(3), -2, 0}, {-Math.sqrt(5), -Math.sqrt(15), -3}};
        double dev3 = 0;
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                dev3 = Math.max(dev3, Math.abs(a3[i][k] - ref3[i][k]));
            }
        }
        return Measurement.of(LegsTheory.legsMeasureDeviation(n)).detail("maxAbsEntryOfA", maxA)
                .detail("measureVsHandValuesN3", dev3).detail("A[N-1][N-1] from measure", m[0][n - 1][n - 1])
                .build();
    }

    /** max |M + Mᵀ| for M = A + P Pᵀ + I/2. */
    static Measurement legsNplr(RunContext ctx) {
        int n = stateSize(ctx.config());
        return Measurement.of(LegsTheory.nplrSkewResidual(n)).build();
    }

    /**
     * Runs the LegS memory online over a random polynomial of degree {@code degree} and measures the relative
     * max error of the reconstruction from c(1) on a 1001-point grid ({@code measure=reconstruction}) or of the
     * coefficients themselves ({@code measure=coefficients}). Details: the same for degree N (outside the span).
     */
    static Measurement legsReconstruction(RunContext ctx) {
        Config c = ctx.config();
        int n = stateSize(c);
        int degree = c.integer("degree");
        c.check(degree >= 0 && degree < 4 * n, "degree", "must be between 0 and 4N");
        int steps = c.integer("steps");
        c.check(steps >= 100, "steps", "must be ≥ 100");
        double t0 = c.number("t0");
        c.check(t0 > 0 && t0 < 0.1, "t0", "must be in (0, 0.1)");
        String measure = c.text("measure");
        Reconstruction rr = RECONSTRUCTIONS.computeIfAbsent(n + "/" + degree + "/" + steps + "/" + t0 + "/" + ctx.seed(),
                k -> reconstruct(ctx, n, degree, steps, t0));
        double recErr = rr.reconstructionError();
        double coefErr = rr.coefficientError();
        double outErr = rr.errorDegreeN();
        double v = switch (measure) {
            case "reconstruction" -> recErr;
            case "coefficients" -> coefErr;
            default -> throw new LinreproException(ctx.claim().id()
                    + ": config field 'measure' must be reconstruction or coefficients, got '" + measure + "'");
        };
        Measurement.Builder b = Measurement.of(v).detail("reconstructionError", recErr)
                .detail("reconstructionErrorDegreeN", outErr).seed(ctx.seed());
        if (!Double.isNaN(coefErr)) {
            b.detail("coefficientError", coefErr);
        }
        b.figure(rr.figure());
        return b.build();
    }

    private record Reconstruction(double reconstructionError, double coefficientError, double errorDegreeN,
            FigureData figure) {}

    private static final Map<String, Reconstruction> RECONSTRUCTIONS = new ConcurrentHashMap<>();

    private static Reconstruction reconstruct(RunContext ctx, int n, int degree, int steps, double t0) {
        double[] coef = LegsTheory.randomCoefficients(degree, ctx.derivedSeed("polynomial"));
        LegsTheory.Signal f = LegsTheory.legendreSeries(coef);
        double[] state = LegsTheory.onlineLegs(n, f, t0, steps);
        int points = 1001;
        double recErr = LegsTheory.relMaxError(LegsTheory.reconstruct(state, points), LegsTheory.sample(f, points));
        double coefErr = degree < n ? LegsTheory.relMaxError(state, java.util.Arrays.copyOf(coef, n)) : Double.NaN;
        // contrast: one degree beyond the span of the N basis polynomials
        LegsTheory.Signal g = LegsTheory.legendreSeries(LegsTheory.randomCoefficients(n, ctx.derivedSeed("outside")));
        double outErr = LegsTheory.relMaxError(LegsTheory.reconstruct(LegsTheory.onlineLegs(n, g, t0, steps), points),
                LegsTheory.sample(g, points));
        FigureData fig = reconstructionFigure("hippo-legs-reconstruction-n" + n, n, f, degree, steps, t0);
        return new Reconstruction(recErr, coefErr, outErr, fig);
    }

    /** Picture: a polynomial of degree &lt; N and a non-polynomial signal, each with its LegS reconstruction. */
    public static FigureData reconstructionFigure(String name, int n, LegsTheory.Signal poly, int degree, int steps,
            double t0) {
        int points = 401;
        double[] s = new double[points];
        for (int i = 0; i < points; i++) {
            s[i] = i / (double) (points - 1);
        }
        LegsTheory.Signal wave = t -> 2 * Math.sin(12 * t) * Math.exp(-t) + Math.signum(t - 0.6);
        return FigureData.builder(name, "HiPPO-LegS online memory, N=" + n + ": signal and reconstruction at t=1")
                .axes("s (time, as a fraction of the history)", "value")
                .series("polynomial, degree " + degree, s, LegsTheory.sample(poly, points), FigureData.Style.LINE)
                .series("polynomial reconstructed from the state", s, LegsTheory.reconstruct(LegsTheory.onlineLegs(n, poly, t0, steps),
                        points), FigureData.Style.LINE)
                .series("sin·exp + step", s, LegsTheory.sample(wave, points), FigureData.Style.LINE)
                .series("sin·exp + step reconstructed", s, LegsTheory.reconstruct(LegsTheory.onlineLegs(n, wave, t0, steps),
                        points), FigureData.Style.LINE)
                .build();
    }

    /**
     * The discretised LegS SSM (bilinear, per-channel step Δ log-uniform in [dtMin, dtMax], C ~ N(0, 1/N)) in
     * float64. {@code measure}: {@code krylovKernel} — max |K from {@link SsmOps#kernel} (Krylov doubling) − K
     * from the unrolled recurrence in plain Java| / max |K|; {@code convolution} — max |FFT convolution with K −
     * token-by-token recurrence| / max |recurrence| on random inputs.
     */
    static Measurement ssmKernel(RunContext ctx) {
        Config c = ctx.config();
        int n = stateSize(c);
        int len = c.integer("L");
        c.check(len >= 1 && len <= 16_384, "L", "must be between 1 and 16384");
        int channels = c.integer("channels");
        c.check(channels >= 1 && channels <= 64, "channels", "must be between 1 and 64");
        double dtMin = c.number("dtMin");
        double dtMax = c.number("dtMax");
        c.check(dtMin > 0 && dtMax >= dtMin, "dtMin", "needs 0 < dtMin ≤ dtMax");
        String measure = c.text("measure");
        Random rnd = new Random(ctx.derivedSeed("ssm"));
        double[][] a = HiPPO.legsA(n);
        double[] b = HiPPO.legsB(n);
        double[] aFlat = new double[channels * n * n];
        double[] bFlat = new double[channels * n];
        double[] cFlat = new double[channels * n];
        double[][] kRef = new double[channels][];
        for (int d = 0; d < channels; d++) {
            double dt = Math.exp(Math.log(dtMin) + rnd.nextDouble() * (Math.log(dtMax) - Math.log(dtMin)));
            double[][][] disc = LegsTheory.bilinear(a, b, dt);
            double[] cv = new double[n];
            for (int i = 0; i < n; i++) {
                cv[i] = rnd.nextGaussian() / Math.sqrt(n);
                cFlat[d * n + i] = cv[i];
                bFlat[d * n + i] = disc[1][0][i];
                for (int k = 0; k < n; k++) {
                    aFlat[(d * n + i) * n + k] = disc[0][i][k];
                }
            }
            kRef[d] = LegsTheory.unrolledKernel(disc[0], disc[1][0], cv, len);
        }
        try (NDManager m = NDManager.newBaseManager(ctx.device())) {
            NDArray aBar = Tensors.constant(m, aFlat, DataType.FLOAT64).reshape(channels, n, n);
            NDArray bBar = Tensors.constant(m, bFlat, DataType.FLOAT64).reshape(channels, n);
            NDArray cc = Tensors.constant(m, cFlat, DataType.FLOAT64).reshape(channels, n);
            NDArray k = SsmOps.kernel(aBar, bBar, cc, len);
            double[] kFlat = k.toDoubleArray();
            double num = 0;
            double den = 0;
            for (int d = 0; d < channels; d++) {
                for (int l = 0; l < len; l++) {
                    num = Math.max(num, Math.abs(kFlat[d * len + l] - kRef[d][l]));
                    den = Math.max(den, Math.abs(kRef[d][l]));
                }
            }
            double kernelErr = num / den;
            double convErr = Double.NaN;
            if (measure.equals("convolution")) {
                int batch = 2;
                double[] u = new double[batch * len * channels];
                for (int i = 0; i < u.length; i++) {
                    u[i] = rnd.nextGaussian();
                }
                NDArray ua = Tensors.constant(m, u, DataType.FLOAT64).reshape(batch, len, channels);
                NDArray yConv = SsmOps.convolve(ua, k);
                NDArray yRec = SsmOps.recurrent(ua, aBar, bBar, cc);
                convErr = yConv.sub(yRec).abs().max().getDouble() / yRec.abs().max().getDouble();
            }
            double v = switch (measure) {
                case "krylovKernel" -> kernelErr;
                case "convolution" -> convErr;
                default -> throw new LinreproException(ctx.claim().id()
                        + ": config field 'measure' must be krylovKernel or convolution, got '" + measure + "'");
            };
            Measurement.Builder mb = Measurement.of(v).detail("krylovKernelError", kernelErr).detail("maxAbsKernel", den)
                    .seed(ctx.seed());
            if (!Double.isNaN(convErr)) {
                mb.detail("convolutionError", convErr);
            }
            return mb.build();
        }
    }

    private static final Map<String, AttentionBench.BenchResult> BENCH = new ConcurrentHashMap<>();

    /**
     * Runs (once per settings, shared by the claims that differ only in what they read) the attention benchmark
     * and returns: {@code measure=slope} — the log-log slope of {@code timing} (fwd or fwdBwd) of {@code mixer}
     * against length; {@code measure=speedupSlope} — the slope of log(time reference / time mixer) against log length
     * (ratios within one run: the machine's load largely cancels); {@code measure=ratio} — time reference / time
     * mixer at length {@code at} (default: the longest).
     */
    static Measurement speedScaling(RunContext ctx) {
        Config c = ctx.config();
        double[] lens = c.numbers("lengths");
        List<Integer> lengths = new ArrayList<>();
        for (double l : lens) {
            c.check(l >= 1 && l == Math.rint(l), "lengths", "must be positive integers");
            lengths.add((int) l);
        }
        String measure = c.text("measure");
        c.check(lengths.size() >= (measure.equals("ratio") ? 1 : 2), "lengths",
                "needs at least two lengths for a slope (one for a ratio)");
        String mixer = c.text("mixer");
        String reference = c.text("reference");
        List<String> mixers = new ArrayList<>();
        for (String id : c.text("mixers").split(",")) {
            mixers.add(id.trim());
        }
        c.check(mixers.contains(mixer) && mixers.contains(reference), "mixers", "must contain mixer and reference");
        String timing = c.text("timing");
        boolean fb = timing.equals("fwdBwd");
        AttentionBench.Settings s;
        try {
            s = new AttentionBench.Settings(mixers, lengths, c.integer("dim"), c.integer("heads"),
                    c.integer("batch"), c.integer("chunk"), c.integer("repeats"), c.integer("warmup"),
                    true, 0, ctx.seed(), c.integer("threads"));
        } catch (IllegalArgumentException e) {
            throw new LinreproException(ctx.claim().id() + ": " + e.getMessage());
        }
        String key = s + "/" + ctx.device();
        int total = mixers.size() * lengths.size();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        AttentionBench.BenchResult r = BENCH.computeIfAbsent(key, k -> AttentionBench.run(s,
                line -> ctx.progress().update("bench", done.incrementAndGet(), total, Map.of()), ctx.device()));
        double v;
        switch (measure) {
            case "slope" -> v = r.slope(mixer, fb);
            case "ratio" -> {
                int at = c.integer("at");
                c.check(lengths.contains(at), "at", "must be one of the lengths");
                v = r.ratio(reference, mixer, at, fb);
            }
            case "speedupSlope" -> {
                double[] x = new double[lengths.size()];
                double[] y = new double[lengths.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = lengths.get(i);
                    y[i] = r.ratio(reference, mixer, lengths.get(i), fb);
                }
                v = AttentionBench.logLogSlope(x, y);
            }
            default -> throw new LinreproException(ctx.claim().id()
                    + ": config field 'measure' must be slope, speedupSlope or ratio, got '" + measure + "'");
        }
        Measurement.Builder b = Measurement.of(v).seed(ctx.seed());
        for (String id : mixers) {
            double sl = r.slope(id, fb);
            if (!Double.isNaN(sl)) {
                b.detail("slope " + timing + " " + id, sl);
            }
        }
        for (int l : lengths) {
            double ratio = r.ratio(reference, mixer, l, fb);
            if (!Double.isNaN(ratio) && !reference.equals(mixer)) {
                b.detail(String.format(java.util.Locale.ROOT, "%s/%s %s at L=%d", reference, mixer, timing, l), ratio);
            }
            AttentionBench.Cell cell = r.cell(mixer, l);
            if (cell != null) {
                b.detail(String.format(java.util.Locale.ROOT, "%s %s ms at L=%d", mixer, timing, l),
                        fb ? cell.fwdBwdMs() : cell.fwdMs());
                b.detail(String.format(java.util.Locale.ROOT, "%s %s spread at L=%d", mixer, timing, l),
                        fb ? cell.fwdBwdSpread() : cell.fwdSpread());
            }
        }
        b.detail("benchSeconds", r.seconds());
        b.figure(r.figure("speed-" + String.join("-", mixers) + "-" + timing, fb));
        return b.build();
    }
}
