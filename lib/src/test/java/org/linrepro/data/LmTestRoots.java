package org.linrepro.data;

import java.nio.file.Path;
import java.util.Map;

/** Test access to a data root without shipped checksums (for fake WikiText files in the lm tests). */
public final class LmTestRoots {
    private LmTestRoots() {}

    public static DataRoot unchecked(Path root) {
        return new DataRoot(root, Map.of(), null);
    }
}
