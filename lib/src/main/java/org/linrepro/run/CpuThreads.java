package org.linrepro.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs work with a given number of PyTorch intra-op threads on the CPU, then restores the previous number.
 * Small models issue thousands of tiny ops per step; on a shared 2-core machine intra-op threading them cost 13×
 * (LRA quick ListOps: 238 s with the default threads vs 17.6 s with one, identical numbers). The count does not change
 * results here: reductions of these sizes run single-threaded either way (the two runs above agree exactly).
 */
public final class CpuThreads implements AutoCloseable {
    private final int before;
    private final boolean changed;

    private CpuThreads(int before, boolean changed) {
        this.before = before;
        this.changed = changed;
    }

    /** Environment variable with the CPU thread count claims run with (default 1, see class comment). */
    public static final String ENV = "LINREPRO_THREADS";

    /** The thread count from {@code LINREPRO_THREADS}, else 1. */
    public static int configured() {
        String v = System.getenv(ENV);
        if (v == null || v.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new org.linrepro.util.LinreproException(ENV + " must be a positive integer, got '" + v + "'");
    }

    /** Sets {@code threads} intra-op threads when {@code device} is the CPU; {@link #close()} restores them. */
    public static CpuThreads limit(Device device, int threads) {
        if (!Device.Type.CPU.equals(device.getDeviceType()) || threads < 1) {
            return new CpuThreads(0, false);
        }
        Engine.getInstance(); // loads the native library, which the thread calls need
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        return new CpuThreads(before, true);
    }

    @Override
    public void close() {
        if (changed) {
            JniUtils.setNumThreads(before);
        }
    }
}
