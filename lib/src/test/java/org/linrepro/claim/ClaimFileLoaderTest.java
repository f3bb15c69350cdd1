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
        String base = "\"id\": \"demo-claim\", \"source\": \"Table 1\", \"statement\": \"s\", \"kind\": \"value\","
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
    void notReproducedIsKept() {
        String c = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"measured\": 0.7, \"reason\": \"too small\"}");
        Claim claim = loader.parse("claims/x.json", file(c)).get(0);
        assertTrue(claim.notReproduced().message().contains("measured 0.7"), claim.notReproduced().message());
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
