package org.linrepro.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One JShell session shared by the test classes (starting one costs a second or two). */
final class Sessions {
    private static volatile JavaSession shared;
    private static Path workDir;
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

    private Sessions() {
    }

    static JavaSession shared() {
        JavaSession s = shared;
        return s != null ? s : init();
    }

    private static synchronized JavaSession init() {
        if (shared == null) {
            try {
                workDir = Files.createTempDirectory("linrepro-kernel-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared = JavaSession.start(List.of(), workDir);
        }
        return shared;
    }

    /** Binds {@code display(...)} to the shared session again (if started) after another session closed. */
    static synchronized void rebind() {
        if (shared != null) {
            Notebook.bind(shared);
        }
    }

    static Path workDir() {
        shared();
        return workDir;
    }

    /** Runs a cell; returns its output, with the result bundle (or null) under the key "result". */
    static Run run(String cell) {
        RecordingOutput out = new RecordingOutput();
        JavaSession.CellResult r = shared().execute(cell, COUNT.incrementAndGet(), out);
        return new Run(out, r);
    }

    record Run(RecordingOutput output, JavaSession.CellResult result) {
        String text() {
            return result.bundle() == null ? null : (String) result.bundle().get("text/plain");
        }
    }
}
