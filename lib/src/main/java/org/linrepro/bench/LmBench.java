package org.linrepro.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.linrepro.nn.lm.LanguageModel;
import org.linrepro.nn.lm.LmConfig;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.run.CpuThreads;

/**
 * Training throughput of whole language models, one per token mixer: tokens per second of forward + backward of
 * the next-token loss (embedding, blocks, output layer; no optimiser step), and the process's peak resident memory
 * during one such step. Each shape (length × batch) builds one model per mixer with the same width, depth and
 * vocabulary; after warm-up the timed steps are interleaved round-robin over the mixers, so a changing load on a
 * shared machine hits every mixer alike and the ratios of one run stay meaningful.
 */
public final class LmBench {
    private LmBench() {}

    /** Mixers compared by default: the softmax reference, plain linear attention and the LM line's chunked mixers. */
    public static final List<String> DEFAULT_MIXERS =
            List.of("softmax", "linear-elu", "transnormer", "lightning", "retention", "gla", "hedgehog");

    /** A sequence length and a batch size. */
    public record Shape(int length, int batch) {
        public Shape {
            if (length < 2 || batch < 1) {
                throw new IllegalArgumentException("a bench shape needs length ≥ 2 and batch ≥ 1, got " + length
                        + "×" + batch);
            }
        }

        /** Parses {@code LENGTHxBATCH}, e.g. {@code 2048x1}. */
        public static Shape parse(String s) {
            String[] p = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (p.length == 2) {
                    return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("a bench shape is LENGTHxBATCH (e.g. 64x16), got '" + s + "'");
        }

        @Override
        public String toString() {
            return length + "x" + batch;
        }
    }

    /**
     * What to measure. The default model is the quick tier's (vocabulary 2,000, width 64, 2 blocks, 2 heads, MLP
     * 256, LayerNorm, learned positions, tied embeddings), at the quick tier's 64 × 16 and at 2048 × 1.
     *
     * @param threads PyTorch intra-op threads during the run (0 = leave the engine's setting)
     */
    public record Settings(List<String> mixers, List<Shape> shapes, int vocab, int dim, int layers, int heads,
            int repeats, int warmup, long seed, int threads) {
        public Settings {
            mixers = List.copyOf(mixers);
            shapes = List.copyOf(shapes);
            if (mixers.isEmpty() || shapes.isEmpty()) {
                throw new IllegalArgumentException("give at least one mixer and one shape");
            }
            for (String id : mixers) {
                if (!MixerRegistry.ids().contains(id)) {
                    throw new IllegalArgumentException("unknown mixer '" + id + "'; known ids: "
                            + String.join(", ", MixerRegistry.ids()));
                }
            }
            if (vocab < 2 || dim < 1 || layers < 1 || heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException("needs vocab ≥ 2, dim, layers, heads ≥ 1 and heads dividing dim");
            }
            if (repeats < 1 || warmup < 0 || threads < 0) {
                throw new IllegalArgumentException("needs repeats ≥ 1, warmup ≥ 0, threads ≥ 0");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MIXERS, List.of(new Shape(64, 16), new Shape(2048, 1)), 2000, 64, 2, 2, 5, 1,
                    1, 1);
        }

        public Settings withMixers(List<String> m) {
            return new Settings(m, shapes, vocab, dim, layers, heads, repeats, warmup, seed, threads);
        }

        public Settings withShapes(List<Shape> s) {
            return new Settings(mixers, s, vocab, dim, layers, heads, repeats, warmup, seed, threads);
        }

        public Settings withRepeats(int r) {
            return new Settings(mixers, shapes, vocab, dim, layers, heads, r, warmup, seed, threads);
        }

        LmConfig model(String mixer, int maxLength) {
            return LmConfig.small(vocab, mixer, dim, layers, heads, maxLength);
        }
    }

    /**
     * One mixer at one shape. {@code stepMs}: median fwd+bwd time of a step over the repeats; {@code spread}:
     * (max − min)/median; {@code peakRssMb}: the process's peak resident set during one step after a peak reset;
     * {@code stepMb}: that peak minus the resident set just before the step (the step's own working memory);
     * both NaN where /proc is unavailable.
     */
    public record Cell(String mixer, Shape shape, long parameters, double stepMs, double spread,
            double tokensPerSecond, double peakRssMb, double stepMb, double[] runsMs) {}

    /** All cells with the settings and the wall time of the run. */
    public record Result(Settings settings, List<Cell> cells, double seconds) {
        public Cell cell(String mixer, Shape shape) {
            return cells.stream().filter(c -> c.mixer().equals(mixer) && c.shape().equals(shape)).findFirst()
                    .orElse(null);
        }

        /** Throughput of {@code mixer} over that of {@code reference} at one shape (NaN if either is missing). */
        public double speedup(String mixer, String reference, Shape shape) {
            Cell a = cell(mixer, shape);
            Cell b = cell(reference, shape);
            return a == null || b == null ? Double.NaN : a.tokensPerSecond() / b.tokensPerSecond();
        }
    }

    /** Runs the benchmark on the CPU; {@code log} gets one line per cell as it completes (may be null). */
    public static Result run(Settings s, Consumer<String> log) {
        return run(s, log, Device.cpu());
    }

    public static Result run(Settings s, Consumer<String> log, Device device) {
        long t0 = System.nanoTime();
        List<Cell> cells = new ArrayList<>();
        try (CpuThreads threads = s.threads() > 0 ? CpuThreads.limit(device, s.threads()) : null) {
            for (Shape shape : s.shapes()) {
                cells.addAll(runShape(s, shape, log, device));
            }
        }
        return new Result(s, List.copyOf(cells), (System.nanoTime() - t0) / 1e9);
    }

    private static List<Cell> runShape(Settings s, Shape shape, Consumer<String> log, Device device) {
        List<Cell> out = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager(device)) {
            Map<String, LanguageModel> models = new LinkedHashMap<>();
            for (String id : s.mixers()) {
                Engine.getInstance().setRandomSeed((int) s.seed());
                LanguageModel m = LanguageModel.create(base, s.model(id, shape.length()));
                for (NDArray p : m.parameterArrays()) {
                    p.setRequiresGradient(true);
                }
                models.put(id, m);
            }
            int[][][] batch = tokens(s, shape);
            Map<String, double[]> runs = new LinkedHashMap<>();
            for (String id : s.mixers()) {
                for (int w = 0; w < s.warmup(); w++) {
                    step(models.get(id), batch);
                }
                runs.put(id, new double[s.repeats()]);
            }
            for (int r = 0; r < s.repeats(); r++) {
                for (String id : s.mixers()) {
                    runs.get(id)[r] = step(models.get(id), batch);
                }
            }
            for (String id : s.mixers()) {
                double before = ProcessMemory.rssMb();
                double peak = Double.NaN;
                if (ProcessMemory.resetPeak()) {
                    step(models.get(id), batch);
                    peak = ProcessMemory.peakRssMb();
                }
                double[] t = runs.get(id);
                double med = AttentionBench.median(t);
                Cell c = new Cell(id, shape, models.get(id).parameterCount(), med, AttentionBench.spread(t),
                        (double) shape.length() * shape.batch() / (med / 1000), peak, peak - before, t);
                out.add(c);
                if (log != null) {
                    log.accept(String.format(java.util.Locale.ROOT,
                            "bench lm: %-12s %-7s %8.1f ms/step (±%3.0f%%)  %9.0f tokens/s  peak %6.0f MB",
                            id, shape, med, 50 * c.spread(), c.tokensPerSecond(), peak));
                }
            }
        }
        return out;
    }

    /** Random token windows (inputs and shifted targets) drawn from the seed; throughput does not depend on them. */
    static int[][][] tokens(Settings s, Shape shape) {
        Random r = new Random(s.seed());
        int[][] in = new int[shape.batch()][shape.length()];
        int[][] tg = new int[shape.batch()][shape.length()];
        for (int b = 0; b < shape.batch(); b++) {
            int prev = r.nextInt(s.vocab());
            for (int t = 0; t < shape.length(); t++) {
                in[b][t] = prev;
                prev = r.nextInt(s.vocab());
                tg[b][t] = prev;
            }
        }
        return new int[][][] {in, tg};
    }

    /** One forward + backward of the mean next-token loss; milliseconds. Gradients are zeroed afterwards. */
    static double step(LanguageModel model, int[][][] batch) {
        List<NDArray> params = model.parameterArrays();
        NDManager manager = params.get(0).getManager();
        double ms;
        try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray in = sm.create(batch[0]);
            NDArray tg = sm.create(batch[1]);
            long t = System.nanoTime();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.loss(new ParameterStore(sm, false), in, tg, true);
                gc.backward(loss);
                loss.getFloat();
            }
            params.get(0).getGradient().sum().getFloat(); // the backward pass has finished
            ms = (System.nanoTime() - t) / 1e6;
        }
        try (NDScope scope = new NDScope()) { // gradient handles
            scope.suppressNotUsedWarning();
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.subi(g);
            }
        }
        return ms;
    }

    /** Fixed-width text table: one row per mixer, per shape ms/step, tokens/s, peak MB, and speed vs softmax. */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder();
        Settings s = r.settings();
        sb.append(String.format(java.util.Locale.ROOT,
                "LM fwd+bwd throughput: vocab %d, width %d, %d blocks, %d heads, %d thread(s); median of %d steps%n",
                s.vocab(), s.dim(), s.layers(), s.heads(), s.threads(), s.repeats()));
        sb.append(String.format(java.util.Locale.ROOT, "%-12s %10s", "mixer", "params"));
        for (Shape sh : s.shapes()) {
            String h = "L=" + sh.length() + " B=" + sh.batch();
            sb.append(String.format(java.util.Locale.ROOT, "  %-40s", "| " + h + ": tok/s, ms/step, peak MB, ×softmax"));
        }
        sb.append('\n');
        for (String id : s.mixers()) {
            Cell first = r.cell(id, s.shapes().get(0));
            sb.append(String.format(java.util.Locale.ROOT, "%-12s %10d", id, first == null ? 0 : first.parameters()));
            for (Shape sh : s.shapes()) {
                Cell c = r.cell(id, sh);
                double x = s.mixers().contains("softmax") ? r.speedup(id, "softmax", sh) : Double.NaN;
                sb.append(c == null ? String.format("  %-40s", "| -")
                        : String.format(java.util.Locale.ROOT, "  | %9.0f %9.1f %7.0f %7s      ", c.tokensPerSecond(),
                                c.stepMs(), c.peakRssMb(), Double.isNaN(x) ? "-" : String.format(java.util.Locale.ROOT,
                                        "%.2f", x)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
