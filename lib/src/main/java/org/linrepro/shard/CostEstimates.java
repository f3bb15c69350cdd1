package org.linrepro.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.linrepro.claim.Claim;
import org.linrepro.util.LinreproException;

/**
 * Cost of a claim for balancing shards: the device-hours of a plan ({@code linrepro plan --out FILE}) where it has
 * them, else a count from the config: steps (or epochs) x batch x sequence length, the tokens a run processes. Only
 * ratios matter, but a plan's hours and a count are not comparable, so a plan's claims without hours get the
 * plan's largest value.
 */
public final class CostEstimates {
    private final Map<String, Double> planHours;

    private CostEstimates(Map<String, Double> planHours) {
        this.planHours = planHours;
    }

    public static CostEstimates fromCounts() {
        return new CostEstimates(Map.of());
    }

    public static CostEstimates fromPlan(Path planJson) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(planJson.toFile());
        } catch (IOException e) {
            throw new LinreproException("cannot read plan " + planJson + ": " + e.getMessage());
        }
        Map<String, Double> m = new HashMap<>();
        for (JsonNode r : doc.path("rows")) {
            JsonNode h = r.get("deviceHours");
            if (h != null && h.isNumber() && !Double.isNaN(h.asDouble())) {
                m.put(r.path("claimId").asText(), h.asDouble());
            }
        }
        if (m.isEmpty()) {
            throw new LinreproException(planJson + ": no rows with deviceHours (write it with linrepro plan --out)");
        }
        return new CostEstimates(m);
    }

    public double of(Claim c) {
        if (!planHours.isEmpty()) {
            Double h = planHours.get(c.id());
            return h != null ? h : planHours.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        }
        return counted(c.config().json());
    }

    static double counted(JsonNode cfg) {
        JsonNode runs = cfg.get("runs");
        if (runs != null && runs.isArray()) {
            double sum = 0;
            for (JsonNode r : runs) {
                sum += counted(r);
            }
            return Math.max(sum, 1);
        }
        double steps = first(cfg, 1, "steps", "epochs");
        double batch = first(cfg, 1, "batch");
        double length = first(cfg, 1, "maxLength", "length", "n");
        return steps * batch * length;
    }

    private static double first(JsonNode cfg, double fallback, String... keys) {
        for (String k : keys) {
            JsonNode v = cfg.get(k);
            if (v != null && v.isNumber() && v.asDouble() > 0) {
                return v.asDouble();
            }
        }
        return fallback;
    }
}
