package org.linrepro.repro.glue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.claim.Config;
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

    static Measurement count(RunContext ctx) {
        Config c = ctx.config();
        JsonNode json = c.json();
        List<String> targets = new ArrayList<>();
        if (json.has("targets")) {
            json.get("targets").forEach(t -> targets.add(t.asText()));
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (json.has("options")) {
            json.get("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        }
        AdapterOptions o = new AdapterOptions(c.integer("rank", 0), targets, options);
        List<ParameterSpec> specs = AdapterMethods.trainable(c.text("model"), c.text("method"), o,
                c.integer("headLabels", 0));
        String prefix = c.text("prefix", "");
        long n = 0;
        for (ParameterSpec p : specs) {
            if (p.name().startsWith(prefix)) {
                n += p.count();
            }
        }
        c.check(n > 0 || c.text("method").equals("linear-probe"), "prefix", "matches no trainable tensor");
        String unit = c.text("unit", "parameters");
        c.check(unit.equals("parameters") || unit.equals("MiB"), "unit", "must be parameters or MiB");
        double value = unit.equals("MiB") ? n * 4.0 / (1 << 20) : n;
        return Measurement.of(value).detail("parameters", n).detail("tensors", specs.size())
                .detail("allTrainable", Architecture.total(specs)).build();
    }
}
