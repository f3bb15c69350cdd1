package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four writers appending to one ledger at once, as threads of one JVM and as separate processes: no line lost. */
class LedgerConcurrencyTest {
    static final int WRITERS = 4;
    static final int LINES = 12;

    @Test
    void fourThreadsLoseNoLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String writer = "t" + w;
            // Each thread its own Ledger instance, as separate reproduce commands in one JVM would have.
            done.add(pool.submit(() -> {
                start.await();
                write(file, writer, LINES);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertAllLines(file, "t");
    }

    @Test
    void fourProcessesLoseNoLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Writer.class.getName(), file.toString(), "p" + w, String.valueOf(LINES))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("w" + w + ".log").toFile()).start());
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer process did not finish");
            assertEquals(0, p.exitValue(), "writer process failed");
        }
        assertAllLines(file, "p");
    }

    static void write(Path file, String writer, int n) {
        for (int i = 0; i < n; i++) {
            new Ledger(file).append(LedgerAndReportTest.verdict(writer + "-" + i, i, Verdict.Status.PASS));
        }
    }

    static void assertAllLines(Path file, String prefix) {
        List<Verdict> all = new Ledger(file).readAll();
        Set<String> ids = new HashSet<>();
        all.forEach(v -> ids.add(v.claimId()));
        assertEquals(WRITERS * LINES, all.size(), "ledger lines");
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < LINES; i++) {
                assertTrue(ids.contains(prefix + w + "-" + i), "missing " + prefix + w + "-" + i);
            }
        }
    }

    /** A separate process appending to a ledger: {@code Writer FILE NAME LINES}. */
    public static final class Writer {
        public static void main(String[] args) {
            write(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
            System.out.println("wrote " + args[2] + " lines");
        }
    }
}
