package org.linrepro.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs an action on a file while holding both an in-JVM lock and an OS file lock ({@link FileChannel#lock}) on it,
 * so writers in one JVM and in other processes take turns. The in-JVM lock is needed as well because the OS lock
 * belongs to the whole JVM: a second channel of the same JVM would get {@code OverlappingFileLockException}.
 */
public final class LockedFile {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private LockedFile() {}

    /** What to do with the locked channel. */
    @FunctionalInterface
    public interface Action<T> {
        T apply(FileChannel channel) throws IOException;
    }

    /** Opens (creating it and its folder if needed) for reading and writing, locks exclusively, runs the action. */
    public static <T> T exclusive(Path file, Action<T> action) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return locked(file, false, action, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** Opens an existing file for reading, locks it shared (writers wait), runs the action. */
    public static <T> T shared(Path file, Action<T> action) throws IOException {
        return locked(file, true, action, StandardOpenOption.READ);
    }

    private static <T> T locked(Path file, boolean shared, Action<T> action, StandardOpenOption... options)
            throws IOException {
        ReentrantLock jvm = IN_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(file, options);
                FileLock os = ch.lock(0, Long.MAX_VALUE, shared)) {
            return action.apply(ch);
        } finally {
            jvm.unlock();
        }
    }
}
