package org.linrepro.claim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The outcome of checking one claim once, in three parts: which claim and what it reports ({@link ClaimInfo}),
 * what this run found ({@link Result}), and everything needed to rerun it ({@link Run}: seed, config and its hash,
 * device, versions, wall time, timestamp). One JSON line in the {@link Ledger}, as {@code {"claim": …, "result": …,
 * "run": …}}; ledger lines written before this shape (all fields flat) are still read.
 */
public record Verdict(ClaimInfo claim, Result result, Run run) {

    /** What a run found. */
    public enum Status {
        /** Within the tolerance of the reported value. */
        PASS,
        /** Outside the tolerance, no deviation declared: the run fails. */
        FAIL,
        /** The experiment broke (exception, NaN loss, out of memory): the run fails. */
        ERROR,
        /** Data missing: skipped, or a failure under {@code LINREPRO_REQUIRE_DATA=1}. */
        NO_DATA,
        /** Marked not reproduced and still outside its tolerance today (a strict expected failure): skipped. */
        NOT_REPRODUCED,
        /** Marked not reproduced (or deviating) but within tolerance today: the run fails until the claim is updated. */
        UNEXPECTED_PASS,
        /** Differs from the printed number beyond its rounding, as the claim's declared deviation says: amber. */
        DEVIATES;

        /** Whether this verdict makes a run exit non-zero (and its JUnit test fail). */
        public boolean failsRun(boolean requireData) {
            return this == FAIL || this == ERROR || this == UNEXPECTED_PASS || (requireData && this == NO_DATA);
        }

        public String label() {
            return switch (this) {
                case PASS -> "pass";
                case FAIL -> "FAIL";
                case ERROR -> "ERROR";
                case NO_DATA -> "no data";
                case NOT_REPRODUCED -> "not reproduced";
                case UNEXPECTED_PASS -> "UNEXPECTED PASS";
                case DEVIATES -> "deviates";
            };
        }

        /** Short lower-case id used in HTML classes and filters ("not-reproduced"). */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The claim as checked: identity (id, line such as "lra", paper), source and its kind, the reported value and its text, the tolerance, and the
     * claim's marks (decided before/after; the not-reproduced or deviation reason; the last stored measurement).
     */
    public record ClaimInfo(String id, String line, String arxiv, String paper, String source, String sourceKind, String kind,
            String tier, Double reported, String reportedText, String tolerance, String toleranceWhy,
            Decided decided, String expectation, NotReproduced.LastMeasured lastMeasured) {

        public static ClaimInfo of(Claim c) {
            String expectation = c.notReproduced() != null ? c.notReproduced().reason()
                    : c.deviation() != null ? c.deviation().reason() : null;
            return new ClaimInfo(c.id(), c.line(), c.paper().arxiv(), c.paper().shortTitle(), c.source().where(),
                    c.source().kind().id(), c.kind().id(), c.tier().id(), c.reported().value(), c.reported().text(),
                    c.tolerance().text(), c.tolerance().why(), c.decided(), expectation,
                    c.notReproduced() == null ? null : c.notReproduced().lastMeasured());
        }

        /** The same claim checked against a computed reference (the claim reports a formula, not a number). */
        public ClaimInfo withReference(double reference) {
            return new ClaimInfo(id, line, arxiv, paper, source, sourceKind, kind, tier, reference,
                    Numbers.format(reference) + " = " + reportedText, tolerance, toleranceWhy, decided, expectation,
                    lastMeasured);
        }
    }

    /** What this run measured and how it compares; {@code margin} > 0 means inside the tolerance by that much. */
    public record Result(Status status, Double measured, Double standardError, Double margin, String message,
            Map<String, Double> details, List<FigureData> figures) {

        public static Result of(Status status, String message) {
            return new Result(status, null, null, null, message, Map.of(), List.of());
        }
    }

    /** How it ran: enough to rerun it and to see drift between runs. */
    public record Run(long seed, String configHash, String config, String device, Map<String, String> versions,
            double wallSeconds, String timestamp) {}

    public String claimId() {
        return claim.id();
    }

    public Status status() {
        return result.status();
    }

    // --- reading the ledger: this shape, or the flat one of older lines ---

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Verdict fromJson(JsonNode n) throws java.io.IOException {
        if (n.path("claim").isObject()) {
            return new Verdict(JSON.treeToValue(n.get("claim"), ClaimInfo.class),
                    JSON.treeToValue(n.get("result"), Result.class), JSON.treeToValue(n.get("run"), Run.class));
        }
        return LegacyVerdict.read(JSON, n);
    }
}
