package org.linrepro.plan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.run.Progress;
import org.linrepro.claim.RunContext;
import org.linrepro.data.MissingInputException;
import org.linrepro.run.CpuThreads;
import org.linrepro.util.LinreproException;

/**
 * Plans a claim in this process: runs its experiment under a {@link Pilot} (the full model and data pipeline, a few
 * steps at the exact config on this device) and turns what the pilot saw into a {@link PlanRow}. With pilot steps 0
 * no step runs: the run stops at its announcement and seconds per step are estimated from counts (6 x parameters x
 * tokens per step at this device's measured matmul rate, a lower bound: attention and small ops are slower).
 */
public final class Planner {
    private final ClaimCatalog catalog;
    private final Function<Claim, String> missingData;
    private final Progress shown;

    /** @param missingData null when a claim's data is present, else what is missing and how to fetch it */
    public Planner(ClaimCatalog catalog, Function<Claim, String> missingData, Progress shown) {
        this.catalog = catalog;
        this.missingData = missingData;
        this.shown = shown;
    }

    public PlanRow plan(Claim c, Device device, int pilotSteps, double pilotSeconds) {
        String dev = device.toString();
        String missing = missingData.apply(c);
        if (missing != null) {
            return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), dev, "no data", missing);
        }
        PeakMemory.resetResidentPeak(); // an in-process plan: this claim's peak, not an earlier one's
        List<TrainingRuns.Part> parts = TrainingRuns.of(c);
        long params = -1;
        long tokens = -1;
        long steps = 0;
        int runs = 0;
        double trainSeconds = 0;
        double setup = 0;
        long gpuPeak = -1;
        boolean stepsKnown = true;
        String estimate = pilotSteps > 0 ? "pilot" : "counts";
        List<String> notes = new ArrayList<>();
        Double flops = null;
        for (TrainingRuns.Part part : parts) {
            Pilot pilot = new Pilot(pilotSteps, pilotSeconds, device, shown);
            try (CpuThreads threads = CpuThreads.limit(device, CpuThreads.configured())) {
                Engine.getInstance().setRandomSeed((int) (c.seed() & 0x7fffffff));
                catalog.experiment(part.experiment()).run(new RunContext(c, part.config(), c.seed(), device, pilot));
            } catch (PilotStop stop) {
                // the pilot has what it needs
            } catch (MissingInputException e) {
                return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), dev, "no data", e.getMessage());
            } catch (LinreproException e) {
                return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), dev, "error", e.getMessage());
            } catch (OutOfMemoryError e) {
                return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), dev, "error",
                        "out of memory in the JVM heap (" + e.getMessage() + ")");
            } catch (Exception e) {
                return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), dev, "error",
                        "experiment " + part.experiment() + " failed: " + e);
            } finally {
                pilot.done();
            }
            Pilot.Timing t = pilot.timing();
            gpuPeak = Math.max(gpuPeak, pilot.gpuPeakBytes());
            params = Math.max(params, t.parameters());
            tokens = Math.max(tokens, t.tokensPerStep());
            runs += part.times();
            if (!part.note().isEmpty()) {
                notes.add(part.note());
            }
            double perStep = t.secondsPerStep();
            if (t.phase() == null) { // finished without training steps: the pilot was the whole run
                estimate = "complete run";
                trainSeconds += part.times() * t.wallSeconds();
                continue;
            }
            if (pilotSteps <= 0 && t.parameters() > 0 && t.tokensPerStep() > 0) {
                if (flops == null) {
                    flops = matmulFlops(device);
                }
                perStep = 6.0 * t.parameters() * t.tokensPerStep() / flops;
            }
            if (t.extrapolated()) {
                estimate = "extrapolated";
            }
            notes.add(t.note());
            setup += part.times() * t.setupSeconds();
            if (t.totalSteps() < 0 || Double.isNaN(perStep)) {
                stepsKnown = false;
            } else {
                steps += part.times() * t.totalSteps();
                trainSeconds += part.times() * t.totalSteps() * perStep;
            }
        }
        if (flops != null) {
            notes.add(String.format("6·N·tokens at %.1f GFLOP/s (measured matmul rate), a lower bound", flops / 1e9));
        }
        // Counts only: no step ran, so no peak worth showing.
        long peak = pilotSteps <= 0 ? -1 : "gpu".equals(device.getDeviceType()) ? gpuPeak : PeakMemory.residentPeakBytes();
        double hours = stepsKnown ? (setup + trainSeconds) / 3600 : Double.NaN;
        double perStep = stepsKnown && steps > 0 ? trainSeconds / steps : Double.NaN;
        return new PlanRow(c.id(), c.tier().id(), c.experiment(), dev, "ok", params, tokens,
                steps > 0 ? steps : -1, runs, perStep, peak, setup, hours, estimate,
                String.join("; ", notes.stream().distinct().toList()));
    }

    /** Float32 matmul rate of this device (FLOP/s), from 1024 x 1024 products for about half a second. */
    static double matmulFlops(Device device) {
        int n = 1024;
        try (CpuThreads threads = CpuThreads.limit(device, CpuThreads.configured());
                NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(n, n));
            a.matMul(a).close(); // warm-up
            long t0 = System.nanoTime();
            int reps = 0;
            while (System.nanoTime() - t0 < 500_000_000L) {
                try (NDArray r = a.matMul(a)) {
                    r.sum().getFloat(); // waits for the result (GPU)
                }
                reps++;
            }
            return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
