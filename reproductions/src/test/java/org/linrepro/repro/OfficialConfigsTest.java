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

    private static List<Claim> paper() {
        return CATALOG.all().stream().filter(c -> c.tier() == Tier.PAPER).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyPaperClaimReproducesItsOfficialConfig() {
        Map<String, OfficialConfig> records = records();
        return paper().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            OfficialConfig o = records.get(c.id());
            assertTrue(o != null, c.id() + ": no entry in " + OfficialConfig.fileFor(c.file()));
            // the claim's config as written (no experiment defaults): the check cannot lean on hidden values
            List<String> problems = o.problems(c.config().json());
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
        ObjectNode cfg = c.config().json();
        assertEquals(List.of(), o.problems(cfg));
        cfg.put("lr", 0.0016);
        assertFalse(o.problems(cfg).isEmpty(), "a changed lr must be reported");
        ObjectNode missing = c.config().json();
        missing.remove("weightDecay");
        assertTrue(o.problems(missing).stream().anyMatch(p -> p.contains("weightDecay") && p.contains("not set")),
                o.problems(missing).toString());
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
