package org.linrepro.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which files were already verified, keyed by (absolute path, size, mtime in ms, expected sha256),
 * so a 55 MB file is hashed once and not on every run.
 *
 * <p>Persisted as {@code verified-files.tsv} ({@code sha256 TAB size TAB mtimeMillis TAB absolutePath}) in a cache
 * directory outside the data root (the data root may be read-only). Writes go to a temporary file that is then
 * moved over the old one atomically; entries of other processes are merged in first. If the directory cannot be
 * written the cache silently stays in memory.
 */
final class VerifiedCache {
    static final String FILE_NAME = "verified-files.tsv";
    private static final String HEADER = "# linrepro verified data files v1: sha256\tsize\tmtimeMillis\tabsolutePath";
    private static final int MAX_ENTRIES = 10_000;
    /** One lock per cache file, shared by all instances in this JVM. */
    private static final Map<Path, Object> FILE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Object lock;
    private final Map<String, Entry> byPath = new ConcurrentHashMap<>();
    private volatile boolean persistent;
    private volatile boolean loaded;

    record Entry(String sha256, long size, long mtimeMillis, String path) {
        String line() {
            return sha256 + "\t" + size + "\t" + mtimeMillis + "\t" + path;
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", 4);
            if (f.length != 4 || f[0].length() != 64) {
                return null;
            }
            try {
                return new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** @param dir cache directory, or null for an in-memory cache */
    VerifiedCache(Path dir) {
        this.file = dir == null ? null : dir.toAbsolutePath().normalize().resolve(FILE_NAME);
        this.persistent = file != null;
        this.lock = file == null ? new Object() : FILE_LOCKS.computeIfAbsent(file, k -> new Object());
    }

    /** The cache file, or null when in memory only. */
    Path file() {
        return persistent ? file : null;
    }

    boolean contains(Path absolute, long size, long mtimeMillis, String sha256) {
        loadOnce();
        Entry e = byPath.get(absolute.toString());
        return e != null && e.size == size && e.mtimeMillis == mtimeMillis && e.sha256.equals(sha256);
    }

    void add(Path absolute, long size, long mtimeMillis, String sha256) {
        String p = absolute.toString();
        if (p.indexOf('\t') >= 0 || p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) {
            return; // cannot be stored in the TSV; it will simply be hashed again next time
        }
        loadOnce();
        Entry e = new Entry(sha256, size, mtimeMillis, p);
        byPath.put(p, e);
        if (persistent) {
            persist(e);
        }
    }

    private void loadOnce() {
        if (loaded) {
            return;
        }
        synchronized (lock) {
            if (loaded) {
                return;
            }
            if (persistent) {
                for (Entry e : readFile().values()) {
                    byPath.putIfAbsent(e.path, e);
                }
            }
            loaded = true;
        }
    }

    private Map<String, Entry> readFile() {
        Map<String, Entry> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("#")) {
                    continue;
                }
                Entry e = Entry.parse(line);
                if (e != null) {
                    out.put(e.path, e);
                }
            }
        } catch (NoSuchFileException e) {
            // first use
        } catch (IOException | RuntimeException e) {
            // unreadable or garbled cache: start afresh (it is only a cache)
        }
        return out;
    }

    private void persist(Entry added) {
        synchronized (lock) {
            Path tmp = null;
            try {
                Files.createDirectories(file.getParent());
                // merge what other processes wrote meanwhile; our newest entry wins for its path
                Map<String, Entry> merged = readFile();
                merged.remove(added.path);
                merged.put(added.path, added);
                List<String> lines = new ArrayList<>();
                lines.add(HEADER);
                int skip = Math.max(0, merged.size() - MAX_ENTRIES);
                for (Entry e : merged.values()) {
                    if (skip > 0) {
                        skip--;
                        continue;
                    }
                    lines.add(e.line());
                }
                tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
            } catch (IOException | RuntimeException e) {
                persistent = false; // unwritable cache directory: keep going in memory, silently
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
    }
}
