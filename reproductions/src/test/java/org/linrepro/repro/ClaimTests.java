package org.linrepro.repro;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ClaimRunner;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Numbers;
import org.linrepro.run.Progress;
import org.linrepro.claim.Report;
import org.linrepro.claim.Tier;
import org.linrepro.claim.Verdict;
import org.linrepro.claim.VerdictSummary;
import org.linrepro.data.DataRoot;
import org.linrepro.data.Datasets;

/**
 * Turns every claim of a line (of the tiers selected by {@code -Dlinrepro.tier}) into a dynamic JUnit test named by
 * its id. PASS passes; FAIL, ERROR and UNEXPECTED PASS fail with the verdict's message; NOT_REPRODUCED, DEVIATES
 * and NO_DATA are skipped (aborted) with the message and today's value, except that NO_DATA fails under
 * {@code LINREPRO_REQUIRE_DATA=1}. Verdicts go to {@code target/linrepro-reports/} (ledger + report).
 */
public final class ClaimTests {
    private static final Path REPORTS = Path.of("target", "linrepro-reports");
    private static final List<Verdict> RUN = new ArrayList<>();
    private static final boolean REQUIRE_DATA = VerdictSummary.requireDataFromEnvironment();

    private ClaimTests() {}

    /** unit → unit; quick (default) → unit + quick; paper → all tiers. */
    public static Set<Tier> selectedTiers() {
        Tier max = Tier.parse(System.getProperty("linrepro.tier", "quick"));
        Set<Tier> s = EnumSet.noneOf(Tier.class);
        for (Tier t : Tier.values()) {
            if (t.ordinal() <= max.ordinal()) {
                s.add(t);
            }
        }
        return s;
    }

    public static Stream<DynamicTest> forLine(String line) {
        ClaimCatalog catalog = ClaimCatalog.load();
        DataRoot data = DataRoot.fromEnvironment();
        ClaimRunner runner = new ClaimRunner(catalog, Device.cpu(), new SparseProgress(), ds -> data.isAvailable(ds)
                ? null : data.status(ds).summary() + "; fetch it with " + Datasets.fetchCommand(ds));
        Assertions.assertFalse(catalog.select(Set.of(line), EnumSet.allOf(Tier.class), null).isEmpty(),
                "line " + line + " has no claims");
        // a line may have no claims in the selected tiers (tracking has none in the unit tier): no tests then
        List<Claim> claims = catalog.select(Set.of(line), selectedTiers(), null);
        return claims.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> check(runner, c)));
    }

    private static void check(ClaimRunner runner, Claim c) {
        Verdict v = runner.run(c, null);
        record(v);
        String line = String.format("[claim] %-48s %-15s reported %s, measured %s, tolerance %s, %s s", c.id(),
                v.status().label(), v.claim().reported() != null ? Numbers.format(v.claim().reported())
                        : v.claim().reportedText(), Report.measuredText(v), v.claim().tolerance(),
                Numbers.seconds(v.run().wallSeconds()));
        System.out.println(line);
        // the same rule as the CLI's exit code and the reports' counts (VerdictSummary)
        String message = c.id() + ": " + v.status().label() + " (measured " + Report.measuredText(v) + "): "
                + v.result().message();
        switch (VerdictSummary.outcome(v.status(), REQUIRE_DATA)) {
            case PASSED -> { }
            case SKIPPED -> Assumptions.abort(message);
            case FAILED -> Assertions.fail(message);
        }
    }

    private static synchronized void record(Verdict v) {
        RUN.add(v);
        Ledger ledger = new Ledger(REPORTS.resolve("ledger.jsonl"));
        ledger.append(v);
        Report.write(REPORTS, ledger.latest(), ledger.readAll());
    }

    /**
     * The closing line of the claims run since the last call (see {@link ClaimSummaryListener}: one line's test class,
     * since Failsafe runs each class as its own test plan when it forks several JVMs), counted as the CLI counts and
     * named by line; null if none ran.
     */
    static synchronized String summary() {
        if (RUN.isEmpty()) {
            return null;
        }
        VerdictSummary s = VerdictSummary.of(RUN, REQUIRE_DATA);
        String lines = String.join(",", RUN.stream().map(v -> v.claim().line()).distinct().sorted().toList());
        RUN.clear();
        return "[claims] " + lines + ": " + s.statusLine() + "; " + s.checkedLine() + "; " + s.verdictLine();
    }

    /** Prints a progress line at most every 10 s (test logs). */
    private static final class SparseProgress implements Progress {
        private long last;

        @Override
        public void update(String phase, long step, long total, Map<String, Double> metrics) {
            long now = System.nanoTime();
            if (now - last > 10_000_000_000L) {
                last = now;
                System.out.println("    " + phase + " " + step + "/" + total + " " + metrics);
            }
        }
    }
}
