package org.linrepro.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.claim.Claim;
import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigKey;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.Verdict;

class StoredRunsTest {
    static Claim claim(String configJson) throws Exception {
        Config cfg = ConfigSpec.of(ConfigKey.integer("steps", "steps").byDefault(1))
                .bind("c", (ObjectNode) new ObjectMapper().readTree(configJson));
        return new Claim("c", null, null, null, null, null, null, null, "x", cfg, null, List.of(), 1, null, null, null,
                "f");
    }

    static Verdict verdict(double measured, Verdict.Status s) {
        return new Verdict(new Verdict.ClaimInfo("c", "test", "0000.00001", "p", "src", "paper", "value", "unit", 1.0,
                "1", "±1", "why", null, null, null), new Verdict.Result(s, measured, null, 0.0, "m", Map.of(), List.of()),
                new Verdict.Run(1, "h", "{}", "cpu()", Map.of(), 0.5, "2026-01-01T00:00:00Z"));
    }

    @Test
    void reusesExactlyTheSameKeyAndSaysSo(@TempDir Path dir) throws Exception {
        ResultStore store = new ResultStore(dir);
        StoredRuns runs = new StoredRuns(store, false, "v1", Device.cpu());
        AtomicInteger measured = new AtomicInteger();
        Claim c = claim("{\"steps\": 3}");
        StoredRuns.Outcome first = runs.run(c, 7, () -> {
            measured.incrementAndGet();
            return verdict(0.5, Verdict.Status.PASS);
        });
        assertNull(first.reused());
        StoredRuns.Outcome again = runs.run(c, 7, () -> {
            measured.incrementAndGet();
            return verdict(0.6, Verdict.Status.PASS);
        });
        assertEquals(1, measured.get(), "the stored verdict was reused");
        assertNotNull(again.reused());
        assertEquals(0.5, again.verdict().result().measured());
        assertEquals("2026-01-01T00:00:00Z", again.verdict().run().timestamp(), "reused keeps its own time");
        assertEquals(runs.key(c, 7).hash(), again.reused().key());

        // Any other seed, config, code version or device kind is a different key.
        runs.run(c, 8, () -> verdict(0.1, Verdict.Status.PASS));
        runs.run(claim("{\"steps\": 4}"), 7, () -> verdict(0.1, Verdict.Status.PASS));
        new StoredRuns(store, false, "v2", Device.cpu()).run(c, 7, () -> verdict(0.1, Verdict.Status.PASS));
        assertNotEquals(runs.key(c, 7), new StoredRuns(store, false, "v1", Device.gpu()).key(c, 7));
        assertEquals(1, measured.get());

        // --rerun measures and replaces.
        StoredRuns.Outcome re = new StoredRuns(store, true, "v1", Device.cpu()).run(c, 7,
                () -> verdict(0.7, Verdict.Status.PASS));
        assertNull(re.reused());
        assertEquals(0.7, runs.run(c, 7, () -> verdict(9, Verdict.Status.PASS)).verdict().result().measured());
    }

    @Test
    void brokenRunsAreNotKept(@TempDir Path dir) throws Exception {
        StoredRuns runs = new StoredRuns(new ResultStore(dir), false, "v1", Device.cpu());
        Claim c = claim("{}");
        runs.run(c, 1, () -> verdict(Double.NaN, Verdict.Status.ERROR));
        StoredRuns.Outcome o = runs.run(c, 1, () -> verdict(2, Verdict.Status.PASS));
        assertNull(o.reused(), "an error is retried");
        assertTrue(new ResultStore(dir).find(runs.key(c, 1)).isPresent());
    }
}
