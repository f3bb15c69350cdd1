package org.linrepro.repro.glue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.object;
import static org.linrepro.claim.ConfigKey.text;
import static org.linrepro.claim.ConfigKey.texts;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.nn.adapters.AdapterMethods;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.ParameterSpec;

/**
 * {@code glue.parameterCount}: builds a method on a model's real shapes and counts its trainable parameters.
 * Config: model, method, rank (optional), targets (optional array), options (optional object), headLabels
 * (optional, adds the classifier), prefix (optional: count only tensors whose name starts with it, e.g. one
 * Compacter adapter), unit ("parameters" default, or "MiB" = fp32 bytes / 2^20 for checkpoint sizes).
 */
final class ParameterCounts {
    private ParameterCounts() {}

    static final ConfigSpec SPEC = ConfigSpec.of(
            text("model", "architecture (Architecture id), e.g. roberta-base, gpt2-medium, vit-b16"),
            text("method", "adaptation method (AdapterMethods id)"),
            integer("rank", "rank r of low-rank methods (0 = the method's default)").byDefault(0),
            texts("targets", "weight matrices adapted (empty = the method's default)").byDefault(
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()),
            object("options", null, "method-specific options by name (AdapterOptions)").byDefault(
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()),
            integer("headLabels", "classifier labels counted with the method (0 = no head)").byDefault(0),
            text("prefix", "count only tensors whose name starts with this").byDefault(""),
            text("unit", "count parameters, or fp32 checkpoint size in MiB").choices("parameters", "MiB")
                    .byDefault("parameters"));

    static Measurement count(RunContext ctx) {
        Config c = ctx.config();
        List<String> targets = new ArrayList<>(c.texts("targets"));
        Map<String, String> options = new LinkedHashMap<>(c.textMap("options"));
        AdapterOptions o = new AdapterOptions(c.integer("rank"), targets, options);
        List<ParameterSpec> specs = AdapterMethods.trainable(c.text("model"), c.text("method"), o,
                c.integer("headLabels"));
        String prefix = c.text("prefix");
        long n = 0;
        for (ParameterSpec p : specs) {
            if (p.name().startsWith(prefix)) {
                n += p.count();
            }
        }
        c.check(n > 0 || c.text("method").equals("linear-probe"), "prefix", "matches no trainable tensor");
        String unit = c.text("unit");
        double value = unit.equals("MiB") ? n * 4.0 / (1 << 20) : n;
        return Measurement.of(value).detail("parameters", n).detail("tensors", specs.size())
                .detail("allTrainable", Architecture.total(specs)).build();
    }
}
