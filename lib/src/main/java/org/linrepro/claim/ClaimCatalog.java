package org.linrepro.claim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.linrepro.util.EditDistance;
import org.linrepro.util.LinreproException;

/**
 * All claims of all lines, and all experiments, found through {@link ExperimentProvider} services. Claim ids are
 * unique across files; unknown ids get a suggestion of the closest ones.
 */
public final class ClaimCatalog {
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final Map<String, String> lineOfClaim = new LinkedHashMap<>();

    private ClaimCatalog() {}

    /** Loads every provider on the classpath. */
    public static ClaimCatalog load() {
        return of(ServiceLoader.load(ExperimentProvider.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public static ClaimCatalog of(Collection<ExperimentProvider> providers) {
        ClaimCatalog cat = new ClaimCatalog();
        for (ExperimentProvider p : providers) {
            p.experiments().forEach((name, e) -> {
                if (cat.experiments.putIfAbsent(name, e) != null) {
                    throw new IllegalStateException("experiment '" + name + "' registered twice");
                }
            });
        }
        ClaimFileLoader loader = new ClaimFileLoader(cat.experiments::containsKey);
        for (ExperimentProvider p : providers) {
            for (String file : p.claimFiles()) {
                for (Claim c : loader.loadResource(file, p.getClass().getClassLoader())) {
                    Claim prev = cat.claims.putIfAbsent(c.id(), c);
                    if (prev != null) {
                        throw new LinreproException(file + ": claim '" + c.id() + "' is also defined in " + prev.file());
                    }
                    cat.lineOfClaim.put(c.id(), p.line());
                }
            }
        }
        return cat;
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
