package org.linrepro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.linrepro.bench.AttentionBench;
import org.linrepro.bench.AttentionBench.BenchResult;
import org.linrepro.bench.AttentionBench.Cell;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.FigureRenderer;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Attention.class, BenchLmCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "attention", mixinStandardHelpOptions = true,
            description = "Forward and forward+backward wall time of token mixers per sequence length (warm-up, "
                    + "then repeats interleaved over the mixers; median and spread), peak process memory, and the "
                    + "log-log slope of time against length per mixer. Prints a table, writes bench-attention.json "
                    + "and bench-attention.png to --out.")
    static final class Attention implements Callable<Integer> {
        @Option(names = "--mixers", split = ",", paramLabel = "IDS",
                description = "mixer ids, comma-separated (default: softmax,linear-elu,lightning,retention,gla)")
        List<String> mixers = new ArrayList<>(AttentionBench.DEFAULT_MIXERS);

        @Option(names = "--lengths", split = ",", paramLabel = "N,...",
                description = "sequence lengths (default: 512,1024,2048,4096)")
        List<Integer> lengths = new ArrayList<>(AttentionBench.DEFAULT_LENGTHS);

        @Option(names = "--dim", description = "model width (default: ${DEFAULT-VALUE})")
        int dim = 128;

        @Option(names = "--heads", description = "heads (default: ${DEFAULT-VALUE}; head width = dim/heads)")
        int heads = 1;

        @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch = 1;

        @Option(names = "--chunk", description = "chunk size of the chunked forms (default: ${DEFAULT-VALUE})")
        int chunk = 64;

        @Option(names = "--repeats", description = "timed runs per mixer and length (default: ${DEFAULT-VALUE})")
        int repeats = 3;

        @Option(names = "--threads", description = "intra-op threads of the engine during the run (default: "
                + "${DEFAULT-VALUE}; 0 = the engine's default, all cores)")
        int threads = 1;

        @Option(names = "--budget", paramLabel = "SECONDS", description = "skip longer lengths for a mixer once "
                + "one fwd+bwd call takes longer than this (default: ${DEFAULT-VALUE}; 0 = never)")
        double budget = 20;

        @Option(names = "--format", paramLabel = "table|json", description = "stdout format (default: table)")
        String format = "table";

        @Option(names = "--out", paramLabel = "DIR", description = "where the JSON and PNG go (default: reports/bench)")
        Path out = Path.of("reports", "bench");

        @Override
        public Integer call() throws IOException {
            for (String id : mixers) {
                if (!MixerRegistry.ids().contains(id)) {
                    throw new LinreproException("unknown mixer '" + id + "'; known ids: "
                            + String.join(", ", MixerRegistry.ids()));
                }
            }
            if (!format.equals("table") && !format.equals("json")) {
                throw new LinreproException("--format must be table or json, got '" + format + "'");
            }
            for (int l : lengths) {
                if (l < 1) {
                    throw new LinreproException("--lengths must be positive integers, got " + l);
                }
            }
            if (dim < 1 || heads < 1 || dim % heads != 0) {
                throw new LinreproException("--dim must be positive and divisible by --heads, got dim " + dim
                        + ", heads " + heads);
            }
            if (threads < 0) {
                throw new LinreproException("--threads must be ≥ 0 (0 = the engine's default)");
            }
            if (batch < 1 || chunk < 1 || repeats < 1) {
                throw new LinreproException("--batch, --chunk and --repeats must be ≥ 1");
            }
            AttentionBench.Settings s = new AttentionBench.Settings(mixers, lengths, dim, heads, batch, chunk,
                    repeats, 1, true, budget, 1, threads);
            BenchResult r = AttentionBench.run(s, line -> {
                System.err.println(line);
                System.err.flush();
            });
            Files.createDirectories(out);
            ObjectNode json = toJson(r);
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path jsonFile = out.resolve("bench-attention.json");
            Files.writeString(jsonFile, mapper.writeValueAsString(json));
            FigureData fig = r.figure("bench-attention", true);
            Path png = FigureRenderer.writePng(fig, out);
            if (format.equals("json")) {
                System.out.println(mapper.writeValueAsString(json));
            } else {
                System.out.print(table(r));
                System.out.println();
                System.out.print(slopes(r));
                System.out.printf(Locale.ROOT, "%nJSON: %s  figure: %s  (%.0f s)%n", jsonFile, png, r.seconds());
            }
            return 0;
        }

        static String table(BenchResult r) {
            TextTable t = new TextTable(40, "mixer", "length", "fwd ms", "spread", "fwd+bwd ms", "spread",
                    "softmax/this fwd+bwd", "peak RSS MB");
            for (Cell c : r.cells()) {
                double ratio = r.ratio("softmax", c.mixer(), c.length(), true);
                t.row(c.mixer(), Integer.toString(c.length()), fmt(c.fwdMs()), pct(c.fwdSpread()), fmt(c.fwdBwdMs()),
                        pct(c.fwdBwdSpread()), Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f×", ratio),
                        Double.isNaN(c.peakRssMb()) ? "n/a" : String.format(Locale.ROOT, "%.0f", c.peakRssMb()));
            }
            return t.toString();
        }

        static String slopes(BenchResult r) {
            TextTable t = new TextTable(40, "mixer", "slope fwd", "slope fwd+bwd", "lengths");
            for (String m : r.settings().mixers()) {
                List<Cell> cs = r.cells(m);
                if (cs.isEmpty()) {
                    continue;
                }
                t.row(m, String.format(Locale.ROOT, "%.3f", r.slope(m, false)),
                        String.format(Locale.ROOT, "%.3f", r.slope(m, true)),
                        cs.get(0).length() + "…" + cs.get(cs.size() - 1).length());
            }
            return t.toString();
        }

        static ObjectNode toJson(BenchResult r) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            AttentionBench.Settings s = r.settings();
            ObjectNode st = root.putObject("settings");
            st.put("dim", s.dim()).put("heads", s.heads()).put("batch", s.batch()).put("chunk", s.chunk())
                    .put("repeats", s.repeats()).put("warmup", s.warmup()).put("causal", s.causal())
                    .put("dtype", "float32").put("device", "cpu")
                    .put("threads", s.threads()).put("cores", Runtime.getRuntime().availableProcessors());
            root.put("seconds", r.seconds());
            ArrayNode cells = root.putArray("results");
            for (Cell c : r.cells()) {
                ObjectNode o = cells.addObject();
                o.put("mixer", c.mixer()).put("length", c.length()).put("fwdMs", c.fwdMs())
                        .put("fwdSpread", c.fwdSpread()).put("fwdBwdMs", c.fwdBwdMs())
                        .put("fwdBwdSpread", c.fwdBwdSpread());
                if (Double.isNaN(c.peakRssMb())) {
                    o.putNull("peakRssMb");
                } else {
                    o.put("peakRssMb", c.peakRssMb());
                }
                ArrayNode fr = o.putArray("fwdRunsMs");
                for (double v : c.fwdRunsMs()) {
                    fr.add(v);
                }
                ArrayNode br = o.putArray("fwdBwdRunsMs");
                for (double v : c.fwdBwdRunsMs()) {
                    br.add(v);
                }
            }
            ObjectNode sl = root.putObject("slopes");
            for (String id : s.mixers()) {
                if (!r.cells(id).isEmpty()) {
                    ObjectNode o = sl.putObject(id);
                    putNumber(o, "fwd", r.slope(id, false));
                    putNumber(o, "fwdBwd", r.slope(id, true));
                }
            }
            return root;
        }

        private static void putNumber(ObjectNode o, String k, double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                o.putNull(k);
            } else {
                o.put(k, v);
            }
        }

        private static String fmt(double ms) {
            return String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%.1f", ms);
        }

        private static String pct(double spread) {
            return String.format(Locale.ROOT, "±%.0f%%", 50 * spread);
        }
    }
}
