package org.linrepro.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.OfficialConfig;
import org.linrepro.claim.Tier;

/**
 * Every paper-tier claim against its official configuration (claims/&lt;line&gt;/official/&lt;arxiv&gt;.json): the
 * claim's config sets every recorded official value itself, differences are declared deviations with a reason, and
 * every source is pinned to a commit (or says why there is none).
 */
class OfficialConfigsTest {
    private static final ClaimCatalog CATALOG = ClaimCatalog.load();

    private static Map<String, OfficialConfig> records() {
        Map<String, OfficialConfig> all = new LinkedHashMap<>();
        Set<String> files = new TreeSet<>();
        CATALOG.all().forEach(c -> files.add(c.file()));
        for (String f : files) {
            all.putAll(OfficialConfig.loadFor(f, OfficialConfigsTest.class.getClassLoader()));
        }
        return all;
    }

    /** The claim's config exactly as its file writes it. */
    private static ObjectNode written(Claim c) {
        try (java.io.InputStream in = OfficialConfigsTest.class.getClassLoader().getResourceAsStream(c.file())) {
            assertTrue(in != null, c.file());
            for (com.fasterxml.jackson.databind.JsonNode n : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(in).get("claims")) {
                if (n.path("id").asText().equals(c.id())) {
                    return (ObjectNode) n.get("config");
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(c.id() + " not found in " + c.file());
    }

    private static List<Claim> paper() {
        return CATALOG.all().stream().filter(c -> c.tier() == Tier.PAPER).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyPaperClaimReproducesItsOfficialConfig() {
        Map<String, OfficialConfig> records = records();
        return paper().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            OfficialConfig o = records.get(c.id());
            assertTrue(o != null, c.id() + ": no entry in " + OfficialConfig.fileFor(c.file()));
            // values as the experiment reads them; every recorded key written in the claim file, not a code default
            List<String> problems = o.problems(CATALOG.effectiveConfig(c), written(c));
            assertTrue(problems.isEmpty(), c.id() + ":\n  " + String.join("\n  ", problems));
        }));
    }

    @Test
    void noRecordWithoutAPaperClaim() {
        Set<String> ids = new TreeSet<>();
        paper().forEach(c -> ids.add(c.id()));
        Set<String> stale = new TreeSet<>(records().keySet());
        stale.removeAll(ids);
        assertTrue(stale.isEmpty(), "official records of no paper-tier claim: " + stale);
        assertTrue(ids.size() >= 38, "paper-tier claims: " + ids.size());
    }

    @Test
    void theCheckFailsOnAWrongValue() {
        Claim c = CATALOG.byId("lra-paper-listops-transformer");
        OfficialConfig o = records().get(c.id());
        ObjectNode cfg = written(c).deepCopy();
        assertEquals(List.of(), o.problems(CATALOG.effectiveConfig(c), cfg));
        cfg.put("lr", 0.0016);
        assertFalse(o.problems(cfg).isEmpty(), "a changed lr must be reported");
        ObjectNode missing = written(c).deepCopy();
        missing.remove("weightDecay"); // the effective config still has it, from the default: not enough
        List<String> p = o.problems(CATALOG.effectiveConfig(c), missing);
        assertTrue(p.stream().anyMatch(s -> s.contains("weightDecay") && s.contains("not set")), p.toString());
    }

    @Test
    void lraRowsUseTheOfficialSchedule() {
        for (Claim c : paper()) {
            if (c.id().startsWith("lra-paper-")) {
                String factors = c.config().json().path("factors").asText();
                assertTrue(c.config().json().path("schedule").asText().equals("factors")
                        && factors.startsWith("constant * linear_warmup * "), c.id() + ": " + factors);
            }
        }
    }
}
