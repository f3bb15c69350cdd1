package org.linrepro.claim;

import ai.djl.Device;
import org.linrepro.run.Progress;

/** What an experiment gets: the claim being checked, its config, the master seed, the device, progress. */
public record RunContext(Claim claim, Config config, long seed, Device device, Progress progress) {

    /** A seed for one component, derived from the master seed and a name, so components don't share streams. */
    public long derivedSeed(String component) {
        long h = seed * 0x9E3779B97F4A7C15L + component.hashCode();
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return h & 0x7fffffffL;
    }
}
