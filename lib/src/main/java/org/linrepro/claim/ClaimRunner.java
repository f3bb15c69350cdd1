package org.linrepro.claim;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.linrepro.run.CpuThreads;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;
import org.linrepro.util.Versions;

/**
 * Runs one claim's experiment and turns the measurement into a {@link Verdict}. Used alike by JUnit, the CLI and
 * notebooks. Every claim runs, including those marked not reproduced (strict expected failures, see
 * {@link Expectation}). Errors inside an experiment become an ERROR verdict with one clear message (never a stack
 * trace).
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
        Verdict.ClaimInfo info = Verdict.ClaimInfo.of(claim);
        String missing = missingDataFor(claim);
        if (missing != null) {
            return verdict(info, noData(claim, missing), seed, claim, 0);
        }
        long t0 = System.nanoTime();
        Measurement m;
        try {
            m = measure(claim, seed);
        } catch (org.linrepro.data.MissingInputException e) {
            return verdict(info, noData(claim, e.getMessage()), seed, claim, 0);
        } catch (LinreproException e) {
            return error(info, claim, seed, e.getMessage(), t0);
        } catch (OutOfMemoryError e) {
            return error(info, claim, seed, "out of memory (" + e.getMessage()
                    + "); lower the batch size in the claim's config or raise -Xmx", t0);
        } catch (Exception e) {
            return error(info, claim, seed, "experiment " + claim.experiment() + " failed: " + e, t0);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Double reference;
        try {
            reference = reference(claim, seed);
        } catch (org.linrepro.data.MissingInputException e) {
            return verdict(info, noData(claim, e.getMessage()), seed, claim, 0);
        } catch (Exception e) {
            return error(info, claim, seed, "reference " + claim.reported().reference().text() + " failed: "
                    + (e instanceof LinreproException ? e.getMessage() : e.toString()), t0);
        }
        if (reference != null && !claim.reported().hasValue()) {
            info = info.withReference(reference);
        }
        Tolerance.Check check;
        try {
            check = claim.tolerance().check(m.value(), reference, m.standardError());
        } catch (IllegalStateException e) {
            return error(info, claim, seed, e.getMessage(), t0);
        }
        Expectation.Outcome outcome = Expectation.of(claim).judge(check);
        return verdict(info, new Verdict.Result(outcome.status(), m.value(), m.standardError(), check.margin(),
                outcome.message(), m.details(), m.figures()), seed, claim, secs);
    }

    /** Runs the experiment under a fixed thread count and seed. */
    private Measurement measure(Claim claim, long seed) throws Exception {
        // A fixed CPU thread count keeps reduction order, hence numbers, the same on any machine, and one thread is
        // much faster for the small models of the quick tier on a busy 2-core machine (LINREPRO_THREADS to change).
        try (CpuThreads threads = CpuThreads.limit(device, CpuThreads.configured())) {
            Engine.getInstance().setRandomSeed((int) (seed & 0x7fffffff));
            return catalog.experiment(claim.experiment())
                    .run(new RunContext(claim, claim.config(), seed, device, progress));
        } finally {
            progress.done();
        }
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

    private static Verdict.Result noData(Claim claim, String missing) {
        String last = claim.notReproduced() != null ? " (not reproduced; " + claim.notReproduced().lastMeasuredText()
                + ", not run today)" : "";
        return Verdict.Result.of(Verdict.Status.NO_DATA, missing + last);
    }

    private Verdict error(Verdict.ClaimInfo info, Claim claim, long seed, String message, long t0) {
        return verdict(info, Verdict.Result.of(Verdict.Status.ERROR, message), seed, claim,
                (System.nanoTime() - t0) / 1e9);
    }

    private Verdict verdict(Verdict.ClaimInfo info, Verdict.Result result, long seed, Claim c, double secs) {
        Map<String, String> versions = new LinkedHashMap<>(Versions.all());
        if ("cpu".equals(device.getDeviceType())) {
            versions.put("cpuThreads", String.valueOf(CpuThreads.configured()));
        }
        return new Verdict(info, result, new Verdict.Run(seed, c.config().hash(), c.config().canonical(),
                device.toString(), versions, secs, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
    }
}
