package org.linrepro.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ClaimRunner;
import org.linrepro.run.Progress;
import org.linrepro.claim.Tier;
import org.linrepro.data.DataRoot;
import org.linrepro.data.Datasets;
import org.linrepro.plan.PilotProcess;
import org.linrepro.plan.PlanRow;
import org.linrepro.plan.Planner;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.Devices;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Before spending device-hours: per claim the trained parameters at its exact config, peak memory "
                + "and seconds per step from a short pilot (a few steps of the full model and data pipeline on this "
                + "device, in a child process), total steps and estimated device-hours; totals at the end.",
            "A config that cannot run fails here, in seconds. --no-pilot runs no step: the model is built and "
                    + "seconds per step are estimated from counts (6 x parameters x tokens at the measured matmul "
                    + "rate, a lower bound).",
            "Times cover training steps and set-up; periodic evaluation is not included."})
final class PlanCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CLAIM_ID", arity = "0..*", description = "claims to plan (default: the tiers)")
    List<String> ids = new ArrayList<>();

    @Option(names = "--tier", paramLabel = "TIER", split = ",", description = "tiers (default: paper)")
    List<String> tiers;

    @Option(names = "--paper", paramLabel = "ARXIV_ID", description = "only this paper's claims")
    String paper;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json")
    String format;

    @Option(names = "--no-pilot", description = "run no training step; estimate seconds per step from counts")
    boolean noPilot;

    @Option(names = "--pilot-steps", paramLabel = "N", defaultValue = "3",
            description = "steps timed after the first (default: ${DEFAULT-VALUE})")
    int pilotSteps;

    @Option(names = "--pilot-seconds", paramLabel = "S", defaultValue = "120",
            description = "stop timing a pilot after this long, once a step finished (default: ${DEFAULT-VALUE})")
    double pilotSeconds;

    @Option(names = "--pilot-timeout", paramLabel = "S", defaultValue = "900",
            description = "kill a pilot still running after this long (default: ${DEFAULT-VALUE})")
    double pilotTimeout;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "kill a pilot whose resident memory exceeds this, e.g. 12g (default: 80 % of available)")
    String maxMemory;

    @Option(names = "--in-process", description = "run the pilots in this process (no memory cap or time-out)")
    boolean inProcess;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu or gpu (default: $LINREPRO_DEVICE or cpu)")
    String device;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the plan as JSON (for --shard balancing)")
    Path out;

    @Option(names = "--row-out", paramLabel = "FILE", hidden = true,
            description = "child mode: plan the one claim given in-process and write its row as JSON")
    Path rowOut;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new LinreproException("--format must be table or json, got '" + format + "'");
        }
        ClaimCatalog catalog = ClaimCatalog.load();
        List<Claim> claims = Selection.select(catalog, ids, paper, Selection.tiers(tiers, EnumSet.of(Tier.PAPER)));
        if (claims.isEmpty()) {
            throw new LinreproException("no claims match (./linrepro list shows them)");
        }
        String devName = device != null ? device : Devices.defaultName();
        Device dev = Devices.select(devName);
        DataRoot data = DataRoot.fromEnvironment();
        ClaimRunner runner = new ClaimRunner(catalog, dev, Progress.NONE,
                ds -> data.isAvailable(ds) ? null : data.status(ds).summary() + "; fetch it with "
                        + Datasets.fetchCommand(ds));
        int steps = noPilot ? 0 : pilotSteps;
        Planner planner = new Planner(catalog, runner::missingDataFor, Progress.NONE);
        if (rowOut != null) { // the child of PilotProcess
            AtomicFiles.write(rowOut, JSON.writeValueAsString(planner.plan(claims.get(0), dev, steps, pilotSeconds)));
            return 0;
        }
        PilotProcess child = new PilotProcess(Main.class.getName(), childArgs(devName, steps),
                maxMemoryBytes(), pilotTimeout);
        List<PlanRow> rows = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            System.err.println("[" + (i + 1) + "/" + claims.size() + "] plan " + c.id());
            // Claims whose data is missing, and counts-only plans (no step, small memory), need no child process.
            PlanRow r = inProcess || noPilot || runner.missingDataFor(c) != null
                    ? planner.plan(c, dev, steps, pilotSeconds) : child.plan(c, dev.toString());
            if (r.status().equals("too big")) {
                r = withCounts(r, planner.plan(c, dev, 0, pilotSeconds));
            }
            rows.add(r);
            System.err.println("    " + r.status() + (Double.isNaN(r.deviceHours()) ? "" : String.format(Locale.ROOT,
                    ", %.3g device-h", r.deviceHours())) + (r.note().isEmpty() ? "" : " (" + r.note() + ")"));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("device", dev.toString());
        doc.put("pilotSteps", steps);
        doc.put("rows", rows);
        doc.put("totals", totals(rows));
        if (out != null) {
            AtomicFiles.write(out, JSON.writeValueAsString(doc) + "\n");
        }
        System.out.print(format.equals("json") ? JSON.writeValueAsString(doc) + "\n" : table(rows, dev.toString()));
        return 0;
    }

    /**
     * A pilot over the memory cap still gets an estimate: the model is built without a step (little memory) and the
     * time estimated from counts. The row stays "too big" (for this cap) and says where its numbers come from.
     */
    static PlanRow withCounts(PlanRow big, PlanRow counts) {
        if (!counts.ok()) {
            return big;
        }
        return new PlanRow(big.claimId(), big.tier(), big.experiment(), big.device(), big.status(),
                counts.parameters(), counts.tokensPerStep(), counts.steps(), counts.runs(), counts.secondsPerStep(),
                -1, counts.setupSeconds(), counts.deviceHours(), "counts", big.note() + "; " + counts.note());
    }

    private List<String> childArgs(String devName, int steps) {
        return List.of("plan", "--device", devName, "--pilot-steps", String.valueOf(steps), "--pilot-seconds",
                String.valueOf(pilotSeconds));
    }

    private long maxMemoryBytes() {
        if (maxMemory == null) {
            long avail = availableBytes();
            return avail > 0 ? (long) (0.8 * avail) : 0;
        }
        String t = maxMemory.trim().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : 1;
        try {
            return (long) (Double.parseDouble(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit);
        } catch (NumberFormatException e) {
            throw new LinreproException("--max-memory: expected a size like 12g or 800m, got '" + maxMemory + "'");
        }
    }

    private static long availableBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemAvailable:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    static Map<String, Object> totals(List<PlanRow> rows) {
        Map<String, Object> t = new LinkedHashMap<>();
        double hours = rows.stream().filter(r -> !Double.isNaN(r.deviceHours())).mapToDouble(PlanRow::deviceHours).sum();
        t.put("claims", rows.size());
        t.put("estimated", rows.stream().filter(r -> !Double.isNaN(r.deviceHours())).count());
        t.put("deviceHours", hours);
        t.put("noData", rows.stream().filter(r -> r.status().equals("no data")).count());
        t.put("overMemoryCap", rows.stream().filter(r -> r.status().equals("too big")).count());
        t.put("failed", rows.stream().filter(r -> !r.ok() && !r.status().equals("no data")
                && !r.status().equals("too big")).count());
        return t;
    }

    static String table(List<PlanRow> rows, String device) {
        TextTable t = new TextTable(60, "claim", "params", "steps", "s/step", "peak mem", "set-up s", "device-h",
                "status", "note");
        for (PlanRow r : rows) {
            t.row(r.claimId(), r.parameters() < 0 ? "—" : count(r.parameters()),
                    r.steps() < 0 ? "—" : count(r.steps()) + (r.runs() > 1 ? " (" + r.runs() + " runs)" : ""),
                    num(r.secondsPerStep()), r.peakBytes() < 0 ? "—" : String.format(Locale.ROOT, "%.1f GB",
                            r.peakBytes() / 1e9), num(r.setupSeconds()), num(r.deviceHours()),
                    r.status() + (!r.estimate().isEmpty() && !r.estimate().equals("pilot") ? " (" + r.estimate() + ")"
                            : ""), r.note());
        }
        Map<String, Object> tot = totals(rows);
        return t + String.format(Locale.ROOT, "%nTotal on %s: %.1f device-hours for %s of %d claims (%s without data, "
                + "%s over the pilot's memory cap, estimated from counts; %s failed)%n", device,
                (double) tot.get("deviceHours"), tot.get("estimated"), rows.size(), tot.get("noData"),
                tot.get("overMemoryCap"), tot.get("failed"));
    }

    static String count(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.valueOf(n);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v);
    }
}
