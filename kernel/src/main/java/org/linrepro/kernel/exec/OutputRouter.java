package org.linrepro.kernel.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.linrepro.kernel.CellOutput;

/**
 * Points {@code System.out}, {@code System.err} and {@code System.in} at the running cell, once for the whole JVM:
 * streams a cell saved earlier ({@code var out = System.out}) keep working in later cells. Outside a cell the
 * process's own streams get the bytes (Jupyter writes them to its log).
 */
public final class OutputRouter {

    private static volatile CellOutput target;
    private static PrintStream out;
    private static PrintStream err;
    private static boolean installed;

    private OutputRouter() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        InputStream originalIn = System.in;
        out = new PrintStream(new Routing(false, originalOut), true, StandardCharsets.UTF_8);
        err = new PrintStream(new Routing(true, originalErr), true, StandardCharsets.UTF_8);
        System.setOut(out);
        System.setErr(err);
        System.setIn(new RoutingInput(originalIn));
        installed = true;
    }

    /** Sends output to this cell until {@link #detach()}. */
    public static void attach(CellOutput cell) {
        target = cell;
    }

    /** Flushes and stops sending output to the cell. */
    public static void detach() {
        flush();
        target = null;
    }

    public static void flush() {
        if (installed) {
            out.flush();
            err.flush();
        }
    }

    public static CellOutput current() {
        return target;
    }

    private static final class Routing extends OutputStream {
        private final boolean isErr;
        private final PrintStream fallback;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

        Routing(boolean isErr, PrintStream fallback) {
            this.isErr = isErr;
            this.fallback = fallback;
        }

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (buffer.size() == 0) {
                return;
            }
            CellOutput cell = target;
            if (cell == null) {
                buffer.writeTo(fallback);
                fallback.flush();
            } else {
                String text = buffer.toString(StandardCharsets.UTF_8);
                if (isErr) {
                    cell.stderr(text);
                } else {
                    cell.stdout(text);
                }
            }
            buffer.reset();
        }
    }

    private static final class RoutingInput extends InputStream {
        private final InputStream fallback;
        private byte[] line = new byte[0];
        private int pos;

        RoutingInput(InputStream fallback) {
            this.fallback = fallback;
        }

        @Override
        public synchronized int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return line[pos++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (pos < line.length) {
                return true;
            }
            CellOutput cell = target;
            if (cell == null) {
                int c = fallback.read();
                if (c < 0) {
                    return false;
                }
                line = new byte[] {(byte) c};
                pos = 0;
                return true;
            }
            flush();
            String typed;
            try {
                typed = cell.input("", false);
            } catch (UnsupportedOperationException e) {
                return false;
            }
            if (typed == null) {
                return false;
            }
            line = (typed + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }

        private void flush() {
            OutputRouter.flush();
        }
    }
}
