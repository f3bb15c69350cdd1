package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linrepro.run.Progress;

/** Every claim runs; not-reproduced claims are strict expected failures; declared deviations are their own status. */
class ClaimRunnerTest {
    /** An experiment that measures the config's "value": the test decides what is measured today. */
    static final class TestProvider implements ExperimentProvider {
        @Override
        public String line() {
            return "test";
        }

        @Override
        public List<String> claimFiles() {
            return List.of("claims/test/0000.00001.json");
        }

        @Override
        public Map<String, Experiment> experiments() {
            return Map.of("test.value", Experiment.of(ConfigSpec.of(ConfigKey.number("value", "what is measured")),
                    ctx -> Measurement.of(ctx.config().number("value")).build()));
        }
    }

    private final ClaimCatalog catalog = ClaimCatalog.of(List.of(new TestProvider()));
    private final ClaimRunner runner = new ClaimRunner(catalog, Device.cpu(), Progress.NONE,
            ds -> ds.equals("imdb") ? "imdb is missing" : null);

    private Verdict run(String id) {
        return runner.run(catalog.byId(id), null);
    }

    @Test
    void passAndFail() {
        assertEquals(Verdict.Status.PASS, run("t-pass").status());
        assertEquals(Verdict.Status.FAIL, run("t-fail").status());
    }

    @Test
    void notReproducedRunsAndCarriesTodaysValue() {
        Verdict v = run("t-still-not-reproduced");
        assertEquals(Verdict.Status.NOT_REPRODUCED, v.status());
        assertEquals(1.5, v.result().measured()); // today's, not the stored 1.4
        assertEquals(1.4, v.claim().lastMeasured().value());
        assertEquals("2026-11-23", v.claim().lastMeasured().date());
        assertFalse(v.status().failsRun(false));
    }

    @Test
    void notReproducedThatPassesFailsTheRun() {
        Verdict v = run("t-reproduces-now");
        assertEquals(Verdict.Status.UNEXPECTED_PASS, v.status());
        assertTrue(v.result().message().startsWith("reproduces now: update the claim"), v.result().message());
        assertTrue(v.status().failsRun(false));
    }

    @Test
    void declaredDeviationIsAmberNotPass() {
        Verdict v = run("t-deviates");
        assertEquals(Verdict.Status.DEVIATES, v.status());
        assertEquals(393216.0, v.result().measured());
        assertEquals("the print counts another model", v.claim().expectation());
        assertFalse(v.status().failsRun(true));
        assertEquals("derived", run("t-derived").claim().sourceKind());
        assertEquals(Decided.When.AFTER, run("t-derived").claim().decided().when());
    }

    @Test
    void missingDataShowsLastMeasuredWithItsDateNotAsToday() {
        Verdict v = run("t-no-data");
        assertEquals(Verdict.Status.NO_DATA, v.status());
        assertNull(v.result().measured());
        assertTrue(v.result().message().contains("last measured 1.4 on 2026-11-23, not run today"),
                v.result().message());
        assertFalse(v.status().failsRun(false));
        assertTrue(v.status().failsRun(true));
    }

    @Test
    void summaryCountsEveryStatusOnce() {
        List<Verdict> vs = catalog.all().stream().map(c -> runner.run(c, null)).toList();
        VerdictSummary s = VerdictSummary.of(vs, false);
        assertEquals("2 pass, 1 FAIL, 0 ERROR, 1 no data, 1 not reproduced, 1 UNEXPECTED PASS, 1 deviates",
                s.statusLine());
        assertEquals(7, s.total());
        assertEquals(2, s.failing());
        assertEquals(3, VerdictSummary.of(vs, true).failing());
        // compared numbers by source kind: 4 paper (pass, fail, not reproduced, unexpected pass) + deviates; 1 derived
        assertEquals("paper numbers checked: 5 (5 printed in papers, 0 in official code); derived identities checked: 1", s.checkedLine());
        assertEquals(VerdictSummary.Outcome.SKIPPED, VerdictSummary.outcome(Verdict.Status.DEVIATES, true));
        assertEquals(VerdictSummary.Outcome.FAILED, VerdictSummary.outcome(Verdict.Status.NO_DATA, true));
    }
}
