package org.linrepro.repro.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Config;
import org.linrepro.claim.Measurement;

/** Notebooks run claims with smaller configs: checked by the same spec, derived defaults following the change. */
class NotebookConfigsTest {

    @Test
    void previewShrinksThroughTheSpec() {
        Measurement m = Claims.preview("mahankali-iso-mc-loss-d10-n10");
        assertEquals(5000.0, m.details().get("tasks"));
        assertTrue(Double.isFinite(m.value()) && m.value() > 0, m.toString());
    }

    @Test
    void aSmallerConfigRecomputesItsDerivedDefaults() {
        Config c = ClaimCatalog.load().byId("lra-quick-listops-softmax-above-majority").config();
        assertEquals(30, c.integer("warmup"));
        Config small = c.with("smaller", JsonNodeFactory.instance.objectNode().put("steps", 40));
        assertEquals(4, small.integer("warmup"));
        assertEquals(100, small.integer("evalEvery"), "a key the claim gives stays as given");
    }
}
