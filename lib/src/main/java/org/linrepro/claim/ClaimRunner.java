package org.linrepro.claim;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.linrepro.run.CpuThreads;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;
import org.linrepro.util.Versions;

/**
 * Runs one claim's experiment and turns the measurement into a {@link Verdict}. Used alike by JUnit, the CLI and
 * notebooks. Errors inside an experiment become an ERROR verdict with one clear message (never a stack trace).
 */
public final class ClaimRunner {
    private final ClaimCatalog catalog;
    private final Device device;
    private final Progress progress;
    private final Function<String, String> missingData;

    /**
     * @param missingData for a dataset name, null when the data is present and verified, else the message that
     *                    says what is missing and which command fetches it
     */
    public ClaimRunner(ClaimCatalog catalog, Device device, Progress progress, Function<String, String> missingData) {
        this.catalog = catalog;
        this.device = device;
        this.progress = progress;
        this.missingData = missingData;
    }

    /** The first missing dataset's message, or null when the claim can run. */
    public String missingDataFor(Claim claim) {
        for (String d : claim.data()) {
            String m = missingData.apply(d);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Runs the claim with its own seed, or {@code seedOverride} when non-null. */
    public Verdict run(Claim claim, Long seedOverride) {
        long seed = seedOverride != null ? seedOverride : claim.seed();
        if (!claim.reproduced()) {
            NotReproduced nr = claim.notReproduced();
            return verdict(claim, seed, nr.measured(), null, null, Verdict.Status.NOT_REPRODUCED, nr.message(),
                    0, Map.of(), List.of());
        }
        String missing = missingDataFor(claim);
        if (missing != null) {
            return verdict(claim, seed, null, null, null, Verdict.Status.NO_DATA, missing, 0, Map.of(), List.of());
        }
        long t0 = System.nanoTime();
        Measurement m;
        // A fixed CPU thread count keeps reduction order, hence numbers, the same on any machine, and one thread is
        // much faster for the small models of the quick tier on a busy 2-core machine (LINREPRO_THREADS to change).
        try (CpuThreads threads = CpuThreads.limit(device, CpuThreads.configured())) {
            Engine.getInstance().setRandomSeed((int) (seed & 0x7fffffff));
            m = catalog.experiment(claim.experiment())
                    .run(new RunContext(claim, claim.config(), seed, device, progress));
        } catch (org.linrepro.data.MissingInputException e) {
            return verdict(claim, seed, null, null, null, Verdict.Status.NO_DATA, e.getMessage(), 0, Map.of(),
                    List.of());
        } catch (LinreproException e) {
            return error(claim, seed, e.getMessage(), t0);
        } catch (OutOfMemoryError e) {
            return error(claim, seed, "out of memory (" + e.getMessage()
                    + "); lower the batch size in the claim's config or raise -Xmx", t0);
        } catch (Exception e) {
            return error(claim, seed, "experiment " + claim.experiment() + " failed: " + e, t0);
        } finally {
            progress.done();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Double reference;
        try {
            reference = reference(claim, seed);
        } catch (org.linrepro.data.MissingInputException e) {
            return verdict(claim, seed, null, null, null, Verdict.Status.NO_DATA, e.getMessage(), 0, Map.of(),
                    List.of());
        } catch (Exception e) {
            return error(claim, seed, "reference " + claim.reported().reference().text() + " failed: "
                    + (e instanceof LinreproException ? e.getMessage() : e.toString()), t0);
        }
        Tolerance.Check check;
        try {
            check = claim.tolerance().check(m.value(), reference, m.standardError());
        } catch (IllegalStateException e) {
            return error(claim, seed, e.getMessage(), t0);
        }
        Verdict v = verdict(claim, seed, m.value(), m.standardError(), check.margin(),
                check.passed() ? Verdict.Status.PASS : Verdict.Status.FAIL, check.explanation(), secs,
                m.details(), m.figures());
        if (reference != null && !claim.reported().hasValue()) {
            v = withReported(v, reference);
        }
        return v;
    }

    /**
     * The printed number, or the claim's reference function evaluated on its arguments: apart from the experiment,
     * so an experiment cannot choose what it is checked against.
     */
    private Double reference(Claim claim, long seed) throws Exception {
        if (claim.reported().hasValue()) {
            return claim.reported().value();
        }
        ReferenceCall call = claim.reported().reference();
        return call.evaluate(new RunContext(claim, call.args(), seed, device, progress));
    }

    private Verdict error(Claim claim, long seed, String message, long t0) {
        return verdict(claim, seed, null, null, null, Verdict.Status.ERROR, message, (System.nanoTime() - t0) / 1e9,
                Map.of(), List.of());
    }

    private Verdict verdict(Claim c, long seed, Double measured, Double se, Double margin, Verdict.Status status,
            String message, double secs, Map<String, Double> details, List<FigureData> figures) {
        Map<String, String> versions = new java.util.LinkedHashMap<>(Versions.all());
        if ("cpu".equals(device.getDeviceType())) {
            versions.put("cpuThreads", String.valueOf(CpuThreads.configured()));
        }
        return new Verdict(c.id(), c.paper().arxiv(), c.paper().shortTitle(), c.source(), c.kind().id(),
                c.tier().id(), c.reported().value(), c.reported().text(), measured, se, c.tolerance().text(),
                c.tolerance().why(), margin, status, message, seed, c.config().hash(), c.config().canonical(),
                device.toString(), versions, secs, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                details, figures);
    }

    private static Verdict withReported(Verdict v, double reference) {
        return new Verdict(v.claimId(), v.arxiv(), v.paper(), v.source(), v.kind(), v.tier(), reference,
                Numbers.format(reference) + " = " + v.reportedText(), v.measured(), v.standardError(), v.tolerance(),
                v.toleranceWhy(), v.margin(), v.status(), v.message(), v.seed(), v.configHash(), v.config(),
                v.device(), v.versions(), v.wallSeconds(), v.timestamp(), v.details(), v.figures());
    }
}
