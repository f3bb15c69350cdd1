package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.util.LinreproException;

class LedgerAndReportTest {
    static Verdict verdict(String id, double measured, Verdict.Status s) {
        FigureData f = FigureData.builder(id + "-fig", "t").axes("x", "y")
                .series("a", new double[] {0, 1}, new double[] {1, 0}, FigureData.Style.LINE).build();
        return new Verdict(new Verdict.ClaimInfo(id, "test", "0000.00001", "Someone 2020", "Table 1", "paper", "value",
                "quick", 1.0, "1", "±5 %", "seed spread", null, null, null),
                new Verdict.Result(s, measured, 0.01, 0.01, "ok", Map.of("extra", 2.0), List.of(f)),
                new Verdict.Run(3, "abc", "{}", "cpu()", Map.of("djl", "0.35.1"), 1.5, "2026-01-01T00:00:00Z"));
    }

    @Test
    void appendsAndReadsBackInOrder(@TempDir Path dir) {
        Ledger l = new Ledger(dir.resolve("r/ledger.jsonl"));
        l.append(verdict("a", 1.0, Verdict.Status.PASS));
        l.append(verdict("b", Double.NaN, Verdict.Status.ERROR));
        l.append(verdict("a", 1.1, Verdict.Status.FAIL));
        assertEquals(3, l.readAll().size());
        List<Verdict> latest = l.latest();
        assertEquals(2, latest.size());
        assertEquals(1.1, latest.get(0).result().measured());
        assertTrue(latest.get(1).result().measured().isNaN());
        assertEquals(1, latest.get(0).result().figures().size());
    }

    @Test
    void writesGroupedJsonAndReadsOldFlatLines(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("ledger.jsonl");
        // a line as written before verdicts were grouped (24 flat fields)
        String old = "{\"claimId\":\"old\",\"arxiv\":\"2011.04006\",\"paper\":\"Tay et al.\",\"source\":\"Table 1\","
                + "\"kind\":\"value\",\"tier\":\"unit\",\"reported\":51.29,\"reportedText\":\"51.29 %\",\"measured\":51.476,"
                + "\"standardError\":null,\"tolerance\":\"±0.006\",\"toleranceWhy\":\"w\",\"margin\":null,"
                + "\"status\":\"NOT_REPRODUCED\",\"message\":\"m\",\"seed\":1,\"configHash\":\"h\",\"config\":\"{}\","
                + "\"device\":\"cpu()\",\"versions\":{\"djl\":\"0.35.1\"},\"wallSeconds\":0.0,"
                + "\"timestamp\":\"2026-11-23T10:00:00Z\",\"details\":{},\"figures\":[]}\n";
        Files.writeString(p, old);
        Ledger l = new Ledger(p);
        l.append(verdict("new", 1.0, Verdict.Status.PASS));
        List<Verdict> all = l.readAll();
        assertEquals("old", all.get(0).claimId());
        assertEquals(51.476, all.get(0).result().measured());
        assertEquals(Verdict.Status.NOT_REPRODUCED, all.get(0).status());
        assertEquals("2026-11-23T10:00:00Z", all.get(0).run().timestamp());
        assertEquals(verdict("new", 1.0, Verdict.Status.PASS).claim(), all.get(1).claim());
        String newLine = Files.readAllLines(p).get(1);
        assertTrue(newLine.contains("\"claim\":{\"id\":\"new\""), newLine);
        assertTrue(newLine.contains("\"result\":{\"status\":\"PASS\"") && newLine.contains("\"run\":{\"seed\":3"),
                newLine);
    }

    @Test
    void malformedLineIsNamed(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("ledger.jsonl");
        Files.writeString(p, "{\"claimId\": \"a\"}\nnot json\n");
        String m = assertThrows(LinreproException.class, () -> new Ledger(p).readAll()).getMessage();
        assertTrue(m.contains("line 2"), m);
    }

    @Test
    void reportWritesMarkdownHtmlAndPng(@TempDir Path dir) throws Exception {
        List<Verdict> vs = List.of(verdict("a", 1.0, Verdict.Status.PASS), verdict("b", 2.0, Verdict.Status.FAIL));
        Path html = Report.write(dir, vs, vs);
        String h = Files.readString(html);
        assertTrue(h.contains("class=\"verdict pass\"") && h.contains("class=\"verdict fail\""), h);
        String md = Files.readString(dir.resolve("index.md"));
        assertTrue(md.contains("| [a](#a) |") && md.contains("<a id=\"a\"></a>"), md);
        // grouped by line and paper, each group with its status counts; the overall line counts every status
        assertTrue(md.contains("## test — 1 pass, 1 FAIL") && md.contains("### 0000.00001 (Someone 2020) — 1 pass, 1 FAIL"),
                md);
        assertTrue(md.contains("1 pass, 1 FAIL, 0 ERROR, 0 no data, 0 not reproduced, 0 UNEXPECTED PASS, 0 deviates"), md);
        // a status filter (inline script, no network) and rows tagged with their status
        assertTrue(h.contains("filterStatus(") && h.contains("data-status=\"fail\"") && !h.contains("http"), h);
        byte[] png = Files.readAllBytes(dir.resolve("figures/a-fig.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals(2, Report.summary(vs).rowCount());
    }

    @Test
    void suggestionsAreClose() {
        assertEquals(List.of("mahankali-iso-mc-loss"),
                ClaimCatalog.closest("mahankali-iso-mc-los", List.of("mahankali-iso-mc-loss", "lra-avg"), 3));
    }
}
