package org.linrepro.plan;

/**
 * One claim's line in a plan.
 *
 * @param status         ok, no data, error, too big (memory cap), timed out, not piloted
 * @param parameters     trained parameters at the exact config (largest run), -1 when unknown
 * @param steps          optimiser steps of all runs together, -1 when unknown
 * @param runs           training runs the claim performs
 * @param secondsPerStep mean over the runs' steps (pilot-timed, or estimated from counts), NaN when unknown
 * @param peakBytes      peak resident memory of the pilot process (GPU: device memory in use), -1 when unknown
 * @param setupSeconds   data pipeline and model construction before the first step (all runs)
 * @param deviceHours    estimated hours on this device for the whole claim (set-up + steps), NaN when unknown
 * @param estimate       how the time was obtained: pilot, counts, extrapolated, complete run
 * @param note           what else the reader should know (message of a failure, how runs were counted)
 */
public record PlanRow(String claimId, String tier, String experiment, String device, String status, long parameters,
        long tokensPerStep, long steps, int runs, double secondsPerStep, long peakBytes, double setupSeconds,
        double deviceHours, String estimate, String note) {

    public static PlanRow failed(String claimId, String tier, String experiment, String device, String status,
            String note) {
        return new PlanRow(claimId, tier, experiment, device, status, -1, -1, -1, 0, Double.NaN, -1, Double.NaN,
                Double.NaN, "", note);
    }

    public boolean ok() {
        return status.equals("ok");
    }
}
