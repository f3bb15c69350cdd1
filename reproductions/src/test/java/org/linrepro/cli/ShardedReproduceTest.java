package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Verdict;

/** reproduce --shard: shards together run the selection once, a retried shard reuses its stored verdicts. */
class ShardedReproduceTest {
    static final String[] CLAIMS = {"mahankali-iso-optimal-step-d10-n10", "mahankali-iso-mc-loss-d10-n10",
        "mahankali-iso-mc-loss-off-optimum-d5-n20-s0.5"};

    @AfterEach
    void clear() {
        System.clearProperty("linrepro.results");
    }

    static String[] args(String... extra) {
        String[] a = new String[1 + CLAIMS.length + extra.length];
        a[0] = "reproduce";
        System.arraycopy(CLAIMS, 0, a, 1, CLAIMS.length);
        System.arraycopy(extra, 0, a, 1 + CLAIMS.length, extra.length);
        return a;
    }

    static Map<String, Double> measured(Path ledger) {
        Map<String, Double> m = new TreeMap<>();
        new Ledger(ledger).readAll().forEach(v -> m.put(v.claimId() + "/" + v.run().seed(), v.result().measured()));
        return m;
    }

    @Test
    void shardsTogetherEqualASerialRunAndRetriesReuse(@TempDir Path dir) throws Exception {
        System.setProperty("linrepro.results", dir.resolve("results").toString());
        assertEquals(0, MainTest.run(args("--reports", dir.resolve("serial").toString())).code());
        Path[] ledgers = new Path[2];
        for (int i = 0; i < 2; i++) {
            Path r = dir.resolve("shard-" + i);
            MainTest.Run run = MainTest.run(args("--shard", i + "/2", "--reports", r.toString()));
            assertEquals(0, run.code(), run.out() + run.err());
            ledgers[i] = r.resolve("ledger.jsonl");
        }
        int a = new Ledger(ledgers[0]).readAll().size();
        int b = new Ledger(ledgers[1]).readAll().size();
        assertEquals(3, a + b, "each claim in exactly one shard");
        assertTrue(a > 0 && b > 0, "both shards have work: " + a + " + " + b);
        Path merged = dir.resolve("merged/ledger.jsonl");
        assertEquals(0, MainTest.run("ledger", "merge", ledgers[0].toString(), ledgers[1].toString(),
                "--out", merged.toString()).code());
        assertEquals(measured(dir.resolve("serial/ledger.jsonl")), measured(merged));

        // Shard 0 retried: everything it had finished comes from the store, labelled as such.
        MainTest.Run retry = MainTest.run(args("--shard", "0/2", "--reports", ledgers[0].getParent()
                .toString()));
        assertEquals(0, retry.code());
        assertTrue(retry.out().contains("reused from the result store: measured "), retry.out());
        List<Ledger.Entry> entries = new Ledger(ledgers[0]).entries();
        assertEquals(2 * a, entries.size());
        for (int i = 0; i < a; i++) {
            Ledger.Entry first = entries.get(i);
            Ledger.Entry again = entries.get(a + i);
            assertNull(first.reused());
            assertNotNull(again.reused());
            assertEquals(first.id(), again.id(), "the same verdict, so the same id: merge keeps it once");
            assertEquals(first.verdict().run().timestamp(), again.verdict().run().timestamp());
        }
        // --rerun measures again.
        MainTest.Run rerun = MainTest.run(args("--shard", "0/2", "--rerun", "--reports",
                dir.resolve("rerun").toString()));
        assertTrue(!rerun.out().contains("reused from the result store"), rerun.out());
        List<Verdict> fresh = new Ledger(dir.resolve("rerun/ledger.jsonl")).readAll();
        assertEquals(a, fresh.size());
    }
}
