package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

/** Claim files are validated on load; every error names the file, the claim and the field. */
class ClaimFileLoaderTest {
    private final ClaimFileLoader loader = new ClaimFileLoader(name -> name.equals("demo.exp"));

    private static String file(String claim) {
        return "{\"paper\": {\"arxiv\": \"0000.00001\", \"title\": \"A Paper\", \"short\": \"Someone 2020\"},"
                + " \"claims\": [" + claim + "]}";
    }

    private static String claim(String replaceKey, String replacement) {
        String base = "\"id\": \"demo-claim\", \"source\": {\"kind\": \"paper\", \"where\": \"Table 1\"}, \"statement\": \"s\", \"kind\": \"value\","
                + " \"tier\": \"quick\", \"reported\": {\"value\": 1.5}, \"tolerance\": {\"relative\": 0.1,"
                + " \"why\": \"seed spread\"}, \"experiment\": \"demo.exp\", \"config\": {\"d\": 3},"
                + " \"scaled\": \"smaller\"";
        if (replaceKey != null) {
            base = base.replaceAll("\"" + replaceKey + "\": (\\{[^}]*\\}|\"[^\"]*\"|[0-9.]+)", replacement);
        }
        return "{" + base + "}";
    }

    private String error(String text) {
        return assertThrows(LinreproException.class, () -> loader.parse("claims/x.json", text)).getMessage();
    }

    @Test
    void validFileLoads() {
        List<Claim> cs = loader.parse("claims/x.json", file(claim(null, null)));
        Claim c = cs.get(0);
        assertEquals("demo-claim", c.id());
        assertEquals(Kind.VALUE, c.kind());
        assertEquals(Tier.QUICK, c.tier());
        assertEquals(3, c.config().integer("d"));
        assertEquals(1.5, c.reported().value());
        assertTrue(c.reproduced());
    }

    @Test
    void missingJustificationNamesFileClaimAndField() {
        String m = error(file(claim("tolerance", "\"tolerance\": {\"relative\": 0.1}")));
        assertEquals("claims/x.json: claim 'demo-claim': field 'tolerance.why' is missing", m);
    }

    @Test
    void unknownExperimentIsRejected() {
        String m = error(file(claim("experiment", "\"experiment\": \"nope\"")));
        assertTrue(m.contains("'experiment'") && m.contains("nope"), m);
    }

    @Test
    void badKindTierToleranceAndTypos() {
        assertTrue(error(file(claim("kind", "\"kind\": \"vibe\""))).contains("field 'kind' is invalid"));
        assertTrue(error(file(claim("tier", "\"tier\": \"huge\""))).contains("field 'tier' is invalid"));
        assertTrue(error(file(claim("tolerance", "\"tolerance\": {\"relative\": 0.1, \"absolute\": 1, \"why\": \"w\"}")))
                .contains("exactly one of"));
        assertTrue(error(file(claim("scaled", "\"scaled\": \"x\", \"sacled\": \"y\""))).contains("'sacled'"));
        assertTrue(error(file(claim("scaled", "\"comment\": \"no scaled field\""))).contains("'scaled' is required"));
        assertTrue(error(file(claim("reported", "\"reported\": {\"unit\": \"x\"}"))).contains("'reported'"));
        assertTrue(error(file(claim("id", "\"id\": \"Bad Id\""))).contains("kebab-case"));
    }

    @Test
    void malformedJsonGivesLine() {
        String m = error("{\n\"paper\": ,\n}");
        assertTrue(m.startsWith("claims/x.json: not valid JSON at line 2"), m);
    }

    @Test
    void duplicateIdsRejected() {
        String c = claim(null, null);
        assertTrue(error(file(c + "," + c)).contains("appears twice"));
    }

    @Test
    void notReproducedKeepsReasonAndLastMeasuredWithDate() {
        String c = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"reason\": \"too small\","
                + " \"lastMeasured\": {\"value\": 0.7, \"date\": \"2026-12-03\"}}");
        Claim claim = loader.parse("claims/x.json", file(c)).get(0);
        assertEquals("too small", claim.notReproduced().reason());
        assertEquals("last measured 0.7 on 2026-12-03", claim.notReproduced().lastMeasuredText());
        // the old shape (measured + date beside the reason) is rejected, naming the field
        String old = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"measured\": 0.7, \"reason\": \"r\"}");
        assertTrue(error(file(old)).contains("'notReproduced.measured'"), error(file(old)));
        String noDate = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"reason\": \"r\","
                + " \"lastMeasured\": {\"value\": 0.7, \"date\": \"last week\"}}");
        assertTrue(error(file(noDate)).contains("ISO date"), error(file(noDate)));
    }

    @Test
    void sourceNeedsAKind() {
        assertTrue(error(file(claim("source", "\"source\": \"Table 1\""))).contains("field 'source' must be an object"));
        String m = error(file(claim("source", "\"source\": {\"kind\": \"blog\", \"where\": \"x\"}")));
        assertTrue(m.contains("'source.kind' is invalid") && m.contains("official-code"), m);
        assertEquals(Source.Kind.OFFICIAL_CODE, loader.parse("claims/x.json", file(claim("source",
                "\"source\": {\"kind\": \"official-code\", \"where\": \"repo\"}"))).get(0).source().kind());
    }

    @Test
    void decidedAndDeviationAreValidated() {
        Claim c = loader.parse("claims/x.json", file(claim("scaled", "\"scaled\": \"s\", \"decided\": {\"when\":"
                + " \"after\", \"what\": \"margin 0.08 -> 0.05\"}, \"deviation\": {\"reason\": \"print rounds\"}")))
                .get(0);
        assertEquals(Decided.When.AFTER, c.decided().when());
        assertEquals("print rounds", c.deviation().reason());
        assertTrue(error(file(claim("scaled", "\"scaled\": \"s\", \"decided\": {\"when\": \"later\","
                + " \"what\": \"x\"}"))).contains("'before' or 'after'"));
        assertTrue(error(file(claim("scaled", "\"scaled\": \"s\", \"decided\": {\"when\": \"after\"}")))
                .contains("'decided.what' is missing"));
        assertTrue(error(file(claim("scaled", "\"scaled\": \"s\", \"deviation\": {\"reason\": \"r\"},"
                + " \"notReproduced\": {\"reason\": \"r\", \"lastMeasured\": {\"value\": 1, \"date\": \"2026-12-03\"}}")))
                .contains("cannot be combined"));
    }

    @Test
    void dataNamesADatasetOrOnePart() {
        Claim c = loader.parse("claims/x.json", file(claim("scaled",
                "\"scaled\": \"s\", \"data\": [\"wikitext-103/valid\", \"glue/SST-2\"]"))).get(0);
        assertEquals(List.of("wikitext-103/valid", "glue/SST-2"), c.data());
        String m = error(file(claim("scaled", "\"scaled\": \"s\", \"data\": [\"wikitext-103/dev\"]")));
        assertTrue(m.startsWith("claims/x.json: claim 'demo-claim': field 'data'"), m);
        assertTrue(m.contains("unknown dataset 'wikitext-103/dev'"), m);
    }
}
