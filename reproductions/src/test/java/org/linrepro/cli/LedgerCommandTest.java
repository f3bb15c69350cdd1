package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linrepro.cli.MainTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Verdict;

/** linrepro ledger merge: two runs' ledgers into one report. */
class LedgerCommandTest {
    @Test
    void mergesTwoRunsIntoOneReport(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run("reproduce", "mahankali-iso-optimal-step-d10-n10", "--reports", a.toString()).code());
        assertEquals(0, run("reproduce", "mahankali-iso-mc-loss-d10-n10", "--reports", b.toString()).code());
        Path merged = dir.resolve("merged/ledger.jsonl");
        MainTest.Run r = run("ledger", "merge", a.resolve("ledger.jsonl").toString(), b.resolve("ledger.jsonl").toString(),
                a.resolve("ledger.jsonl").toString(), "--out", merged.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("3 lines read, 2 written, 1 duplicate(s) dropped"), r.out());
        List<Verdict> vs = new Ledger(merged).readAll();
        assertEquals(List.of("mahankali-iso-mc-loss-d10-n10", "mahankali-iso-optimal-step-d10-n10"),
                vs.stream().map(Verdict::claimId).sorted().toList());
        assertEquals(0, run("report", "--reports", merged.getParent().toString()).code());
        String md = Files.readString(merged.resolveSibling("index.md"));
        assertTrue(md.contains("mahankali-iso-mc-loss-d10-n10") && md.contains("mahankali-iso-optimal-step-d10-n10"));
    }

    @Test
    void missingInputIsAUsageError(@TempDir Path dir) {
        MainTest.Run r = run("ledger", "merge", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("o.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no ledger at"), r.err());
    }
}
