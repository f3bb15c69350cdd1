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
import org.linrepro.bench.LmBench;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lm", mixinStandardHelpOptions = true,
        description = "Training throughput of whole language models per token mixer: tokens/s of forward+backward "
                + "of the next-token loss and peak process memory, at the quick tier's shape (64 tokens x 16) and "
                + "at length 2048, side by side (steps interleaved over the mixers). Prints a table, writes "
                + "bench-lm.json to --out.")
final class BenchLmCommand implements Callable<Integer> {
    @Option(names = "--mixers", split = ",", paramLabel = "IDS",
            description = "mixer ids (default: softmax,linear-elu,transnormer,lightning,retention,gla,hedgehog)")
    List<String> mixers = new ArrayList<>(LmBench.DEFAULT_MIXERS);

    @Option(names = "--shapes", split = ",", paramLabel = "LxB,...",
            description = "sequence length x batch per shape (default: 64x16,2048x1)")
    List<String> shapes = new ArrayList<>(List.of("64x16", "2048x1"));

    @Option(names = "--vocab", description = "vocabulary size (default: ${DEFAULT-VALUE}, the quick tier's)")
    int vocab = 2000;

    @Option(names = "--dim", description = "model width (default: ${DEFAULT-VALUE})")
    int dim = 64;

    @Option(names = "--layers", description = "blocks (default: ${DEFAULT-VALUE})")
    int layers = 2;

    @Option(names = "--heads", description = "heads (default: ${DEFAULT-VALUE})")
    int heads = 2;

    @Option(names = "--repeats", description = "timed steps per mixer and shape (default: ${DEFAULT-VALUE})")
    int repeats = 5;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}, as claims run; "
            + "0 = the engine's default)")
    int threads = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "where the JSON goes (default: reports/bench)")
    Path out = Path.of("reports", "bench");

    @Override
    public Integer call() throws IOException {
        List<LmBench.Shape> parsed = new ArrayList<>();
        LmBench.Settings s;
        try {
            for (String sh : shapes) {
                parsed.add(LmBench.Shape.parse(sh));
            }
            s = new LmBench.Settings(mixers, parsed, vocab, dim, layers, heads, repeats, 1, 1, threads);
        } catch (IllegalArgumentException e) {
            throw new LinreproException(e.getMessage());
        }
        LmBench.Result r = LmBench.run(s, line -> {
            System.err.println(line);
            System.err.flush();
        });
        Files.createDirectories(out);
        Path json = out.resolve("bench-lm.json");
        Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(toJson(r)));
        System.out.print(LmBench.table(r));
        System.out.printf(Locale.ROOT, "%nJSON: %s  (%.0f s)%n", json, r.seconds());
        return 0;
    }

    static ObjectNode toJson(LmBench.Result r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        LmBench.Settings s = r.settings();
        root.putObject("settings").put("vocab", s.vocab()).put("dim", s.dim()).put("layers", s.layers())
                .put("heads", s.heads()).put("repeats", s.repeats()).put("warmup", s.warmup())
                .put("threads", s.threads()).put("cores", Runtime.getRuntime().availableProcessors())
                .put("dtype", "float32").put("device", "cpu");
        root.put("seconds", r.seconds());
        ArrayNode cells = root.putArray("results");
        for (LmBench.Cell c : r.cells()) {
            ObjectNode o = cells.addObject().put("mixer", c.mixer()).put("length", c.shape().length())
                    .put("batch", c.shape().batch()).put("parameters", c.parameters()).put("stepMs", c.stepMs())
                    .put("spread", c.spread()).put("tokensPerSecond", c.tokensPerSecond());
            number(o, "peakRssMb", c.peakRssMb());
            number(o, "stepMb", c.stepMb());
            ArrayNode runs = o.putArray("runsMs");
            for (double v : c.runsMs()) {
                runs.add(v);
            }
        }
        return root;
    }

    private static void number(ObjectNode o, String k, double v) {
        if (Double.isNaN(v)) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }
}
