package org.linrepro.claim;

import java.util.List;
import java.util.Map;

/**
 * The outcome of checking one claim once: what was reported, what we measured, the tolerance and margin, and
 * everything needed to rerun it (seed, config and its hash, device, versions) plus the wall time. One JSON line
 * in the {@link Ledger}.
 */
public record Verdict(String claimId, String arxiv, String paper, String source, String kind, String tier,
        Double reported, String reportedText, Double measured, Double standardError, String tolerance,
        String toleranceWhy, Double margin, Status status, String message, long seed, String configHash,
        String config, String device, Map<String, String> versions, double wallSeconds, String timestamp,
        Map<String, Double> details, List<FigureData> figures) {

    public enum Status {
        PASS, FAIL, NOT_REPRODUCED, ERROR, NO_DATA;

        /** Whether this verdict makes a run exit non-zero. A claim known not to reproduce does not. */
        public boolean failsRun() {
            return this == FAIL || this == ERROR;
        }

        public String label() {
            return switch (this) {
                case PASS -> "pass";
                case FAIL -> "FAIL";
                case NOT_REPRODUCED -> "not reproduced";
                case ERROR -> "ERROR";
                case NO_DATA -> "no data";
            };
        }
    }

    /** The reference the measurement was checked against, as text ("5.2381" or the formula). */
    public String referenceText() {
        return reportedText;
    }
}
