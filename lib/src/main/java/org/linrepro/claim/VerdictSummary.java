package org.linrepro.claim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of a set of verdicts, the same in the CLI, JUnit and reports: every status, what fails the run, and
 * how many of the compared numbers are the paper's (or its official code's) against our own derived identities.
 *
 * <p>What fails a run: FAIL, ERROR, UNEXPECTED_PASS, and NO_DATA when data is required
 * ({@code LINREPRO_REQUIRE_DATA=1}). PASS passes; NOT_REPRODUCED, DEVIATES and (by default) NO_DATA are skipped
 * with their message, never passed.
 */
public record VerdictSummary(Map<Verdict.Status, Integer> counts, Map<Source.Kind, Integer> checkedByKind,
        boolean requireData) {

    /** How a verdict counts for a test runner. */
    public enum Outcome { PASSED, SKIPPED, FAILED }

    /** The order statuses are listed in. */
    public static final List<Verdict.Status> ORDER = List.of(Verdict.Status.PASS, Verdict.Status.FAIL,
            Verdict.Status.ERROR, Verdict.Status.NO_DATA, Verdict.Status.NOT_REPRODUCED,
            Verdict.Status.UNEXPECTED_PASS, Verdict.Status.DEVIATES);

    /** {@code LINREPRO_REQUIRE_DATA=1} (or {@code true}): missing data fails instead of skipping. */
    public static boolean requireDataFromEnvironment() {
        String v = System.getenv("LINREPRO_REQUIRE_DATA");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    public static Outcome outcome(Verdict.Status s, boolean requireData) {
        if (s.failsRun(requireData)) {
            return Outcome.FAILED;
        }
        return s == Verdict.Status.PASS ? Outcome.PASSED : Outcome.SKIPPED;
    }

    public static VerdictSummary of(List<Verdict> verdicts, boolean requireData) {
        Map<Verdict.Status, Integer> counts = new EnumMap<>(Verdict.Status.class);
        Map<Source.Kind, Integer> kinds = new EnumMap<>(Source.Kind.class);
        for (Verdict.Status s : Verdict.Status.values()) {
            counts.put(s, 0);
        }
        for (Source.Kind k : Source.Kind.values()) {
            kinds.put(k, 0);
        }
        for (Verdict v : verdicts) {
            counts.merge(v.status(), 1, Integer::sum);
            Source.Kind k = kindOf(v);
            if (k != null && v.result().measured() != null && v.status() != Verdict.Status.ERROR) {
                kinds.merge(k, 1, Integer::sum);
            }
        }
        return new VerdictSummary(Map.copyOf(counts), Map.copyOf(kinds), requireData);
    }

    /** The source kind a verdict recorded; null for ledger lines older than source kinds. */
    public static Source.Kind kindOf(Verdict v) {
        String k = v.claim().sourceKind();
        return k == null ? null : Source.Kind.parse(k);
    }

    public int count(Verdict.Status s) {
        return counts.getOrDefault(s, 0);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int failing() {
        return ORDER.stream().filter(s -> s.failsRun(requireData)).mapToInt(this::count).sum();
    }

    public boolean failsRun() {
        return failing() > 0;
    }

    public int count(Outcome o) {
        return ORDER.stream().filter(s -> outcome(s, requireData) == o).mapToInt(this::count).sum();
    }

    /** "106 pass, 0 FAIL, 0 ERROR, 2 no data, 12 not reproduced, 0 UNEXPECTED PASS, 5 deviates": every status. */
    public String statusLine() {
        List<String> parts = new ArrayList<>();
        for (Verdict.Status s : ORDER) {
            parts.add(count(s) + " " + s.label());
        }
        return String.join(", ", parts);
    }

    /** Only the statuses that occur, for per-group summaries ("3 pass, 1 deviates"). */
    public String shortLine() {
        List<String> parts = new ArrayList<>();
        for (Verdict.Status s : ORDER) {
            if (count(s) > 0) {
                parts.add(count(s) + " " + s.label());
            }
        }
        return parts.isEmpty() ? "no verdicts" : String.join(", ", parts);
    }

    /** "paper numbers checked: 86 (80 printed in papers, 6 in official code); derived identities checked: 40". */
    public String checkedLine() {
        int paper = checkedByKind.getOrDefault(Source.Kind.PAPER, 0);
        int code = checkedByKind.getOrDefault(Source.Kind.OFFICIAL_CODE, 0);
        return "paper numbers checked: " + (paper + code) + " (" + paper + " printed in papers, " + code
                + " in official code); derived identities checked: "
                + checkedByKind.getOrDefault(Source.Kind.DERIVED, 0);
    }

    /** What the run comes to: "run fails: 1 FAIL" or "run passes", and whether missing data is a failure. */
    public String verdictLine() {
        List<String> why = new ArrayList<>();
        for (Verdict.Status s : ORDER) {
            if (s.failsRun(requireData) && count(s) > 0) {
                why.add(count(s) + " " + s.label());
            }
        }
        String data = requireData ? " (LINREPRO_REQUIRE_DATA=1: missing data fails)" : "";
        return (why.isEmpty() ? "run passes" : "run fails: " + String.join(", ", why)) + data;
    }
}
