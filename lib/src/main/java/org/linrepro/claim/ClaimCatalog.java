package org.linrepro.claim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.linrepro.util.EditDistance;
import org.linrepro.util.LinreproException;

/**
 * All claims of all lines, and all experiments, found through {@link ExperimentProvider} services. Claim ids are
 * unique across files; unknown ids get a suggestion of the closest ones.
 */
public final class ClaimCatalog {
    /** Env var: extra claim folders (path-separator list), loaded like {@code --claims DIR}. */
    public static final String CLAIMS_ENV = "LINREPRO_CLAIMS";

    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final Map<String, ReferenceFunction> references = new LinkedHashMap<>();
    private final Map<String, String> lineOfExperiment = new LinkedHashMap<>();
    private final Map<String, String> lineOfClaim = new LinkedHashMap<>();

    private ClaimCatalog() {}

    /** Loads every provider on the classpath, plus the claim folders named by {@code LINREPRO_CLAIMS}. */
    public static ClaimCatalog load() {
        return load(List.of());
    }

    /** Like {@link #load()}, plus the claim files under {@code extraDirs} (the CLI's {@code --claims DIR}). */
    public static ClaimCatalog load(List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv(CLAIMS_ENV);
        if (env != null && !env.isBlank()) {
            for (String d : env.split(java.io.File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(extraDirs);
        return of(ServiceLoader.load(ExperimentProvider.class).stream().map(ServiceLoader.Provider::get).toList(),
                dirs);
    }

    public static ClaimCatalog of(Collection<ExperimentProvider> providers) {
        return of(providers, List.of());
    }

    /**
     * The providers' claims and experiments, plus user claim files: every {@code *.json} under each of
     * {@code extraDirs} (recursively), checked exactly like the built-in ones. A user claim belongs to the line of
     * its experiment.
     */
    public static ClaimCatalog of(Collection<ExperimentProvider> providers, List<Path> extraDirs) {
        ClaimCatalog cat = new ClaimCatalog();
        for (ExperimentProvider p : providers) {
            p.experiments().forEach((name, e) -> {
                if (cat.experiments.putIfAbsent(name, e) != null) {
                    throw new IllegalStateException("experiment '" + name + "' registered twice");
                }
                cat.lineOfExperiment.put(name, p.line());
            });
            p.references().forEach((name, f) -> {
                if (cat.references.putIfAbsent(name, f) != null) {
                    throw new IllegalStateException("reference function '" + name + "' registered twice");
                }
            });
        }
        ClaimFileLoader loader = new ClaimFileLoader(cat.experiments, cat.references);
        for (ExperimentProvider p : providers) {
            for (String file : p.claimFiles()) {
                cat.add(loader.loadResource(file, p.getClass().getClassLoader()));
            }
        }
        for (Path dir : extraDirs) {
            for (Path file : claimFiles(dir)) {
                cat.add(loader.loadFile(file));
            }
        }
        return cat;
    }

    private void add(List<Claim> fileClaims) {
        for (Claim c : fileClaims) {
            Claim prev = claims.putIfAbsent(c.id(), c);
            if (prev != null) {
                throw new LinreproException(c.file() + ": claim '" + c.id() + "' is also defined in " + prev.file());
            }
            lineOfClaim.put(c.id(), lineOfExperiment.get(c.experiment()));
        }
    }

    private static List<Path> claimFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LinreproException("claims folder " + dir + " does not exist or is not a folder");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            // official/ folders hold the official configurations beside the claim files (OfficialConfig), not claims
            return s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json")
                    && !f.getParent().getFileName().toString().equals("official")).sorted().toList();
        } catch (IOException e) {
            throw new LinreproException("cannot read claims folder " + dir + ": " + e.getMessage());
        }
    }

    /** The claim's effective config: its keys plus every default, as the experiment reads it (a copy). */
    public ObjectNode effectiveConfig(Claim c) {
        return c.config().json();
    }

    public Map<String, ReferenceFunction> references() {
        return java.util.Collections.unmodifiableMap(references);
    }

    public Map<String, Experiment> experiments() {
        return java.util.Collections.unmodifiableMap(experiments);
    }

    public List<Claim> all() {
        return List.copyOf(claims.values());
    }

    public String lineOf(Claim c) {
        return lineOfClaim.get(c.id());
    }

    public Claim byId(String id) {
        Claim c = claims.get(id);
        if (c == null) {
            List<String> near = closest(id, claims.keySet(), 3);
            throw new LinreproException("unknown claim id '" + id + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
                    + " (./linrepro list shows all ids)");
        }
        return c;
    }

    public Experiment experiment(String name) {
        Experiment e = experiments.get(name);
        if (e == null) {
            throw new LinreproException("unknown experiment '" + name + "'");
        }
        return e;
    }

    /** Claims of the given line ids (all lines when empty), tiers and paper (null = any), in file order. */
    public List<Claim> select(Set<String> lines, Set<Tier> tiers, String arxiv) {
        List<Claim> out = new ArrayList<>();
        for (Claim c : claims.values()) {
            if ((lines.isEmpty() || lines.contains(lineOf(c))) && tiers.contains(c.tier())
                    && (arxiv == null || c.paper().arxiv().equals(arxiv))) {
                out.add(c);
            }
        }
        return out;
    }

    /** Checks that an arXiv id belongs to some claim; suggests known ids otherwise. */
    public void requirePaper(String arxiv) {
        Set<String> papers = claims.values().stream().map(c -> c.paper().arxiv())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!papers.contains(arxiv)) {
            throw new LinreproException("no claims for paper '" + arxiv + "'; papers with claims: "
                    + String.join(", ", papers));
        }
    }

    static List<String> closest(String query, Collection<String> candidates, int k) {
        return candidates.stream()
                .map(c -> Map.entry(c, c.contains(query) || query.contains(c) ? 0 : EditDistance.between(query, c)))
                .filter(e -> e.getValue() <= Math.max(3, query.length() / 2))
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(k).map(Map.Entry::getKey).toList();
    }
}
