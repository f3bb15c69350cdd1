package org.linrepro.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ClaimRunner;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Numbers;
import org.linrepro.claim.Report;
import org.linrepro.claim.Tier;
import org.linrepro.claim.Verdict;
import org.linrepro.claim.VerdictSummary;
import org.linrepro.data.DataRoot;
import org.linrepro.data.Datasets;
import org.linrepro.results.StoredRuns;
import org.linrepro.shard.WorkUnit;
import org.linrepro.util.Devices;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run claims and check them against the papers; print a verdict table and write reports/.",
            "Without ids: every unit- and quick-tier claim whose data is present, then the skipped ones with the "
                    + "command that fetches their data.",
            "Exit 1 when any verdict fails the run (FAIL, ERROR, UNEXPECTED PASS; missing data too under "
                    + "LINREPRO_REQUIRE_DATA=1), else 0; 2 for usage or data errors."})
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CLAIM_ID", arity = "0..*", description = "claims to run (see: linrepro list)")
    List<String> ids = new ArrayList<>();

    @Option(names = "--paper", paramLabel = "ARXIV_ID", description = "only this paper's claims")
    String paper;

    @Option(names = "--tier", paramLabel = "TIER", split = ",",
            description = "tiers to run: unit, quick, paper (default: unit,quick)")
    List<String> tiers;

    @Option(names = "--seed", paramLabel = "N", description = "master seed for every claim (default: each claim's own)")
    Long seed;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu or gpu (default: $LINREPRO_DEVICE or cpu)")
    String device;

    @Option(names = "--reports", paramLabel = "DIR", defaultValue = "reports",
            description = "report folder (default: ${DEFAULT-VALUE})")
    Path reports;

    @picocli.CommandLine.Mixin
    ClaimSources sources = new ClaimSources();

    @Option(names = "--shard", paramLabel = "I/N", description = "run only shard I (from 0) of N: a deterministic "
            + "share of the selected claims x seeds, balanced by estimated cost; finished verdicts are kept in the "
            + "result store ($LINREPRO_RESULTS) and reused when the shard is retried")
    String shard;

    @Option(names = "--plan", paramLabel = "FILE", description = "balance shards by this plan's device-hours "
            + "(linrepro plan --out FILE); default: by steps x batch x length from the configs")
    Path plan;

    @Option(names = "--rerun", description = "measure again even when the result store holds a verdict")
    boolean rerun;

    @Option(names = "--results", description = "use the result store without --shard too (reuse finished verdicts)")
    boolean useStore;

    @Override
    public Integer call() {
        ClaimCatalog catalog = sources.catalog();
        List<Claim> claims = Selection.select(catalog, ids, paper,
                Selection.tiers(tiers, EnumSet.of(Tier.UNIT, Tier.QUICK)));
        if (claims.isEmpty()) {
            throw new LinreproException("no claims match" + (paper != null ? " paper " + paper : "")
                    + (tiers != null ? " tiers " + tiers : "") + " (./linrepro list shows them)");
        }
        Device dev = Devices.select(device != null ? device : Devices.defaultName());
        DataRoot data = DataRoot.fromEnvironment();
        ConsoleProgress progress = new ConsoleProgress(System.err);
        ClaimRunner runner = new ClaimRunner(catalog, dev, progress,
                ds -> data.isAvailable(ds) ? null : data.status(ds).summary() + "; fetch it with "
                        + Datasets.fetchCommand(ds));
        List<Claim> runnable = new ArrayList<>();
        List<Claim> skipped = new ArrayList<>();
        for (Claim c : claims) {
            (runner.missingDataFor(c) == null ? runnable : skipped).add(c);
        }
        if (!ids.isEmpty() && !skipped.isEmpty()) {
            throw new LinreproException(skipped.get(0).id() + ": " + runner.missingDataFor(skipped.get(0))
                    + " (data root " + data.root() + ")");
        }
        boolean requireData = VerdictSummary.requireDataFromEnvironment();
        Ledger ledger = new Ledger(reports.resolve("ledger.jsonl"));
        List<Verdict> verdicts = new ArrayList<>();
        List<WorkUnit> units = ShardedRun.units(runnable, seed, shard, plan);
        StoredRuns store = ShardedRun.store(shard != null || useStore, rerun, dev);
        System.out.println("Running " + units.size() + " claim(s) on " + dev + " (data root " + data.root() + ")"
                + (shard != null ? ", shard " + shard + " of " + runnable.size() + " selected" : ""));
        for (int i = 0; i < units.size(); i++) {
            Claim c = units.get(i).claim();
            long s = units.get(i).seed();
            progress.claim(i + 1, units.size(), c.id());
            StoredRuns.Outcome o = store.run(c, s, () -> runner.run(c, s));
            Verdict v = o.verdict();
            ledger.append(v, o.reused());
            verdicts.add(v);
            System.out.println("  " + v.status().label() + "  " + c.id() + "  measured " + Report.measuredText(v)
                    + (o.reused() != null ? "  (reused from the result store: measured " + v.run().timestamp()
                            + ", not by this run)" : "  (" + Numbers.seconds(v.run().wallSeconds()) + " s)")
                    + (v.status() == Verdict.Status.PASS ? "" : "\n      " + v.result().message()));
        }
        // Claims whose data is missing get a verdict too, so they count in the summary (and fail the run when data is
        // required) instead of vanishing from it.
        List<Verdict> noData = new ArrayList<>();
        for (Claim c : skipped) {
            Verdict v = runner.run(c, seed);
            ledger.append(v);
            noData.add(v);
        }
        verdicts.addAll(noData);
        System.out.println();
        System.out.print(verdictTable(verdicts));
        Path index = Report.write(reports, ledger.latest(), ledger.readAll());
        System.out.println("\nReport: " + index + "  (ledger: " + ledger.file() + ")");
        if (!noData.isEmpty()) {
            System.out.println("\n" + noData.size() + " claim(s) not run, data missing"
                    + (requireData ? " (a failure: LINREPRO_REQUIRE_DATA=1)" : "") + ":");
            for (Verdict v : noData) {
                System.out.println("  " + v.claimId() + ": " + v.result().message());
            }
        }
        System.out.print("\n" + summaryText(VerdictSummary.of(verdicts, requireData), verdicts));
        return VerdictSummary.of(verdicts, requireData).failsRun() ? 1 : 0;
    }

    /** The closing lines: every status counted, the paper/derived split, the deviating claims, the outcome. */
    static String summaryText(VerdictSummary s, List<Verdict> verdicts) {
        StringBuilder b = new StringBuilder(s.statusLine()).append('\n').append(s.checkedLine()).append('\n');
        for (Verdict v : verdicts) {
            if (v.status() == Verdict.Status.DEVIATES || v.status() == Verdict.Status.UNEXPECTED_PASS) {
                b.append("  ").append(v.status().label()).append(": ").append(v.claimId()).append(" — ")
                        .append(v.result().message()).append('\n');
            }
        }
        return b.append(s.verdictLine()).append('\n').toString();
    }

    static String verdictTable(List<Verdict> verdicts) {
        TextTable t = new TextTable(48, "claim", "reported", "measured", "tolerance", "verdict", "seconds");
        for (Verdict v : verdicts) {
            Verdict.ClaimInfo c = v.claim();
            t.row(c.id(), c.reported() != null ? Numbers.format(c.reported()) : c.reportedText(),
                    Report.measuredText(v), c.tolerance(), v.status().label(), Numbers.seconds(v.run().wallSeconds()));
        }
        return t.toString();
    }
}
