package org.linrepro.util;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one folder linrepro writes derived files to (checksum cache, tokenised corpora, checkpoints, run results):
 * {@code LINREPRO_CACHE}, else the system property {@code linrepro.cache}, else {@code ~/.cache/linrepro}. Never the
 * data root, which may be read-only.
 */
public final class CacheFolder {
    /** Environment variable naming the cache folder. */
    public static final String ENV = "LINREPRO_CACHE";
    /** System property naming the cache folder (used when {@link #ENV} is unset). */
    public static final String PROPERTY = "linrepro.cache";

    private CacheFolder() {}

    /** The cache folder named by the environment (see class comment). */
    public static Path fromEnvironment() {
        return resolve(System.getenv(ENV), System.getProperty(PROPERTY));
    }

    /** The environment value if set, else the property value, else {@code ~/.cache/linrepro}. */
    public static Path resolve(String envValue, String propertyValue) {
        if (envValue != null && !envValue.isBlank()) {
            return expandHome(envValue.strip());
        }
        if (propertyValue != null && !propertyValue.isBlank()) {
            return expandHome(propertyValue.strip());
        }
        return userHome().resolve(".cache").resolve("linrepro");
    }

    /** {@code p} as an absolute normalised path, a leading {@code ~} or {@code ~/} read as the user's home. */
    public static Path expandHome(String p) {
        if (p.equals("~")) {
            return userHome();
        }
        if (p.startsWith("~/")) {
            return userHome().resolve(p.substring(2));
        }
        return Paths.get(p).toAbsolutePath().normalize();
    }

    /** The user's home folder. */
    public static Path userHome() {
        return Paths.get(System.getProperty("user.home"));
    }
}
