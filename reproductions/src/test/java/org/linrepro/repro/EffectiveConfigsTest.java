package org.linrepro.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ConfigKey;
import org.linrepro.claim.RunContext;
import org.linrepro.run.Progress;

/** Every built-in claim's effective config is complete and stable; its closed-form references evaluate. */
class EffectiveConfigsTest {
    private final ClaimCatalog catalog = ClaimCatalog.load();

    @Test
    void everyDefaultIsFilledAndTheHashIsAFixedPoint() {
        for (Claim c : catalog.all()) {
            ObjectNode eff = catalog.effectiveConfig(c);
            for (Map.Entry<String, ConfigKey> k : c.config().keys().entrySet()) {
                if (k.getValue().defaultValue() != null || k.getValue().derived() != null) {
                    assertTrue(eff.has(k.getKey()), c.id() + ": default of " + k.getKey() + " missing in " + eff);
                }
            }
            // binding the effective config again changes nothing: the recorded config reruns as itself
            assertEquals(c.config().hash(), c.config().spec().bind("again", eff).hash(), c.id());
        }
    }

    @Test
    void closedFormReferencesEvaluate() throws Exception {
        int n = 0;
        for (Claim c : catalog.all()) {
            if (c.reported().reference() != null && c.reported().reference().function().name().startsWith("icl.")) {
                double v = c.reported().reference().evaluate(new RunContext(c, c.reported().reference().args(),
                        c.seed(), Device.cpu(), Progress.NONE));
                assertTrue(Double.isFinite(v), c.id() + ": " + v);
                n++;
            }
        }
        assertTrue(n >= 15, "icl claims with a reference: " + n);
    }
}
