package org.linrepro.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;
import org.linrepro.util.LinreproException;

/**
 * Reads and validates one claim file. Every error names the file, the claim and the field, e.g.
 * {@code claims/icl/2307.03576.json: claim 'mahankali-iso-mc-loss': field 'tolerance.why' is missing}.
 *
 * <p>File shape: {@code {"paper": {"arxiv", "title", "short"}, "claims": [ {...}, ... ]}}; the claim fields are
 * those of {@link Claim}; see README "Adding a claim".
 */
public final class ClaimFileLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9.]+)*");
    private static final Set<String> CLAIM_FIELDS = Set.of("id", "source", "statement", "kind", "tier", "reported",
            "tolerance", "experiment", "config", "scaled", "data", "seed", "notReproduced", "deviation", "decided",
            "comment");
    private static final Set<String> TOLERANCE_FIELDS = Set.of("absolute", "relative", "standardErrors", "margin",
            "direction", "slope", "why");

    private static final Set<String> REPORTED_FIELDS = Set.of("value", "reference", "unit");

    private final Map<String, Experiment> experiments;
    private final Map<String, ReferenceFunction> references;

    /**
     * @param experiments registered experiments by name: a claim's config is checked against its spec
     * @param references  registered reference functions by name, for {@code reported.reference}
     */
    public ClaimFileLoader(Map<String, Experiment> experiments, Map<String, ReferenceFunction> references) {
        this.experiments = experiments;
        this.references = references;
    }

    /** Reads a claim file from disk (user claims, {@code --claims DIR}). */
    public List<Claim> loadFile(java.nio.file.Path file) {
        try {
            return parse(file.toString(), java.nio.file.Files.readString(file));
        } catch (IOException e) {
            throw new LinreproException(file + ": cannot read claim file: " + e.getMessage());
        }
    }

    public List<Claim> loadResource(String resource, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LinreproException(resource + ": claim file not found on the classpath");
            }
            return parse(resource, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LinreproException(resource + ": cannot read claim file: " + e.getMessage());
        }
    }

    public List<Claim> parse(String file, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LinreproException(file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new LinreproException(file + ": must be a JSON object with fields 'paper' and 'claims'");
        }
        Ctx f = new Ctx(file, null);
        JsonNode p = f.object(root, "paper");
        Paper paper = new Paper(f.text(p, "paper.arxiv", "arxiv"), f.text(p, "paper.title", "title"),
                f.text(p, "paper.short", "short"));
        JsonNode arr = root.get("claims");
        if (arr == null || !arr.isArray() || arr.isEmpty()) {
            throw f.error("claims", "must be a non-empty array");
        }
        List<Claim> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode c : arr) {
            Claim claim = parseClaim(file, paper, c);
            if (!ids.add(claim.id())) {
                throw new LinreproException(file + ": claim '" + claim.id() + "' appears twice");
            }
            out.add(claim);
        }
        return out;
    }

    private Claim parseClaim(String file, Paper paper, JsonNode c) {
        if (!c.isObject()) {
            throw new LinreproException(file + ": every entry of 'claims' must be an object");
        }
        String rawId = c.path("id").asText("");
        Ctx x = new Ctx(file, rawId.isEmpty() ? "?" : rawId);
        String id = x.text(c, "id", "id");
        if (!ID.matcher(id).matches()) {
            throw x.error("id", "must be lower-case kebab-case (letters, digits, '-', '.')");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!CLAIM_FIELDS.contains(name)) {
                throw x.error(name, "is not a claim field (known: " + String.join(", ", CLAIM_FIELDS) + ")");
            }
        }
        Kind kind = x.parse("kind", () -> Kind.parse(x.text(c, "kind", "kind")));
        Tier tier = x.parse("tier", () -> Tier.parse(x.text(c, "tier", "tier")));
        Source source = parseSource(x, x.object(c, "source"));
        String statement = x.text(c, "statement", "statement");

        String experiment = x.text(c, "experiment", "experiment");
        Experiment exp = experiments.get(experiment);
        if (exp == null) {
            List<String> near = ClaimCatalog.closest(experiment, experiments.keySet(), 1);
            throw x.error("experiment", "names '" + experiment + "', which no line registers"
                    + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?"));
        }
        JsonNode cfg = c.get("config");
        if (cfg != null && !cfg.isObject()) {
            throw x.error("config", "must be an object");
        }
        Config config = x.config(exp.spec(), "claim '" + id + "'", "config.",
                cfg == null ? JSON.createObjectNode() : (ObjectNode) cfg);

        Reported reported = parseReported(x, x.object(c, "reported"), config);
        Tolerance tolerance = parseTolerance(x, x.object(c, "tolerance"));
        String scaled = c.hasNonNull("scaled") ? c.get("scaled").asText() : null;
        if (tier == Tier.QUICK && kind != Kind.EXACT && (scaled == null || scaled.isBlank())) {
            throw x.error("scaled", "is required for quick-tier claims: say exactly what was scaled from the paper");
        }
        List<String> data = new ArrayList<>();
        JsonNode d = c.get("data");
        if (d != null) {
            if (!d.isArray()) {
                throw x.error("data", "must be an array of dataset names");
            }
            for (JsonNode n : d) {
                // a dataset (wikitext-2) or one of its parts (glue/SST-2, wikitext-103/valid): the claim waits only
                // for the files it names
                if (!org.linrepro.data.Datasets.names().contains(n.asText())) {
                    throw x.error("data", "names unknown dataset '" + n.asText() + "' (known: "
                            + String.join(", ", org.linrepro.data.Datasets.names()) + ")");
                }
                data.add(n.asText());
            }
        }
        long seed = 1;
        if (c.has("seed")) {
            if (!c.get("seed").canConvertToLong() || !c.get("seed").isIntegralNumber()) {
                throw x.error("seed", "must be an integer");
            }
            seed = c.get("seed").longValue();
        }
        NotReproduced nr = c.hasNonNull("notReproduced") ? parseNotReproduced(x, x.object(c, "notReproduced")) : null;
        Deviation deviation = null;
        if (c.hasNonNull("deviation")) {
            JsonNode dv = x.object(c, "deviation");
            x.onlyFields(dv, "deviation", Set.of("reason"));
            deviation = new Deviation(x.text(dv, "deviation.reason", "reason"));
        }
        if (nr != null && deviation != null) {
            throw x.error("deviation", "cannot be combined with 'notReproduced' (one expectation per claim)");
        }
        Decided decided = c.hasNonNull("decided") ? parseDecided(x, x.object(c, "decided")) : null;
        return new Claim(id, paper, source, statement, kind, tier, reported, tolerance, experiment, config, scaled,
                List.copyOf(data), seed, nr, deviation, decided, file);
    }

    private static Source parseSource(Ctx x, JsonNode s) {
        x.onlyFields(s, "source", Set.of("kind", "where"));
        Source.Kind kind = x.parse("source.kind", () -> Source.Kind.parse(x.text(s, "source.kind", "kind")));
        return new Source(kind, x.text(s, "source.where", "where"));
    }

    private static NotReproduced parseNotReproduced(Ctx x, JsonNode n) {
        x.onlyFields(n, "notReproduced", Set.of("reason", "lastMeasured"));
        JsonNode lm = x.object(n, "lastMeasured");
        x.onlyFields(lm, "notReproduced.lastMeasured", Set.of("value", "date"));
        return new NotReproduced(x.text(n, "notReproduced.reason", "reason"), new NotReproduced.LastMeasured(
                x.number(lm, "notReproduced.lastMeasured.value", "value"),
                x.date(lm, "notReproduced.lastMeasured.date", "date")));
    }

    private static Decided parseDecided(Ctx x, JsonNode d) {
        x.onlyFields(d, "decided", Set.of("when", "what"));
        String when = x.text(d, "decided.when", "when");
        if (!when.equals("before") && !when.equals("after")) {
            throw x.error("decided.when", "must be 'before' or 'after', got '" + when + "'");
        }
        return new Decided(Decided.When.valueOf(when.toUpperCase(java.util.Locale.ROOT)),
                x.text(d, "decided.what", "what"));
    }

    /** {@code value} (a printed number) or {@code reference: {fn, args}} (a registered formula), and a unit. */
    private Reported parseReported(Ctx x, JsonNode r, Config config) {
        for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (name.equals("expression")) {
                throw x.error("reported.expression", "is free text, which can disagree with the number: name a "
                        + "reference function instead, e.g. \"reference\": {\"fn\": \"icl.optimalLoss\", \"args\": "
                        + "{\"d\": \"$config.d\"}} (README, 'Adding a claim')");
            }
            if (!REPORTED_FIELDS.contains(name)) {
                throw x.error("reported." + name, "is not a reported field (known: "
                        + String.join(", ", new java.util.TreeSet<>(REPORTED_FIELDS)) + ")");
            }
        }
        Double value = r.has("value") ? x.number(r, "reported.value", "value") : null;
        ReferenceCall call = null;
        if (r.hasNonNull("reference")) {
            if (value != null) {
                throw x.error("reported", "has both 'value' and 'reference'; give one");
            }
            call = parseReference(x, x.object(r, "reference"), config);
        }
        if (value == null && call == null) {
            throw x.error("reported", "needs 'value' (the printed number) or 'reference' (a registered function "
                    + "with its arguments)");
        }
        return new Reported(value, call, r.path("unit").asText(""));
    }

    /**
     * {@code {"fn": NAME, "args": {ARG: literal | "$config.KEY"}}}, or {@code "args": "$config"} to take every
     * argument the function declares from the config key of the same name (absent keys: the argument's default).
     */
    private ReferenceCall parseReference(Ctx x, JsonNode ref, Config config) {
        for (Iterator<String> it = ref.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!name.equals("fn") && !name.equals("args")) {
                throw x.error("reported.reference." + name, "is not a reference field (known: fn, args)");
            }
        }
        String fn = x.text(ref, "reported.reference.fn", "fn");
        ReferenceFunction f = references.get(fn);
        if (f == null) {
            List<String> near = ClaimCatalog.closest(fn, references.keySet(), 1);
            throw x.error("reported.reference.fn", "names '" + fn + "', which no line registers"
                    + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?")
                    + " (known: " + String.join(", ", new java.util.TreeSet<>(references.keySet())) + ")");
        }
        JsonNode a = ref.get("args");
        ObjectNode config0 = config.json();
        ObjectNode args = JSON.createObjectNode();
        if (a != null && a.isTextual() && a.textValue().equals("$config")) {
            for (String k : f.args().allKeys()) {
                if (config0.has(k)) {
                    args.set(k, config0.get(k));
                }
            }
        } else if (a != null) {
            if (!a.isObject()) {
                throw x.error("reported.reference.args", "must be an object (or \"$config\")");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isTextual() && v.textValue().startsWith("$config.")) {
                    String key = v.textValue().substring("$config.".length());
                    if (!config0.has(key)) {
                        List<String> near = ClaimCatalog.closest(key, config.keys().keySet(), 1);
                        throw x.error("reported.reference.args." + e.getKey(), "takes '" + v.textValue()
                                + "', but the effective config has no key '" + key + "'"
                                + (near.isEmpty() ? "" : "; did you mean '$config." + near.get(0) + "'?"));
                    }
                    v = config0.get(key);
                }
                args.set(e.getKey(), v);
            }
        }
        Config bound = x.config(f.args(), "reference " + fn, "reported.reference.args.", args);
        return new ReferenceCall(f, bound);
    }

    private static Tolerance parseTolerance(Ctx x, JsonNode t) {
        for (Iterator<String> it = t.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!TOLERANCE_FIELDS.contains(name)) {
                throw x.error("tolerance." + name, "is not a tolerance field (known: "
                        + String.join(", ", TOLERANCE_FIELDS) + ")");
            }
        }
        String why = x.text(t, "tolerance.why", "why");
        List<String> types = new ArrayList<>();
        for (String k : List.of("absolute", "relative", "standardErrors", "margin", "slope")) {
            if (t.has(k)) {
                types.add(k);
            }
        }
        if (types.size() != 1) {
            throw x.error("tolerance", "needs exactly one of absolute, relative, standardErrors, margin, slope; got "
                    + types);
        }
        String type = types.get(0);
        if (type.equals("slope")) {
            JsonNode s = t.get("slope");
            if (!s.isArray() || s.size() != 2 || !s.get(0).isNumber() || !s.get(1).isNumber()
                    || s.get(0).doubleValue() > s.get(1).doubleValue()) {
                throw x.error("tolerance.slope", "must be [min, max] with min ≤ max");
            }
            return Tolerance.slopeRange(s.get(0).doubleValue(), s.get(1).doubleValue(), why);
        }
        double v = x.number(t, "tolerance." + type, type);
        if (v < 0) {
            throw x.error("tolerance." + type, "must not be negative");
        }
        return switch (type) {
            case "absolute" -> Tolerance.absolute(v, why);
            case "relative" -> Tolerance.relative(v, why);
            case "standardErrors" -> Tolerance.standardErrors(v, why);
            default -> {
                String dir = t.path("direction").asText("above");
                if (!dir.equals("above") && !dir.equals("below")) {
                    throw x.error("tolerance.direction", "must be 'above' or 'below'");
                }
                yield Tolerance.margin(v, dir.equals("above"), why);
            }
        };
    }

    /** Error context: file and claim id. */
    private record Ctx(String file, String claim) {
        LinreproException error(String field, String problem) {
            return new LinreproException(file + (claim == null ? "" : ": claim '" + claim + "'") + ": field '"
                    + field + "' " + problem);
        }

        JsonNode object(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                throw error(field, "is missing");
            }
            if (!n.isObject()) {
                throw error(field, "must be an object");
            }
            return n;
        }

        String text(JsonNode parent, String path, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                throw error(path, "is missing");
            }
            if (!n.isTextual() || n.asText().isBlank()) {
                throw error(path, "must be a non-empty string");
            }
            return n.asText();
        }

        double number(JsonNode parent, String path, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                throw error(path, "is missing");
            }
            if (!n.isNumber()) {
                throw error(path, "must be a number, got " + n);
            }
            return n.doubleValue();
        }

        void onlyFields(JsonNode n, String path, Set<String> known) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!known.contains(name)) {
                    throw error(path + "." + name, "is not a field of '" + path + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        /** An ISO date (2026-12-03). */
        String date(JsonNode parent, String path, String field) {
            String t = text(parent, path, field);
            try {
                return java.time.LocalDate.parse(t).toString();
            } catch (java.time.format.DateTimeParseException e) {
                throw error(path, "must be an ISO date like 2026-12-03, got '" + t + "'");
            }
        }

        /** Binds a config against its spec; a config error becomes one naming this file, claim and key. */
        Config config(ConfigSpec spec, String owner, String prefix, ObjectNode raw) {
            try {
                return spec.bind(owner, raw);
            } catch (ConfigSpec.ConfigException e) {
                throw error(prefix + e.key(), e.problem());
            }
        }

        <T> T parse(String field, java.util.function.Supplier<T> s) {
            try {
                return s.get();
            } catch (LinreproException e) {
                if (e.getMessage().startsWith(file)) {
                    throw e;
                }
                throw error(field, "is invalid: " + e.getMessage());
            }
        }
    }
}
