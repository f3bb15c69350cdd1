package org.linrepro.repro.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Config;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;

/** The tracking experiments at a few seconds' scale: deterministic in seed, and bad variants refused. */
class TrackingExperimentsTest {
    private static final ClaimCatalog CATALOG = ClaimCatalog.load();

    /** The diagonal-RNN parity claim's context shrunk to 20 steps, one seed, small splits. */
    private static RunContext shrunkContext(long seed) {
        Claim c = CATALOG.byId("grazzi-quick-diagonal-parity-negative-eigenvalues");
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("steps", 20).put("warmup", 2).put("evalEvery", 10).put("train", 500).put("valid", 32).put("test", 64)
                .put("testMax", 64).putArray("seeds").add(seed);
        Config small = c.config().with("shrunk " + c.id(), o);
        return new RunContext(c, small, seed, Device.cpu(), Progress.NONE);
    }

    /** Two uncached trainings with the same seed give the same numbers; another seed other ones. */
    @Test
    void sameSeedSameNumbers() {
        Variant v = new Variant("diagonal", true, 1);
        TrackingTraining.Run a = TrackingTraining.train(shrunkContext(4), v, 4);
        TrackingTraining.Run b = TrackingTraining.train(shrunkContext(4), v, 4);
        TrackingTraining.Run c = TrackingTraining.train(shrunkContext(5), v, 5);
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0);
        assertEquals(a.trainLengthScaled(), b.trainLengthScaled(), 0.0);
        assertArrayEquals(a.validCurve(), b.validCurve(), 0.0);
        assertTrue(a.testAccuracy() != c.testAccuracy() || !java.util.Arrays.equals(a.validCurve(), c.validCurve()),
                "another seed trains another model");
    }

    @Test
    void compareReportsBothVariantsAndOneFigure() throws Exception {
        RunContext ctx = shrunkContext(4);
        Measurement m = CATALOG.experiments().get(ctx.claim().experiment()).run(ctx);
        assertEquals(m.details().get("diagonal [-1,1] median scaled") - m.details().get("diagonal [0,1] median scaled"),
                m.value(), 1e-12);
        assertEquals(1, m.figures().size());
        assertEquals(2, m.figures().get(0).series().size());
    }

    @Test
    void variantsThatDoNotExistAreRefused() {
        assertThrows(LinreproException.class, () -> new Variant("diagonal", true, 2).create(8, 1, 8));
        assertThrows(LinreproException.class, () -> new Variant("deltanet", true, 2).create(8, 1, 8));
        assertEquals("deltaproduct n_h=2 [-1,1]", new Variant("deltaproduct", true, 2).label());
        assertEquals("deltaproduct", new Variant("deltaproduct", false, 3).create(8, 2, 8).id());
    }
}
