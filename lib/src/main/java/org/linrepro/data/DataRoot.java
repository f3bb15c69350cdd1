package org.linrepro.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.linrepro.util.CacheFolder;

/**
 * The data root: one folder in the canonical layout of {@code shared/data/README.md}, located by
 * {@code LINREPRO_DATA}, else the system property {@code linrepro.data}, else {@code ~/.cache/linrepro/data}.
 *
 * <p>Files are checked against the SHA-256 list shipped in this jar ({@code org/linrepro/data/SHA256SUMS}) before use.
 * A {@code .gz} whose bytes differ is still accepted when its decompressed content has the sha256 in
 * {@link ContentChecksums} (the same data re-created by {@code data-scripts/} with another gzip/zlib).
 * A file is hashed once; the result is cached by (absolute path, size, mtime, expected sha256) in
 * {@code verified-files.tsv} in the {@link CacheFolder}. Nothing is ever written into the data root, which may be
 * read-only.
 *
 * <p>Thread-safe.
 */
public final class DataRoot {
    /** Environment variable naming the data root. */
    public static final String ENV = "LINREPRO_DATA";
    /** System property naming the data root (used when {@link #ENV} is unset). */
    public static final String PROPERTY = "linrepro.data";

    private static final int HEX_PREFIX = 12;

    private final Path root;
    private final String origin;
    private final Map<String, String> expected;
    private final Map<String, String> contentExpected;
    private final VerifiedCache cache;
    private final Map<Path, Object> hashLocks = new ConcurrentHashMap<>();
    private final AtomicInteger hashCount = new AtomicInteger();

    /**
     * Test and tool constructor.
     *
     * @param root     the data root
     * @param expected relative path → expected lower-case hex sha256
     * @param cacheDir directory for {@code verified-files.tsv}, or null to cache in memory only
     */
    DataRoot(Path root, Map<String, String> expected, Path cacheDir) {
        this(root, expected, Map.of(), cacheDir, "given");
    }

    /**
     * As {@link #DataRoot(Path, Map, Path)}, with {@code contentExpected}: .gz relative path → sha256 of the decompressed
     * content, accepted when the .gz bytes differ (a different compressor) but the content is the same.
     */
    DataRoot(Path root, Map<String, String> expected, Map<String, String> contentExpected, Path cacheDir) {
        this(root, expected, contentExpected, cacheDir, "given");
    }

    private DataRoot(Path root, Map<String, String> expected, Map<String, String> contentExpected, Path cacheDir,
                     String origin) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.expected = Map.copyOf(expected);
        this.contentExpected = Map.copyOf(contentExpected);
        this.cache = new VerifiedCache(cacheDir);
        this.origin = origin;
    }

    /** The data root named by the environment (see class comment), checked against the shipped checksums. */
    public static DataRoot fromEnvironment() {
        Map<String, String> env = System.getenv();
        String[] origin = new String[1];
        Path root = resolveRoot(env.get(ENV), System.getProperty(PROPERTY), origin);
        return new DataRoot(root, Checksums.shipped(), ContentChecksums.SHIPPED, CacheFolder.fromEnvironment(),
                origin[0]);
    }

    /** The data root at {@code root}, checked against the shipped checksums; verification cache as in {@link #fromEnvironment()}. */
    public static DataRoot at(Path root) {
        return new DataRoot(root, Checksums.shipped(), ContentChecksums.SHIPPED,
                CacheFolder.fromEnvironment(), "given");
    }

    /** Root from env value, else property value, else the default; {@code origin[0]} receives where it came from. */
    static Path resolveRoot(String envValue, String propertyValue, String[] origin) {
        if (envValue != null && !envValue.isBlank()) {
            origin[0] = ENV;
            return CacheFolder.expandHome(envValue.strip());
        }
        if (propertyValue != null && !propertyValue.isBlank()) {
            origin[0] = "-D" + PROPERTY;
            return CacheFolder.expandHome(propertyValue.strip());
        }
        origin[0] = "default";
        return CacheFolder.userHome().resolve(".cache").resolve("linrepro").resolve("data");
    }

    /** The absolute data root folder (it need not exist). */
    public Path root() {
        return root;
    }

    /** The file holding the verification cache, or empty when the cache lives in memory only. */
    public Optional<Path> cacheFile() {
        return Optional.ofNullable(cache.file());
    }

    /**
     * The absolute path of {@code relativePath} under the root after checking that it exists and, when the shipped
     * list has a checksum for it, that its SHA-256 matches. A file without a listed checksum (generated data, AAN,
     * WikiText-103 train) is returned if it exists.
     *
     * @throws DataException (one line) naming the missing or corrupt file, its dataset and {@code ./linrepro data fetch <dataset>}
     */
    public Path verifiedFile(String relativePath) {
        String rel = normalize(relativePath);
        Path p = root.resolve(rel);
        BasicFileAttributes attrs = attributes(p);
        if (attrs == null || !attrs.isRegularFile()) {
            throw new DataException(missingMessage(rel, p));
        }
        String exp = expected.get(rel);
        if (exp == null) {
            return p;
        }
        String actual;
        try {
            actual = check(rel, p, attrs, exp);
        } catch (IOException e) {
            throw new DataException("Cannot read data file " + p + " (" + describeOwner(rel) + "): " + e.getMessage(), e);
        }
        if (actual != null) {
            throw new DataException(corruptMessage(rel, p, exp, actual));
        }
        return p;
    }

    /** True when every file of the dataset is present and none fails its checksum (see {@link DatasetStatus#available()}). */
    public boolean isAvailable(String dataset) {
        return status(dataset).available();
    }

    /** What the root holds of {@code dataset}; hashes files not yet in the verification cache. */
    public DatasetStatus status(String dataset) {
        Dataset d = Datasets.byName(dataset);
        List<String> missing = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        long bytes = 0;
        for (String rel : d.files()) {
            Path p = root.resolve(rel);
            BasicFileAttributes attrs = attributes(p);
            if (attrs == null || !attrs.isRegularFile()) {
                missing.add(rel);
                continue;
            }
            bytes += attrs.size();
            String exp = expected.get(rel);
            if (exp == null) {
                unchecked.add(rel);
                continue;
            }
            try {
                if (check(rel, p, attrs, exp) != null) {
                    corrupt.add(rel);
                }
            } catch (IOException e) {
                corrupt.add(rel);
            }
        }
        DatasetStatus.State state;
        if (!corrupt.isEmpty()) {
            state = DatasetStatus.State.CORRUPT;
        } else if (missing.size() == d.files().size()) {
            state = DatasetStatus.State.MISSING;
        } else if (!missing.isEmpty()) {
            state = DatasetStatus.State.PARTIAL;
        } else if (!unchecked.isEmpty()) {
            state = DatasetStatus.State.UNCHECKED;
        } else {
            state = DatasetStatus.State.VERIFIED;
        }
        return new DatasetStatus(d.name(), d.description(), state, missing, corrupt, unchecked, d.fetchCommand(), bytes);
    }

    /** Status of every top-level dataset ({@link Datasets#all()}), in registry order. */
    public List<DatasetStatus> statusAll() {
        List<DatasetStatus> out = new ArrayList<>();
        for (Dataset d : Datasets.all()) {
            out.add(status(d.name()));
        }
        return out;
    }

    /** {@link #verifiedFile} opened as a buffered, decompressing stream. */
    public InputStream openGzip(String relativePath) {
        Path p = verifiedFile(relativePath);
        try {
            return new BufferedInputStream(new GZIPInputStream(
                    new BufferedInputStream(Files.newInputStream(p), 1 << 16), 1 << 16), 1 << 16);
        } catch (IOException e) {
            throw new DataException("Cannot open gzip data file " + p + " (" + describeOwner(normalize(relativePath))
                    + "): " + e.getMessage(), e);
        }
    }

    /** {@link #openGzip} as UTF-8 text. */
    public BufferedReader openGzipReader(String relativePath) {
        return new BufferedReader(new InputStreamReader(openGzip(relativePath), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Number of files hashed by this instance (cache misses); for tests. */
    int hashCount() {
        return hashCount.get();
    }

    /**
     * Null if the file matches {@code exp} (or, failing that, its decompressed content matches the known content
     * checksum), else its actual sha256. Uses and fills the verification cache.
     */
    private String check(String rel, Path p, BasicFileAttributes attrs, String exp) throws IOException {
        long size = attrs.size();
        long mtime = attrs.lastModifiedTime().toMillis();
        if (cache.contains(p, size, mtime, exp)) {
            return null;
        }
        synchronized (hashLocks.computeIfAbsent(p, k -> new Object())) {
            if (cache.contains(p, size, mtime, exp)) {
                return null; // another thread just verified it
            }
            hashCount.incrementAndGet();
            String actual = Checksums.sha256(p);
            if (!actual.equals(exp)) {
                String content = contentExpected.get(rel);
                if (content == null || !content.equals(Checksums.sha256Gunzipped(p))) {
                    return actual;
                }
                // same content, compressed by another gzip/zlib: accept (and cache) it
            }
            // record the attributes seen before hashing: if the file changed meanwhile, the next run rehashes it
            BasicFileAttributes after = attributes(p);
            if (after != null && after.size() == size && after.lastModifiedTime().toMillis() == mtime) {
                cache.add(p, size, mtime, exp);
            }
            return null;
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** '/'-separated path relative to the root; rejects absolute paths and '..'. */
    static String normalize(String relativePath) {
        if (relativePath == null || relativePath.isBlank()) {
            throw new DataException("empty data file path");
        }
        String rel = relativePath.replace('\\', '/');
        while (rel.startsWith("./")) {
            rel = rel.substring(2);
        }
        if (rel.startsWith("/") || rel.matches("^[A-Za-z]:/.*")) {
            throw new DataException("data file path must be relative to the data root: " + relativePath);
        }
        for (String seg : rel.split("/")) {
            if (seg.equals("..")) {
                throw new DataException("data file path must stay inside the data root: " + relativePath);
            }
        }
        return rel.replaceAll("/+", "/");
    }

    private String describeOwner(String rel) {
        return Datasets.owning(rel).map(d -> "dataset '" + d.name() + "'").orElse("no known dataset");
    }

    private String rootNote() {
        return switch (origin) {
            case ENV -> "data root from " + ENV;
            case "default" -> "default data root; set " + ENV + " to use another";
            case "given" -> "data root " + root;
            default -> "data root from " + origin;
        };
    }

    private String missingMessage(String rel, Path p) {
        Optional<Dataset> d = Datasets.owning(rel);
        if (d.isPresent()) {
            return "Missing data file " + p + " (dataset '" + d.get().name() + "', " + rootNote()
                    + "). Fetch it with: " + d.get().fetchCommand();
        }
        return "Missing data file " + p + " (no known dataset provides it; " + rootNote()
                + "). Known datasets: " + String.join(", ", Datasets.all().stream().map(Dataset::name).toList());
    }

    private String corruptMessage(String rel, Path p, String exp, String actual) {
        Optional<Dataset> d = Datasets.owning(rel);
        String name = d.map(Dataset::name).orElse("?");
        String fetch = d.map(Dataset::fetchCommand).orElse(Datasets.FETCH_PREFIX + "<dataset>");
        String content = contentExpected.containsKey(rel) ? " (and its decompressed content differs too)" : "";
        return "Corrupt data file " + p + " (dataset '" + name + "'): sha256 is " + actual.substring(0, HEX_PREFIX)
                + "…, expected " + exp.substring(0, HEX_PREFIX) + "…" + content + ". Replace it with: " + fetch;
    }

    @Override
    public String toString() {
        return "DataRoot[" + root + ", " + rootNote() + "]";
    }
}
