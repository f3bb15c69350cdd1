package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.Verdict;
import org.linrepro.kernel.renderers.VerdictRenderer;

class VerdictRendererTest {
    private static Verdict verdict(String id, Verdict.Status s) {
        return new Verdict(new Verdict.ClaimInfo(id, "icl", "2307.03576", "Mahankali et al.", "Theorem 1", "paper",
                "value", "quick", 1.875, "1.875", "±3 s.e.", "MC band", null, null, null),
                new Verdict.Result(s, 1.88, 0.01, 0.02, "ok", Map.of(), List.of()),
                new Verdict.Run(1, "abc", "{}", "cpu()", Map.of(), 4.2, "2026-11-23T00:00:00Z"));
    }

    @Test
    void rendersVerdictListsAsReportedVersusMeasured() throws Exception {
        VerdictRenderer r = new VerdictRenderer();
        List<Verdict> vs = List.of(verdict("a-claim", Verdict.Status.PASS), verdict("b-claim", Verdict.Status.FAIL));
        assertTrue(r.accepts(vs));
        assertFalse(r.accepts(List.of("not a verdict")));
        assertFalse(r.accepts(List.of()));
        String html = (String) r.render(vs).get("text/html");
        assertTrue(html.contains("class=\"verdict pass\"") && html.contains("class=\"verdict fail\""), html);
        assertTrue(html.contains("a-claim") && html.contains("1.88"), html);
        assertTrue(((String) r.render(vs).get("text/plain")).contains("b-claim"));
    }
}
