package org.linrepro.claim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads a ledger line in the flat 24-field shape written before verdicts were grouped, so old ledgers stay readable. */
final class LegacyVerdict {
    private LegacyVerdict() {}

    static Verdict read(ObjectMapper json, JsonNode n) throws IOException {
        Verdict.ClaimInfo claim = new Verdict.ClaimInfo(text(n, "claimId"), null, text(n, "arxiv"), text(n, "paper"),
                text(n, "source"), null, text(n, "kind"), text(n, "tier"), number(n, "reported"),
                text(n, "reportedText"), text(n, "tolerance"), text(n, "toleranceWhy"), null, null, null);
        Verdict.Result result = new Verdict.Result(Verdict.Status.valueOf(n.path("status").asText("ERROR")),
                number(n, "measured"), number(n, "standardError"), number(n, "margin"), text(n, "message"),
                n.hasNonNull("details") ? json.convertValue(n.get("details"), new TypeReference<Map<String, Double>>() {})
                        : Map.of(),
                n.hasNonNull("figures") ? json.convertValue(n.get("figures"), new TypeReference<List<FigureData>>() {})
                        : List.of());
        Verdict.Run run = new Verdict.Run(n.path("seed").asLong(), text(n, "configHash"), text(n, "config"),
                text(n, "device"), n.hasNonNull("versions")
                        ? json.convertValue(n.get("versions"), new TypeReference<Map<String, String>>() {}) : Map.of(),
                n.path("wallSeconds").asDouble(), text(n, "timestamp"));
        return new Verdict(claim, result, run);
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static Double number(JsonNode n, String f) {
        if (!n.hasNonNull(f)) {
            return null;
        }
        JsonNode v = n.get(f);
        // Jackson writes NaN and infinities as strings
        return v.isNumber() ? v.doubleValue() : v.isTextual() ? Double.valueOf(v.asText()) : null;
    }
}
