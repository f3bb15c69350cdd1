package org.linrepro.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory from {@code /proc/self/status} (Linux), which includes the native memory of the
 * PyTorch engine that the JVM's own counters miss. Elsewhere every value is NaN and {@link #resetPeak} false.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {}

    /** Current resident set in MB (VmRSS), NaN if unknown. */
    public static double rssMb() {
        return field("VmRSS:");
    }

    /** Peak resident set in MB since start or the last {@link #resetPeak} (VmHWM), NaN if unknown. */
    public static double peakRssMb() {
        return field("VmHWM:");
    }

    /** Resets the peak (writes "5" to /proc/self/clear_refs); false when not possible. */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Double.parseDouble(parts[0]) / 1024.0; // kB → MB
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
