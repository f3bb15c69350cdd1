package org.linrepro.repro.icl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU seconds of the calling thread (native work included when PyTorch runs single-threaded on it). Reported
 * next to wall time because on a shared machine the wall time says more about the neighbours than the claim.
 */
final class CpuClock {
    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    static double seconds() {
        return BEAN.isCurrentThreadCpuTimeSupported() ? BEAN.getCurrentThreadCpuTime() / 1e9 : Double.NaN;
    }
}
