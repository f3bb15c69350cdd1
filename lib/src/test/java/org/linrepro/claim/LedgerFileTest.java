package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linrepro.claim.LedgerAndReportTest.verdict;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.util.AtomicFiles;

/** The ledger file itself: cut-off lines, ids, merging, file modes. */
class LedgerFileTest {

    @Test
    void cutOffLastLineIsMovedAsideBeforeAppending(@TempDir Path dir) throws Exception {
        Ledger l = new Ledger(dir.resolve("ledger.jsonl"));
        l.append(verdict("a", 1.0, Verdict.Status.PASS));
        String whole = Files.readString(l.file());
        // A crash in the middle of the second line.
        String cut = Ledger.lineOf(verdict("b", 2.0, Verdict.Status.PASS), null).toString().substring(0, 57);
        Files.writeString(l.file(), cut, StandardOpenOption.APPEND);
        assertEquals(1, l.readAll().size(), "a reader skips the fragment");

        l.append(verdict("c", 3.0, Verdict.Status.PASS));
        List<Verdict> all = l.readAll();
        assertEquals(List.of("a", "c"), all.stream().map(Verdict::claimId).toList());
        assertTrue(Files.readString(l.file()).startsWith(whole));
        String side = Files.readString(l.fragmentsFile());
        assertTrue(side.contains(cut + "\n"), side);
        assertTrue(side.startsWith("# cut-off last line of ledger.jsonl (57 chars)"), side);
    }

    @Test
    void completeLastLineWithoutNewlineIsKept(@TempDir Path dir) throws Exception {
        Ledger l = new Ledger(dir.resolve("ledger.jsonl"));
        Files.writeString(l.file(), Ledger.lineOf(verdict("a", 1.0, Verdict.Status.PASS), null).toString());
        l.append(verdict("b", 2.0, Verdict.Status.PASS));
        assertEquals(List.of("a", "b"), l.readAll().stream().map(Verdict::claimId).toList());
        assertTrue(Files.notExists(l.fragmentsFile()));
    }

    @Test
    void idIsStableAndComputedForOldLines(@TempDir Path dir) throws Exception {
        Verdict v = verdict("a", 1.0, Verdict.Status.PASS);
        Ledger l = new Ledger(dir.resolve("ledger.jsonl"));
        String id = l.append(v);
        assertEquals(16, id.length());
        assertEquals(id, new Ledger(dir.resolve("other.jsonl")).append(v), "same content, same id");
        assertEquals(id, new Ledger(dir.resolve("reused.jsonl")).append(v, Ledger.Reuse.now("k")),
                "a reuse note does not change the id");
        assertNotEquals(id, l.append(verdict("a", 1.1, Verdict.Status.PASS)));

        // A line written before ids existed: plain verdict JSON.
        Path old = dir.resolve("old.jsonl");
        Files.writeString(old, Ledger.JSON.writeValueAsString(v) + "\n");
        Ledger.Entry e = new Ledger(old).entries().get(0);
        assertEquals(id, e.id());
        assertNull(e.reused());
        assertEquals("k", new Ledger(dir.resolve("reused.jsonl")).entries().get(0).reused().key());
    }

    @Test
    void mergeKeepsEachVerdictOnceInTimeOrder(@TempDir Path dir) throws Exception {
        Verdict early = withTime(verdict("x", 1.0, Verdict.Status.PASS), "2026-01-01T00:00:00Z");
        Verdict mid = withTime(verdict("y", 2.0, Verdict.Status.PASS), "2026-01-02T00:00:00Z");
        Verdict late = withTime(verdict("x", 3.0, Verdict.Status.FAIL), "2026-01-03T00:00:00Z");
        Ledger a = new Ledger(dir.resolve("a.jsonl"));
        a.append(late);
        a.append(early);
        Ledger b = new Ledger(dir.resolve("b.jsonl"));
        b.append(mid);
        b.append(early, Ledger.Reuse.now("stored")); // the same verdict shown again from the store
        Path oldStyle = dir.resolve("c.jsonl");
        Files.writeString(oldStyle, Ledger.JSON.writeValueAsString(mid) + "\n"); // no id on this line
        Path out = dir.resolve("merged/ledger.jsonl");

        Ledger.MergeResult r = Ledger.merge(List.of(a.file(), b.file(), oldStyle), out);
        assertEquals(new Ledger.MergeResult(5, 3, 2), r);
        Ledger m = new Ledger(out);
        assertEquals(List.of(1.0, 2.0, 3.0), m.readAll().stream().map(v -> v.result().measured()).toList());
        assertNull(m.entries().get(0).reused(), "the first copy (the measured one) is kept");
        assertEquals(3.0, m.latest().get(0).result().measured());
        // Merging the merge with its inputs again changes nothing.
        assertEquals(3, Ledger.merge(List.of(out, a.file(), b.file()), out).written());
        assertEquals(3, m.readAll().size());
    }

    @Test
    void filesFollowTheUmask(@TempDir Path dir) throws Exception {
        Path probe = dir.resolve("probe");
        Files.writeString(probe, "x"); // created like any file of this process: 0666 less the umask
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
        Ledger l = new Ledger(dir.resolve("ledger.jsonl"));
        l.append(verdict("a", 1.0, Verdict.Status.PASS));
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(l.file())));
        Path report = dir.resolve("index.md");
        AtomicFiles.write(report, "# report\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
        Ledger.merge(List.of(l.file()), dir.resolve("merged.jsonl"));
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("merged.jsonl"))));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp left");
        }
    }

    static Verdict withTime(Verdict v, String t) {
        return new Verdict(v.claim(), v.result(), new Verdict.Run(v.run().seed(), v.run().configHash(),
                v.run().config(), v.run().device(), v.run().versions(), v.run().wallSeconds(), t));
    }
}
