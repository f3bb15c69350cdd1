package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: outputs, report files and exit codes (0 pass, 1 fail, 2 usage/data). */
class MainTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void listJsonHasTheRequiredFields() throws Exception {
        Run r = run("list", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertTrue(arr.isArray() && arr.size() > 0);
        for (JsonNode c : arr) {
            for (String f : new String[] {"id", "paper", "source", "sourceKind", "kind", "tier", "reported"}) {
                assertTrue(c.has(f), "field " + f + " missing in " + c);
            }
        }
    }

    @Test
    void unknownClaimSuggestsClosestAndExits2() {
        Run r = run("reproduce", "mahankali-iso-optimal-step-d10-n11");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown claim id") && r.err().contains("mahankali-iso-optimal-step-d10-n10"),
                r.err());
    }

    @Test
    void badOptionsExit2() {
        assertEquals(2, run("reproduce", "--tier", "huge").code());
        assertEquals(2, run("list", "--format", "xml").code());
        assertEquals(2, run("reproduce", "--paper", "9999.99999").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("reproduce", "--device", "tpu", "mahankali-iso-optimal-step-d10-n10").code());
    }

    @Test
    void gpuWithoutCudaIsAUsageError() {
        Run r = run("reproduce", "--device", "gpu", "mahankali-iso-optimal-step-d10-n10");
        // Where a CUDA device exists this runs the claim instead; both are valid outcomes of the contract.
        assertTrue(r.code() == 2 && r.err().contains("no CUDA device") || r.code() == 0, r.err());
    }

    @Test
    void reproduceWritesReportAndLedger(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        Run r = run("reproduce", "mahankali-iso-optimal-step-d10-n10", "mahankali-iso-mc-loss-d10-n10",
                "--reports", reports.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("mahankali-iso-mc-loss-d10-n10") && r.out().contains("pass"), r.out());
        assertTrue(r.out().contains("2 pass, 0 FAIL, 0 ERROR, 0 no data, 0 not reproduced, 0 UNEXPECTED PASS, 0 deviates")
                && r.out().contains("run passes"), r.out());
        assertTrue(Files.exists(reports.resolve("index.html")));
        assertTrue(Files.exists(reports.resolve("index.md")));
        assertEquals(2, Files.readAllLines(reports.resolve("ledger.jsonl")).size());
        // report rebuilds from the ledger alone
        Files.delete(reports.resolve("index.html"));
        assertEquals(0, run("report", "--reports", reports.toString()).code());
        assertTrue(Files.readString(reports.resolve("index.html")).contains("mahankali-iso-mc-loss-d10-n10"));
    }

    @Test
    void reportWithoutLedgerExits2(@TempDir Path dir) {
        Run r = run("report", "--reports", dir.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no ledger"), r.err());
    }

    @Test
    void sameSeedSameNumbers(@TempDir Path dir) throws Exception {
        for (String d : new String[] {"a", "b"}) {
            assertEquals(0, run("reproduce", "mahankali-iso-mc-loss-off-optimum-d5-n20-s0.5", "--seed", "7",
                    "--reports", dir.resolve(d).toString()).code());
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(Files.readAllLines(dir.resolve("a/ledger.jsonl")).get(0));
        JsonNode b = json.readTree(Files.readAllLines(dir.resolve("b/ledger.jsonl")).get(0));
        assertEquals(a.get("result").get("measured").asDouble(), b.get("result").get("measured").asDouble(), 0.0);
        assertEquals(7, a.get("run").get("seed").asLong());
    }
}
