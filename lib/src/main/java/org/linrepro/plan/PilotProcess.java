package org.linrepro.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.linrepro.claim.Claim;

/**
 * Runs one claim's pilot in a child JVM, so that each pilot's peak memory is its own (a fresh process's high-water
 * mark, and the GPU's caching allocator starts empty), a pilot that crashes the native library or runs out of memory
 * takes only its own row down, and a memory cap can be enforced: the child's resident memory is watched and the child
 * is killed above the cap (row "too big"), as it is past the time limit (row "timed out").
 */
public final class PilotProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> childCommand;
    private final long maxBytes;
    private final double timeoutSeconds;

    /**
     * @param childArgs arguments after the main class that make the child plan one claim in-process and write its
     *                  row as JSON to the file given last (the claim id and file are appended)
     * @param mainClass the CLI's main class
     */
    public PilotProcess(String mainClass, List<String> childArgs, long maxBytes, double timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(childArgs);
        this.childCommand = cmd;
        this.maxBytes = maxBytes;
        this.timeoutSeconds = timeoutSeconds;
    }

    public PlanRow plan(Claim c, String device) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("linrepro-pilot");
            Path row = dir.resolve("row.json");
            Path log = dir.resolve("pilot.log");
            List<String> cmd = new ArrayList<>(childCommand);
            cmd.add("--row-out");
            cmd.add(row.toString());
            cmd.add(c.id());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long t0 = System.nanoTime();
            long peak = 0;
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                long rss = PeakMemory.residentBytes(p.pid());
                peak = Math.max(peak, rss);
                if (maxBytes > 0 && rss > maxBytes) {
                    kill(p);
                    return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), device, "too big",
                            String.format("pilot killed at %.1f GB resident, above the cap of %.1f GB (--max-memory)",
                                    rss / 1e9, maxBytes / 1e9));
                }
                if ((System.nanoTime() - t0) / 1e9 > timeoutSeconds) {
                    kill(p);
                    return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), device, "timed out",
                            String.format("pilot still running after %.0f s (data set-up or one step takes longer; "
                                    + "--pilot-timeout), %.1f GB resident", timeoutSeconds, peak / 1e9));
                }
            }
            if (Files.isRegularFile(row)) {
                return JSON.readValue(row.toFile(), PlanRow.class);
            }
            if (p.exitValue() == 137) { // SIGKILL we did not send: the kernel's out-of-memory killer, between two polls
                return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), device, "too big", String.format(
                        "pilot killed by the system (out of memory) at %.1f GB resident or more", peak / 1e9));
            }
            return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), device, "error",
                    "pilot process exited with code " + p.exitValue() + ": " + lastLine(log));
        } catch (IOException e) {
            return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), device, "error",
                    "cannot run the pilot process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PlanRow.failed(c.id(), c.tier().id(), c.experiment(), device, "error", "interrupted");
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "(no output)";
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
