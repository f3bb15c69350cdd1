package org.linrepro.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.linrepro.nn.adapters.AdapterMethod;
import org.linrepro.nn.adapters.AdapterMethods;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.Architectures;
import org.linrepro.nn.adapters.ParameterSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "adapters", mixinStandardHelpOptions = true,
        description = "Parameter-efficient fine-tuning methods: list them, count their trainable parameters.",
        subcommands = {AdaptersCommand.ListMethods.class, AdaptersCommand.Count.class})
final class AdaptersCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The methods and models known.")
    static final class ListMethods implements Callable<Integer> {
        @Override
        public Integer call() {
            TextTable t = new TextTable(90, "method", "trains", "structure from");
            for (AdapterMethod m : AdapterMethods.all().values()) {
                t.row(m.id(), m.summary(), m.source());
            }
            System.out.print(t);
            TextTable a = new TextTable(90, "model", "layers", "width", "ffn", "parameters", "dimensions from");
            for (Architecture arch : Architectures.all().values()) {
                a.row(arch.id(), String.valueOf(arch.layers()), String.valueOf(arch.hidden()),
                        String.valueOf(arch.intermediate()), group(Architecture.total(arch.backbone())),
                        arch.source());
            }
            System.out.println();
            System.out.print(a);
            return 0;
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true,
            description = "Trainable parameters of a method on a model's real shapes (classifier head excluded "
                    + "unless --with-head). Prints the count on the first line.")
    static final class Count implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "MODEL",
                description = "roberta-base, roberta-large, deberta-v2-xxlarge, bert-base, minilm-l6, gpt2-medium, "
                        + "gpt2-large, vit-b16")
        String model;

        @Option(names = "--method", required = true, paramLabel = "ID", description = "see: linrepro adapters list")
        String method;

        @Option(names = "--rank", paramLabel = "R", defaultValue = "0",
                description = "rank (method default when omitted: lora/pissa/eva/hut/flora/nlora 8, "
                        + "hydra 4 parallel + 8 sequential, lora-sb 24, "
                        + "s2ft 32, bone 64)")
        int rank;

        @Option(names = "--targets", split = ",", paramLabel = "T",
                description = "roles (query, key, value, attn-out, ffn-in, ffn-out) or PEFT module suffixes "
                        + "(e.g. output.dense); default: the method's paper setting")
        List<String> targets;

        @Option(names = "--option", paramLabel = "KEY=VALUE",
                description = "method option, e.g. basis=512 (nola), reduction=32, n=4, layerNorms=false (compacter), "
                        + "inttune=true (nlora), hidden=512, heads=4 (moment-probing), heads=2 (s2ft), parallelRank=4, "
                        + "sequentialRank=8 (hydra)")
        Map<String, String> options;

        @Option(names = "--with-head", description = "add the sequence-classification head")
        boolean withHead;

        @Option(names = "--labels", paramLabel = "C", defaultValue = "2",
                description = "classes of the head with --with-head (default: ${DEFAULT-VALUE})")
        int labels;

        @Option(names = "--breakdown", description = "also list the trainable tensors, grouped by name pattern")
        boolean breakdown;

        @Override
        public Integer call() {
            if (labels < 1) {
                throw new org.linrepro.util.LinreproException("--labels must be ≥ 1, got " + labels);
            }
            AdapterOptions o = new AdapterOptions(rank, targets, options == null ? Map.of() : new LinkedHashMap<>(options));
            List<ParameterSpec> specs = AdapterMethods.trainable(model, method, o, withHead ? labels : 0);
            long n = Architecture.total(specs);
            long backbone = Architecture.total(Architectures.byId(model).backbone());
            System.out.println(n);
            System.out.printf(Locale.ROOT, "%s trainable parameters: %s on %s%s (%.4f %% of the model's %s)%n",
                    group(n), method, model, withHead ? " with a " + labels + "-class head" : "",
                    100.0 * n / backbone, group(backbone));
            if (breakdown) {
                Map<String, long[]> groups = new LinkedHashMap<>();
                for (ParameterSpec p : specs) {
                    String key = p.name().replaceAll("\\d+", "*") + " " + java.util.Arrays.toString(p.shape());
                    groups.computeIfAbsent(key, k -> new long[2]);
                    groups.get(key)[0]++;
                    groups.get(key)[1] += p.count();
                }
                TextTable t = new TextTable(80, "tensor", "copies", "parameters");
                List<String> keys = new ArrayList<>(groups.keySet());
                for (String k : keys) {
                    t.row(k, String.valueOf(groups.get(k)[0]), group(groups.get(k)[1]));
                }
                System.out.print(t);
            }
            return 0;
        }
    }

    static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
