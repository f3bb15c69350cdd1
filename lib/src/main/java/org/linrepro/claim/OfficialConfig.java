package org.linrepro.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.linrepro.util.LinreproException;

/**
 * The official configuration a paper-tier claim is checked against, recorded as data beside the claim file:
 * {@code claims/<line>/official/<arxiv>.json} next to {@code claims/<line>/<arxiv>.json}. Such a file has
 * {@code sources} (id → repository, pinned commit, files, why that commit; or {@code paperOnly} with the reason) and
 * {@code claims}, one entry per claim:
 *
 * <ul>
 *   <li>{@code official}: config key → the official value; the claim's config must set the key itself (no code
 *       default) to exactly that value. Keys are paths: {@code arm.lr}, {@code runs[2].warmup}.
 *   <li>{@code deviations}: config keys whose value differs on purpose: {@code key, official, ours, why}; the config
 *       must hold {@code ours}.
 *   <li>{@code fixed}: official settings our code has no config key for ({@code setting, official, ours}, and
 *       {@code why} where they differ).
 *   <li>{@code unverified}: what could not be traced ({@code what, why}).
 * </ul>
 *
 * {@link #problems(ObjectNode)} is the check; an empty list means the config reproduces every recorded value.
 */
public final class OfficialConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern STEP = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(?:\\[(\\d+)])?");

    /** One official source: a repository at a pinned commit, or the paper alone. */
    public record Source(String id, String repository, String commit, List<String> files, boolean paperOnly, String why) {}

    private final String claimId;
    private final String file;
    private final List<Source> sources;
    private final Map<String, JsonNode> official;
    private final JsonNode entry;

    private OfficialConfig(String claimId, String file, List<Source> sources, Map<String, JsonNode> official,
            JsonNode entry) {
        this.claimId = claimId;
        this.file = file;
        this.sources = sources;
        this.official = official;
        this.entry = entry;
    }

    /** Where the official record of a claim file lives: {@code claims/lra/X.json} → {@code claims/lra/official/X.json}. */
    public static String fileFor(String claimFile) {
        int slash = claimFile.lastIndexOf('/');
        return claimFile.substring(0, slash + 1) + "official/" + claimFile.substring(slash + 1);
    }

    /** Every entry of the official file of {@code claimFile}, by claim id (empty when there is no such file). */
    public static Map<String, OfficialConfig> loadFor(String claimFile, ClassLoader loader) {
        String name = fileFor(claimFile);
        Map<String, OfficialConfig> out = new LinkedHashMap<>();
        JsonNode root;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return out;
            }
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new LinreproException(name + ": cannot read official config file: " + e.getMessage());
        }
        Map<String, Source> sources = new LinkedHashMap<>();
        JsonNode src = root.path("sources");
        require(src.isObject() && src.size() > 0, name, "needs a non-empty 'sources' object");
        src.fields().forEachRemaining(e -> sources.put(e.getKey(), source(name, e.getKey(), e.getValue())));
        JsonNode claims = root.path("claims");
        require(claims.isArray(), name, "needs a 'claims' array");
        for (JsonNode c : claims) {
            String id = c.path("claim").asText("");
            require(!id.isBlank(), name, "every entry needs 'claim'");
            List<Source> used = new ArrayList<>();
            JsonNode s = c.get("source");
            for (JsonNode one : s == null ? JSON.createArrayNode() : s.isArray() ? s : JSON.createArrayNode().add(s)) {
                Source found = sources.get(one.asText());
                require(found != null, name, id + ": unknown source '" + one.asText() + "'");
                used.add(found);
            }
            require(!used.isEmpty(), name, id + ": needs a 'source'");
            Map<String, JsonNode> values = new LinkedHashMap<>();
            c.path("official").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
            require(out.put(id, new OfficialConfig(id, name, List.copyOf(used), values, c)) == null, name,
                    "claim '" + id + "' recorded twice");
        }
        return out;
    }

    private static Source source(String file, String id, JsonNode s) {
        boolean paperOnly = s.path("paperOnly").asBoolean(false);
        String why = s.path("why").asText("");
        require(!why.isBlank(), file, "source '" + id + "' needs 'why' (why this commit, or why there is none)");
        List<String> files = new ArrayList<>();
        s.path("files").forEach(f -> files.add(f.asText()));
        if (!paperOnly) {
            require(!s.path("repository").asText("").isBlank(), file, "source '" + id + "' needs 'repository'");
            require(COMMIT.matcher(s.path("commit").asText("")).matches(), file, "source '" + id
                    + "' needs a pinned 40-hex 'commit'");
            require(!files.isEmpty(), file, "source '" + id + "' needs 'files'");
        }
        return new Source(id, s.path("repository").asText(null), s.path("commit").asText(null), List.copyOf(files),
                paperOnly, why);
    }

    public String claimId() {
        return claimId;
    }

    public List<Source> sources() {
        return sources;
    }

    /** The recorded official values, by config key path. */
    public Map<String, JsonNode> official() {
        return official;
    }

    /** The official value of {@code key} (e.g. {@code steps}), if recorded (also from a deviation). */
    public Optional<JsonNode> value(String key) {
        if (official.containsKey(key)) {
            return Optional.of(official.get(key));
        }
        for (JsonNode d : entry.path("deviations")) {
            if (d.path("key").asText().equals(key)) {
                return Optional.of(d.get("official"));
            }
        }
        return Optional.empty();
    }

    /** {@link #problems(ObjectNode, ObjectNode)} for a config that is both written and effective. */
    public List<String> problems(ObjectNode config) {
        return problems(config, config);
    }

    /**
     * Every way a claim's config fails the record; empty = it reproduces every value.
     *
     * @param effective the config as the experiment reads it (defaults filled: {@code ClaimCatalog.effectiveConfig})
     * @param written   the config as the claim file writes it: every recorded key must be set there, not left to a
     *                  code default
     */
    public List<String> problems(ObjectNode effective, ObjectNode written) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : official.entrySet()) {
            JsonNode ours = at(effective, e.getKey());
            if (at(written, e.getKey()) == null) {
                out.add(e.getKey() + ": official " + e.getValue() + ", not set in the claim's config");
            } else if (ours == null || !same(ours, e.getValue())) {
                out.add(e.getKey() + ": official " + e.getValue() + ", config " + ours + " (not a declared deviation)");
            }
        }
        for (JsonNode d : entry.path("deviations")) {
            String key = d.path("key").asText("");
            if (key.isBlank() || d.path("why").asText("").isBlank() || !d.has("official") || !d.has("ours")) {
                out.add("deviation " + d + ": needs key, official, ours and why");
                continue;
            }
            if (official.containsKey(key)) {
                out.add(key + ": both an official value and a deviation");
            }
            JsonNode ours = at(effective, key);
            if (at(written, key) == null || ours == null || !same(ours, d.get("ours"))) {
                out.add(key + ": deviation says ours = " + d.get("ours") + ", config has " + ours);
            }
            if (same(d.get("official"), d.get("ours"))) {
                out.add(key + ": deviation with official = ours; record it under 'official'");
            }
        }
        for (JsonNode f : entry.path("fixed")) {
            String setting = f.path("setting").asText("");
            if (setting.isBlank() || !f.has("official") || !f.has("ours")) {
                out.add("fixed setting " + f + ": needs setting, official and ours");
            } else if (!same(f.get("official"), f.get("ours")) && f.path("why").asText("").isBlank()
                    && !f.path("ours").asText().startsWith("the same")) {
                out.add(setting + ": differs from the official setting without a 'why'");
            }
        }
        for (JsonNode u : entry.path("unverified")) {
            if (u.path("what").asText("").isBlank() || u.path("why").asText("").isBlank()) {
                out.add("unverified " + u + ": needs what and why");
            }
        }
        boolean paperOnly = sources.stream().allMatch(Source::paperOnly);
        if (official.isEmpty() && !entry.path("deviations").elements().hasNext() && !paperOnly) {
            out.add("no official value recorded although the source is a repository");
        }
        return out;
    }

    /** The value at a key path ({@code a.b}, {@code runs[2].lr}), or null. */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            Matcher m = STEP.matcher(part);
            if (n == null || !m.matches()) {
                return null;
            }
            n = n.get(m.group(1));
            if (n != null && m.group(2) != null) {
                n = n.get(Integer.parseInt(m.group(2)));
            }
        }
        return n == null || n.isNull() ? null : n;
    }

    /** Numbers by value (5e-4 = 0.0005, 0 = 0.0), everything else by JSON equality. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        return a.equals(b);
    }

    private static void require(boolean ok, String file, String message) {
        if (!ok) {
            throw new LinreproException(file + ": " + message);
        }
    }

    @Override
    public String toString() {
        return "official config of " + claimId + " (" + file + ")";
    }
}
