package org.linrepro.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.linrepro.claim.Verdict;
import org.linrepro.util.CacheFolder;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;

/**
 * Content-addressed store of finished verdicts: one JSON file per {@link ResultKey} under {@code <root>/<2 hex>/}, so
 * a retried or requeued shard finds what already finished. Root: {@code LINREPRO_RESULTS}, else {@code results/}
 * in the cache folder (system property {@code linrepro.results} between the two). Files are written atomically; two shards storing the same key write the same content.
 */
public final class ResultStore {
    public static final String ENV = "LINREPRO_RESULTS";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path root;

    public ResultStore(Path root) {
        this.root = root;
    }

    /** {@code LINREPRO_RESULTS}, else the system property {@code linrepro.results}, else {@code <cache>/results}. */
    public static ResultStore fromEnvironment() {
        String env = System.getenv(ENV);
        String prop = System.getProperty("linrepro.results");
        String v = env != null && !env.isBlank() ? env.trim() : prop != null && !prop.isBlank() ? prop.trim() : null;
        return new ResultStore(v != null ? Path.of(v).toAbsolutePath()
                : CacheFolder.fromEnvironment().resolve("results"));
    }

    public Path root() {
        return root;
    }

    /** One stored result: its key, the ledger id of the verdict, when it was stored, the verdict as measured. */
    public record Stored(ResultKey key, String verdictId, String storedAt, Verdict verdict) {}

    public Path fileOf(ResultKey key) {
        String h = key.hash();
        return root.resolve(h.substring(0, 2)).resolve(h + ".json");
    }

    /** The stored result of this key; empty when none (or when its file is unreadable: then it is simply rerun). */
    public Optional<Stored> find(ResultKey key) {
        Path f = fileOf(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Stored s = JSON.readValue(f.toFile(), Stored.class);
            return key.equals(s.key()) ? Optional.of(s) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Stored put(ResultKey key, String verdictId, Verdict v) {
        Stored s = new Stored(key, verdictId, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), v);
        try {
            AtomicFiles.write(fileOf(key), JSON.writeValueAsString(s) + "\n");
        } catch (IOException e) {
            throw new LinreproException("cannot write result store " + root + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
        return s;
    }
}
