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
        return new Verdict(id, "0000.00001", "Someone 2020", "Table 1", "value", "quick", 1.0, "1", measured, 0.01,
                "±5 %", "seed spread", 0.01, s, "ok", 3, "abc", "{}", "cpu()", Map.of("djl", "0.35.1"), 1.5,
                "2026-01-01T00:00:00Z", Map.of("extra", 2.0), List.of(f));
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
        assertEquals(1.1, latest.get(0).measured());
        assertTrue(latest.get(1).measured().isNaN());
        assertEquals(1, latest.get(0).figures().size());
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
        assertTrue(h.contains("<tr class=\"pass\">") && h.contains("<tr class=\"fail\">"));
        assertTrue(Files.readString(dir.resolve("index.md")).contains("| a | 0000.00001 |"));
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
