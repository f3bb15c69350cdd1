package org.linrepro.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.linrepro.claim.FigureData;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.nn.mixer.TokenMixer;
import org.linrepro.util.LinreproException;

/**
 * Wall-time benchmark of token mixers: forward (inference mode) and forward + backward (training mode, loss =
 * sum of the output) per mixer and sequence length, in the form each mixer's config selects (softmax: parallel,
 * the linear mixers: chunked). Each mixer × length gets warm-up runs, then {@code repeats} timed runs; the
 * repeats are interleaved round-robin over the mixers, so slow drifts of the machine's load hit every mixer
 * alike and ratios measured in one run stay meaningful on a shared machine.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * BenchResult r = AttentionBench.run(AttentionBench.Settings.defaults(), System.err::println);
 * r.slope("lightning", true);     // log-log slope of fwd+bwd time against length
 * }</pre>
 */
public final class AttentionBench {

    private AttentionBench() {}

    /** Default mixers: the softmax reference and the chunked linear family. */
    public static final List<String> DEFAULT_MIXERS = List.of("softmax", "linear-elu", "lightning", "retention", "gla");

    /** Default lengths. */
    public static final List<Integer> DEFAULT_LENGTHS = List.of(512, 1024, 2048, 4096);

    /**
     * What to measure.
     *
     * @param budgetSeconds a mixer whose fwd+bwd at one length took longer than this is not run at longer lengths
     *     (its later cells are absent); 0 = no limit
     */
    public record Settings(List<String> mixers, List<Integer> lengths, int dim, int heads, int batch, int chunk,
            int repeats, int warmup, boolean causal, double budgetSeconds, long seed, int threads) {
        public Settings {
            mixers = List.copyOf(mixers);
            lengths = List.copyOf(lengths);
            if (mixers.isEmpty()) {
                throw new IllegalArgumentException("no mixers given");
            }
            for (String id : mixers) {
                if (!MixerRegistry.ids().contains(id)) {
                    throw new IllegalArgumentException("unknown mixer '" + id + "'; known ids: "
                            + String.join(", ", MixerRegistry.ids()));
                }
            }
            if (lengths.isEmpty() || lengths.stream().anyMatch(l -> l < 1)) {
                throw new IllegalArgumentException("lengths must be a non-empty list of positive integers");
            }
            if (dim < 1 || heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException("dim must be positive and divisible by heads, got dim=" + dim
                        + " heads=" + heads);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be ≥ 0 (0 = the engine's default)");
            }
            if (batch < 1 || chunk < 1 || repeats < 1 || warmup < 0) {
                throw new IllegalArgumentException("batch, chunk and repeats must be ≥ 1, warmup ≥ 0");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MIXERS, DEFAULT_LENGTHS, 128, 1, 1, 64, 3, 1, true, 20, 1, 0);
        }

        public Settings withMixers(List<String> m) {
            return new Settings(m, lengths, dim, heads, batch, chunk, repeats, warmup, causal, budgetSeconds, seed,
                    threads);
        }

        public Settings withLengths(List<Integer> l) {
            return new Settings(mixers, l, dim, heads, batch, chunk, repeats, warmup, causal, budgetSeconds, seed,
                    threads);
        }
    }

    /**
     * One mixer × length. Times in milliseconds: median over the repeats, and the spread as (max − min)/median.
     * {@code peakRssMb}: the process's peak resident set during this cell's runs (Linux, after resetting the
     * peak; NaN where it cannot be measured).
     */
    public record Cell(String mixer, int length, double fwdMs, double fwdSpread, double fwdBwdMs,
            double fwdBwdSpread, double peakRssMb, double[] fwdRunsMs, double[] fwdBwdRunsMs) {}

    /** All cells, with the settings and total wall time. */
    public record BenchResult(Settings settings, List<Cell> cells, double seconds) {

        public List<Cell> cells(String mixer) {
            return cells.stream().filter(c -> c.mixer().equals(mixer)).toList();
        }

        public Cell cell(String mixer, int length) {
            return cells.stream().filter(c -> c.mixer().equals(mixer) && c.length() == length).findFirst()
                    .orElse(null);
        }

        /** Least-squares slope of log(time) against log(length) over this mixer's cells (NaN if &lt; 2). */
        public double slope(String mixer, boolean fwdBwd) {
            List<Cell> cs = cells(mixer);
            double[] x = cs.stream().mapToDouble(c -> c.length()).toArray();
            double[] y = cs.stream().mapToDouble(c -> fwdBwd ? c.fwdBwdMs() : c.fwdMs()).toArray();
            return logLogSlope(x, y);
        }

        /** Time of {@code slow} over time of {@code fast} at one length (NaN if either is missing). */
        public double ratio(String slow, String fast, int length, boolean fwdBwd) {
            Cell a = cell(slow, length);
            Cell b = cell(fast, length);
            if (a == null || b == null) {
                return Double.NaN;
            }
            return fwdBwd ? a.fwdBwdMs() / b.fwdBwdMs() : a.fwdMs() / b.fwdMs();
        }

        /** Log-log figure of fwd+bwd (or forward) time against length, one series per mixer. */
        public FigureData figure(String name, boolean fwdBwd) {
            FigureData.Builder b = FigureData.builder(name, (fwdBwd ? "forward+backward" : "forward")
                    + " time per call, dim " + settings.dim() + ", heads " + settings.heads() + ", batch "
                    + settings.batch()).axes("sequence length", "milliseconds (median)").logX().logY();
            for (String m : settings.mixers()) {
                List<Cell> cs = cells(m);
                if (cs.isEmpty()) {
                    continue;
                }
                double s = slope(m, fwdBwd);
                b.series(String.format(java.util.Locale.ROOT, "%s (slope %.2f)", m, s),
                        cs.stream().mapToDouble(Cell::length).toArray(),
                        cs.stream().mapToDouble(c -> fwdBwd ? c.fwdBwdMs() : c.fwdMs()).toArray(),
                        FigureData.Style.LINE_MARKERS);
            }
            return b.build();
        }
    }

    /** Least-squares slope of log y against log x. */
    public static double logLogSlope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]);
            my += Math.log(y[i]);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - mx;
            sxy += dx * (Math.log(y[i]) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** The default config of {@code id} with its chunk size replaced (records only; others unchanged). */
    public static MixerConfig withChunk(MixerConfig c, int chunk) {
        Class<?> type = c.getClass();
        if (!type.isRecord()) {
            return c;
        }
        try {
            RecordComponent[] rc = type.getRecordComponents();
            Object[] args = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = rc[i].getName().equals("chunkSize") ? Integer.valueOf(chunk) : rc[i].getAccessor().invoke(c);
            }
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return (MixerConfig) ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the chunk size of " + type.getName() + ": " + e, e);
        }
    }

    /** Share of the available memory a run may plan to use (the rest: the JVM, the engine, other processes). */
    public static final double MEMORY_SHARE = 0.8;

    /**
     * Refuses, before anything is allocated, a run with a (mixer, length) whose estimated fwd+bwd peak
     * ({@link MixerMemoryEstimate}) exceeds {@code limitBytes}: one {@link LinreproException} (exit 2) naming
     * every such cell. NaN limit: no check.
     */
    public static void checkFits(Settings s, double limitBytes) {
        if (Double.isNaN(limitBytes)) {
            return;
        }
        List<String> tooBig = new ArrayList<>();
        for (String id : s.mixers()) {
            MixerConfig c = withChunk(MixerRegistry.defaults(id, s.dim(), s.heads(), s.causal()), s.chunk());
            for (int len : s.lengths()) {
                double need = MixerMemoryEstimate.bytes(c, s.batch(), len);
                if (need > limitBytes) {
                    tooBig.add(String.format(java.util.Locale.ROOT, "%s at L=%d (≈ %s)", id, len, gb(need)));
                }
            }
        }
        if (!tooBig.isEmpty()) {
            throw new LinreproException("bench: would not fit in memory: " + String.join(", ", tooBig) + "; the limit is "
                    + gb(limitBytes) + " (" + Math.round(100 * MEMORY_SHARE) + " % of the available memory); use "
                    + "shorter --lengths, a smaller --batch or --dim, or drop those mixers");
        }
    }

    private static String gb(double bytes) {
        return String.format(java.util.Locale.ROOT, bytes >= 1e12 ? "%.3g TB" : "%.3g GB", bytes >= 1e12 ? bytes / 1e12 : bytes / 1e9);
    }

    /** Runs the benchmark; {@code log} gets one line per mixer × length as it completes (may be null). */
    public static BenchResult run(Settings s, Consumer<String> log) {
        return run(s, log, Device.cpu());
    }

    public static BenchResult run(Settings s, Consumer<String> log, Device device) {
        checkFits(s, MEMORY_SHARE * MixerMemoryEstimate.availableBytes());
        int previousThreads = -1;
        if (s.threads() > 0 && "PyTorch".equals(Engine.getInstance().getEngineName())) {
            previousThreads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(s.threads());
        }
        try {
            return runWithThreads(s, log, device);
        } finally {
            if (previousThreads > 0) {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(previousThreads);
            }
        }
    }

    private static BenchResult runWithThreads(Settings s, Consumer<String> log, Device device) {
        String[] where = {"setting up"};
        try {
            return runCells(s, log, device, where);
        } catch (OutOfMemoryError | ai.djl.engine.EngineException e) {
            throw asAllocationFailure(e, where[0]);
        }
    }

    /**
     * An allocation failure (Java heap, or the engine's "can't allocate memory") as one {@link LinreproException}
     * (exit 1) naming the cell; any other engine error is rethrown as it is.
     */
    static RuntimeException asAllocationFailure(Throwable e, String where) {
        String msg = String.valueOf(e.getMessage());
        if (e instanceof OutOfMemoryError || msg.contains("alloc") || msg.contains("memory")) {
            return new LinreproException("bench: out of memory at " + where + " (" + msg.lines().findFirst().orElse("")
                    .trim() + "); the estimate let it through: use shorter --lengths", LinreproException.FAILED, e);
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        throw (Error) e;
    }

    private static BenchResult runCells(Settings s, Consumer<String> log, Device device, String[] where) {
        long t0 = System.nanoTime();
        List<Cell> cells = new ArrayList<>();
        Map<String, Boolean> stopped = new LinkedHashMap<>();
        try (NDManager base = NDManager.newBaseManager(device)) {
            Map<String, TokenMixer> mixers = new LinkedHashMap<>();
            int maxLen = s.lengths().stream().mapToInt(Integer::intValue).max().orElse(1);
            for (String id : s.mixers()) {
                MixerConfig c = withChunk(MixerRegistry.defaults(id, s.dim(), s.heads(), s.causal()), s.chunk());
                TokenMixer m = MixerRegistry.create(id, c);
                Engine.getInstance().setRandomSeed((int) s.seed());
                m.initialize(base, DataType.FLOAT32, new Shape(s.batch(), maxLen, s.dim()));
                mixers.put(id, m);
                stopped.put(id, false);
            }
            for (int len : s.lengths()) {
                List<String> active = s.mixers().stream().filter(id -> !stopped.get(id)).toList();
                if (active.isEmpty()) {
                    break;
                }
                Map<String, double[]> fwd = new LinkedHashMap<>();
                Map<String, double[]> fb = new LinkedHashMap<>();
                Map<String, Double> rss = new LinkedHashMap<>();
                try (NDManager lm = base.newSubManager()) {
                    Engine.getInstance().setRandomSeed((int) (s.seed() * 31 + len));
                    where[0] = "L=" + len;
                    NDArray x = lm.randomNormal(new Shape(s.batch(), len, s.dim()), DataType.FLOAT32);
                    for (String id : active) {
                        where[0] = id + " L=" + len;
                        TokenMixer m = mixers.get(id);
                        ProcessMemory.resetPeak();
                        for (int w = 0; w < s.warmup(); w++) {
                            timeForward(m, x);
                            timeForwardBackward(m, x);
                        }
                        fwd.put(id, new double[s.repeats()]);
                        fb.put(id, new double[s.repeats()]);
                    }
                    for (int r = 0; r < s.repeats(); r++) {
                        for (String id : active) {
                            where[0] = id + " L=" + len;
                            TokenMixer m = mixers.get(id);
                            fwd.get(id)[r] = timeForward(m, x);
                            fb.get(id)[r] = timeForwardBackward(m, x);
                        }
                    }
                    // memory: one more fwd+bwd per mixer after a peak reset (cells run one after another)
                    for (String id : active) {
                        if (ProcessMemory.resetPeak()) {
                            timeForwardBackward(mixers.get(id), x);
                            rss.put(id, ProcessMemory.peakRssMb());
                        } else {
                            rss.put(id, Double.NaN);
                        }
                    }
                }
                for (String id : active) {
                    double[] f = fwd.get(id);
                    double[] g = fb.get(id);
                    Cell c = new Cell(id, len, median(f), spread(f), median(g), spread(g), rss.get(id), f, g);
                    cells.add(c);
                    if (log != null) {
                        log.accept(String.format(java.util.Locale.ROOT,
                                "bench: %-12s L=%-6d fwd %9.2f ms (±%4.0f%%)  fwd+bwd %9.2f ms (±%4.0f%%)", id, len,
                                c.fwdMs(), 50 * c.fwdSpread(), c.fwdBwdMs(), 50 * c.fwdBwdSpread()));
                    }
                    if (s.budgetSeconds() > 0 && c.fwdBwdMs() / 1000 > s.budgetSeconds()) {
                        stopped.put(id, true);
                        if (log != null) {
                            log.accept("bench: " + id + " exceeded the per-call budget of " + s.budgetSeconds()
                                    + " s at L=" + len + "; longer lengths skipped");
                        }
                    }
                }
            }
        }
        return new BenchResult(s, List.copyOf(cells), (System.nanoTime() - t0) / 1e9);
    }

    /** One forward pass in inference mode; milliseconds. */
    static double timeForward(TokenMixer m, NDArray x) {
        try (NDManager sm = x.getManager().newSubManager()) {
            NDArray xi = x.duplicate();
            xi.attach(sm);
            long t = System.nanoTime();
            NDArray y = m.mix(new ParameterStore(sm, false), xi, m.config().form(), false);
            y.sum().getFloat(); // forces the computation
            return (System.nanoTime() - t) / 1e6;
        }
    }

    /** Forward + backward of sum(y) with respect to the input and the parameters; milliseconds. */
    static double timeForwardBackward(TokenMixer m, NDArray x) {
        try (NDManager sm = x.getManager().newSubManager()) {
            NDArray xi = x.duplicate();
            xi.attach(sm);
            xi.setRequiresGradient(true);
            long t = System.nanoTime();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = m.mix(new ParameterStore(sm, false), xi, m.config().form(), true);
                gc.backward(y.sum());
            }
            xi.getGradient().sum().getFloat();
            return (System.nanoTime() - t) / 1e6;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** (max − min) / median. */
    static double spread(double[] v) {
        double lo = Arrays.stream(v).min().orElse(0);
        double hi = Arrays.stream(v).max().orElse(0);
        double m = median(v);
        return m == 0 ? 0 : (hi - lo) / m;
    }
}
