package org.linrepro.repro.notebook;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ClaimRunner;
import org.linrepro.claim.Config;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.FigureRenderer;
import org.linrepro.claim.Measurement;
import org.linrepro.run.Progress;
import org.linrepro.claim.Report;
import org.linrepro.claim.RunContext;
import org.linrepro.claim.Tier;
import org.linrepro.claim.Verdict;
import org.linrepro.claim.VerdictSummary;
import org.linrepro.data.DataRoot;
import org.linrepro.data.Datasets;
import org.linrepro.run.CpuThreads;
import org.linrepro.util.LinreproException;
import tech.tablesaw.api.Table;

/**
 * What a notebook needs from the claim engine, in a few short calls: run claims by id (or id prefix ending in
 * {@code *}) at the notebook's tier, show the verdicts as a table and their figures as charts, and preview an
 * experiment at a tiny scale.
 *
 * <p>The tier comes from {@code LINREPRO_TIER}: {@code smoke} runs unit-tier claims only (seconds; what CI runs),
 * {@code quick} (default) adds the quick tier, {@code paper} runs everything. Claims above the tier are listed as
 * skipped, never run. {@link #preview} runs an experiment with its training shrunk (for smoke runs, so the code path
 * and figures still appear); it returns a measurement, not a verdict, because a shrunk run checks nothing.
 */
public final class NotebookClaims {
    private static ClaimCatalog catalog;

    private NotebookClaims() {}

    private static synchronized ClaimCatalog catalog() {
        if (catalog == null) {
            catalog = ClaimCatalog.load();
        }
        return catalog;
    }

    /** {@code smoke}, {@code quick} or {@code paper}, from {@code LINREPRO_TIER} (default quick). */
    public static String tier() {
        String t = System.getenv().getOrDefault("LINREPRO_TIER", "quick").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("smoke", "quick", "paper").contains(t)) {
            throw new LinreproException("LINREPRO_TIER must be smoke, quick or paper; got '" + t + "'");
        }
        return t;
    }

    /** The highest claim tier the notebook tier runs: smoke → unit, quick → quick, paper → paper. */
    public static Tier maxTier() {
        return switch (tier()) {
            case "smoke" -> Tier.UNIT;
            case "paper" -> Tier.PAPER;
            default -> Tier.QUICK;
        };
    }

    /** Claims by exact id or by prefix ({@code "vonoswald-*"}), in catalogue order, without duplicates. */
    public static List<Claim> find(String... idsOrPrefixes) {
        Set<Claim> out = new LinkedHashSet<>();
        for (String p : idsOrPrefixes) {
            if (p.endsWith("*")) {
                String prefix = p.substring(0, p.length() - 1);
                List<Claim> hits = catalog().all().stream().filter(c -> c.id().startsWith(prefix)).toList();
                if (hits.isEmpty()) {
                    throw new LinreproException("no claim id starts with '" + prefix + "'");
                }
                out.addAll(hits);
            } else {
                out.add(catalog().byId(p));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Runs the matching claims whose tier the notebook's tier includes; prints one line per claim (skipped ones too)
     * and shows a live progress line (claim, phase, step, loss, ETA) that ends as a summary.
     */
    public static List<Verdict> run(String... idsOrPrefixes) {
        DataRoot data = DataRoot.fromEnvironment();
        List<Claim> claims = find(idsOrPrefixes);
        List<Claim> runnable = claims.stream().filter(c -> c.tier().ordinal() <= maxTier().ordinal()).toList();
        CellProgress progress = CellProgress.start("running " + runnable.size() + " claim(s) …");
        ClaimRunner runner = new ClaimRunner(catalog(), Device.cpu(), progress, ds -> data.isAvailable(ds)
                ? null : data.status(ds).summary() + "; fetch it with " + Datasets.fetchCommand(ds));
        List<Verdict> out = new ArrayList<>();
        for (Claim c : claims) {
            if (!runnable.contains(c)) {
                System.out.println("skipped at LINREPRO_TIER=" + tier() + ": " + c.id() + " (" + c.tier().id()
                        + " tier)");
                continue;
            }
            progress.item(out.size() + 1, runnable.size(), c.id());
            Verdict v = runner.run(c, null);
            System.out.println(v.status().label() + "  " + c.id() + "  (" + String.format(Locale.ROOT, "%.1f",
                    v.run().wallSeconds()) + " s)");
            out.add(v);
        }
        // the same counts as the CLI and the JUnit suite (one VerdictSummary)
        StringBuilder summary = new StringBuilder("ran " + out.size() + " claim(s): " + summary(out));
        if (runnable.size() < claims.size()) {
            summary.append("; ").append(claims.size() - runnable.size()).append(" above LINREPRO_TIER=").append(tier());
        }
        progress.finish(summary.toString());
        return out;
    }

    /** Every status counted, as the CLI and the JUnit suite count them (one {@link VerdictSummary}). */
    public static String summary(List<Verdict> verdicts) {
        VerdictSummary s = VerdictSummary.of(verdicts, VerdictSummary.requireDataFromEnvironment());
        return s.statusLine() + "; " + s.checkedLine();
    }

    /**
     * Reported vs measured, one row per verdict: {@link Report#summary} without its paper and source columns,
     * which the notebook's text gives (use {@code Report.summary} for the full table).
     */
    public static Table table(List<Verdict> verdicts) {
        return Report.summary(verdicts).removeColumns("paper", "source");
    }

    /** Every figure the verdicts carry, once each (claims sharing a trained model share its figures). */
    public static List<XYChart> charts(List<Verdict> verdicts) {
        Set<String> seen = new LinkedHashSet<>();
        List<XYChart> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            for (FigureData f : v.result().figures() == null ? List.<FigureData>of() : v.result().figures()) {
                if (seen.add(f.name())) {
                    out.add(FigureRenderer.chart(f));
                }
            }
        }
        return out;
    }

    /**
     * Runs one claim's experiment with a shrunk config: {@code steps} ÷ 100 (at least 40), evaluation sets of at
     * most 1000 prompts, Monte-Carlo sets of at most 5000. The result shows that the code runs and what its figures
     * look like; its numbers are not the claim's.
     */
    public static Measurement preview(String id) {
        Claim c = catalog().byId(id);
        ObjectNode given = c.config().given();
        ObjectNode cfg = given.objectNode();
        if (given.has("steps")) {
            cfg.put("steps", Math.max(40, given.get("steps").asInt() / 100));
        }
        if (given.has("evalTasks")) {
            cfg.put("evalTasks", Math.min(1000, given.get("evalTasks").asInt()));
        }
        if (given.has("tasks")) {
            cfg.put("tasks", Math.min(5000, given.get("tasks").asInt()));
        }
        Config small = c.config().with("preview of claim '" + id + "'", cfg);
        // the same CPU thread count and seed handling as the claim runner
        CellProgress progress = CellProgress.start("preview of " + id + " …");
        try (CpuThreads threads = CpuThreads.limit(Device.cpu(), CpuThreads.configured())) {
            Engine.getInstance().setRandomSeed((int) (c.seed() & 0x7fffffff));
            Measurement m = catalog().experiment(c.experiment())
                    .run(new RunContext(c, small, c.seed(), Device.cpu(), progress));
            progress.finish("preview of " + id + " done");
            return m;
        } catch (LinreproException e) {
            throw e;
        } catch (Exception e) {
            throw new LinreproException("preview of " + id + " failed: " + e, LinreproException.FAILED, e);
        }
    }

    /** The charts of a measurement (e.g. of {@link #preview}). */
    public static List<XYChart> charts(Measurement m) {
        return m.figures().stream().map(FigureRenderer::chart).toList();
    }
}
