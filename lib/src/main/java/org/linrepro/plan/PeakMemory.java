package org.linrepro.plan;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory of this process: the kernel's high-water mark of resident memory (heap and native tensors alike). */
public final class PeakMemory {
    private PeakMemory() {}

    /** VmHWM of this process in bytes (peak resident set since start), or -1 where /proc is not there. */
    public static long residentPeakBytes() {
        return statusField("VmHWM:");
    }

    /** Starts the high-water mark afresh (Linux: "5" to /proc/self/clear_refs); ignored where that is not possible. */
    public static void resetResidentPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // the peak then covers the process so far: an over-estimate, never an under-estimate
        }
    }

    /** VmRSS of a process in bytes, or -1 when it is gone. */
    public static long residentBytes(long pid) {
        return statusField(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
    }

    private static long statusField(String field) {
        return statusField(Path.of("/proc/self/status"), field);
    }

    private static long statusField(Path status, String field) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith(field)) {
                    String[] parts = l.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Memory in use on a GPU (all processes), in bytes, or -1 when CUDA cannot say. */
    static long gpuUsed(Device device) {
        try {
            return ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getUsed();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
