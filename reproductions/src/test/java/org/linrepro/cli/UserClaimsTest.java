package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --claims DIR}: user claim files load without rebuilding, with the same checks; explain shows them. */
class UserClaimsTest {
    /** The README's worked example (surefire runs in the module folder). */
    static final Path EXAMPLES = Path.of("..", "examples", "claims");
    static final String EXAMPLE_ID = "my-mahankali-iso-mc-loss-d3-n8-s0.1";

    @Test
    void theReadmeExampleLoadsAndRuns(@TempDir Path dir) throws Exception {
        MainTest.Run r = MainTest.run("reproduce", EXAMPLE_ID, "--claims", EXAMPLES.toString(), "--reports",
                dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String ledger = Files.readString(dir.resolve("ledger.jsonl"));
        assertTrue(ledger.contains("\"id\":\"" + EXAMPLE_ID + "\"") && ledger.contains("\"status\":\"PASS\""),
                ledger);
        // the reference is the registered function of the config, and the verdict records the effective config
        assertTrue(ledger.contains("= icl.lossAtStep(d=3, n=8, noise=0.1, stepFactor=1)"), ledger);
        assertTrue(ledger.contains("\\\"stepFactor\\\":1.0"), ledger);
    }

    @Test
    void explainShowsTheEffectiveConfigAndTheCode() {
        MainTest.Run r = MainTest.run("explain", EXAMPLE_ID, "--claims", EXAMPLES.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("examples/claims/mahankali-extra.json"), r.out());
        assertTrue(r.out().contains("org.linrepro.repro.icl.IclExperiments.monteCarlo"), r.out());
        assertTrue(r.out().matches("(?s).*\\nstepFactor +1\\.0 +default +1\\.0 .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\ntasks +20000 +claim +\\(required\\) .*"), r.out());
        MainTest.Run lra = MainTest.run("explain", "lra-quick-listops-softmax-above-majority");
        assertTrue(lra.out().contains("= max(1, steps / 10)") && lra.out().contains("lra.majorityShare"), lra.out());
    }

    @Test
    void aBadUserFileIsOneMessageAndExit2(@TempDir Path dir) throws Exception {
        String bad = Files.readString(EXAMPLES.resolve("mahankali-extra.json")).replace("\"tasks\": 20000",
                "\"tasks\": 20000, \"dd\": 5");
        Files.writeString(dir.resolve("bad.json"), bad);
        MainTest.Run r = MainTest.run("list", "--claims", dir.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("linrepro: " + dir.resolve("bad.json") + ": claim '" + EXAMPLE_ID + "': field 'config.dd' is "
                + "not a config key of this experiment; did you mean 'd'? (keys: d, n, noise, tasks, stepFactor)\n",
                r.err());
        assertFalse(r.out().contains(EXAMPLE_ID));
    }

    @Test
    void aDuplicateIdNamesBothFiles(@TempDir Path dir) throws Exception {
        String example = Files.readString(EXAMPLES.resolve("mahankali-extra.json"));
        Files.writeString(dir.resolve("a.json"), example);
        Files.writeString(dir.resolve("b.json"), example);
        MainTest.Run r = MainTest.run("list", "--claims", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(dir.resolve("b.json") + ": claim '" + EXAMPLE_ID + "' is also defined in "
                + dir.resolve("a.json")), r.err());
        Files.writeString(dir.resolve("b.json"), example.replace(EXAMPLE_ID, "mahankali-iso-optimal-step-d10-n10"));
        Files.delete(dir.resolve("a.json"));
        r = MainTest.run("list", "--claims", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is also defined in claims/icl/2307.03576.json"), r.err());
    }

    @Test
    void aMissingFolderIsOneMessage() {
        MainTest.Run r = MainTest.run("list", "--claims", "no/such/folder");
        assertEquals(2, r.code());
        assertEquals("linrepro: claims folder no/such/folder does not exist or is not a folder\n", r.err());
    }
}
