package org.linrepro.data.lm;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.linrepro.data.DataRoot;

/**
 * Where derived data (tokenised corpora) is cached: {@code LINREPRO_CACHE}, else the system property
 * {@code linrepro.cache}, else {@code ~/.cache/linrepro} — the same folder as the checksum cache, and never the
 * data root, which may be read-only.
 */
public final class CacheDirectory {
    private CacheDirectory() {}

    public static Path fromEnvironment() {
        String env = System.getenv(DataRoot.CACHE_ENV);
        String prop = System.getProperty(DataRoot.CACHE_PROPERTY);
        String v = env != null && !env.isBlank() ? env.strip() : prop != null && !prop.isBlank() ? prop.strip() : null;
        Path home = Paths.get(System.getProperty("user.home"));
        if (v == null) {
            return home.resolve(".cache").resolve("linrepro");
        }
        if (v.equals("~")) {
            return home;
        }
        return v.startsWith("~/") ? home.resolve(v.substring(2)) : Paths.get(v).toAbsolutePath().normalize();
    }
}
