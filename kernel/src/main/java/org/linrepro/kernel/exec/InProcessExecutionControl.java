package org.linrepro.kernel.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell's snippets in this JVM, on one long-lived cell thread, and hands the values themselves to the kernel
 * (not their strings, as JShell's own engines do).
 *
 * <p>Interrupting a cell interrupts the cell thread; code that does not react within {@link #STOP_AFTER_MS} is
 * stopped with {@code Thread.stop} (still available on Java 17); a thread that survives even that for
 * {@link #ABANDON_AFTER_MS} is left behind and a new cell thread takes over, so the kernel always comes back.
 */
public final class InProcessExecutionControl extends DirectExecutionControl {

    static final long STOP_AFTER_MS = 1_000;
    static final long ABANDON_AFTER_MS = 4_000;
    private static final long CELL_THREAD_STACK = 64L << 20;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SnippetClassLoader loader;
    private final Map<String, Object> results = java.util.Collections.synchronizedMap(new HashMap<>()); // values may be null
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(new Thread(null, r, "linrepro-watchdog", 0)));
    private volatile ExecutorService cellThread = newCellThread();
    private volatile Invocation running;
    private volatile boolean interrupted;

    public InProcessExecutionControl(SnippetClassLoader loader) {
        super(loader.delegate());
        this.loader = loader;
    }

    /** A JShell engine that is this control. */
    public ExecutionControlProvider provider() {
        InProcessExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "linrepro-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** Called before a cell runs: forgets an interrupt that came in between cells. */
    public void beginCell() {
        interrupted = false;
    }

    /** Called after a cell: drops values not taken. */
    public void endCell() {
        results.clear();
    }

    /** Whether an interrupt arrived since {@link #beginCell()}. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Whether the value key (the value string JShell reports for an executed snippet) has a value. */
    public boolean hasResult(String key) {
        return key != null && results.containsKey(key);
    }

    public Object takeResult(String key) {
        return results.remove(key);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        if (interrupted) {
            throw new InvocationTargetException(new CellInterrupted());
        }
        long id = sequence.incrementAndGet();
        Invocation outer = running;
        if (outer != null && outer.thread == Thread.currentThread()) {
            // eval(...) from inside a running cell: run right here (the cell thread is busy running the caller)
            Object value = doit.invoke(null);
            String key = "\u0000value#" + id;
            results.put(key, value);
            return key;
        }
        Invocation inv = new Invocation(new FutureTask<>(() -> doit.invoke(null)));
        running = inv;
        try {
            cellThread.execute(() -> {
                Thread me = Thread.currentThread();
                me.setContextClassLoader(loader);
                inv.thread = me;
                try {
                    if (!inv.task.isCancelled()) {
                        inv.task.run();
                    }
                } finally {
                    inv.thread = null;
                }
            });
            Object value = inv.task.get();
            String key = "\u0000value#" + id;
            results.put(key, value);
            return key;
        } catch (CancellationException e) {
            throw new InvocationTargetException(new CellInterrupted());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (interrupted) {
                throw new InvocationTargetException(new CellInterrupted());
            }
            throw new InvocationTargetException(cause);
        } finally {
            running = null;
        }
    }

    /**
     * Declarations' values are not shown by the kernel: answer without running user {@code toString()} on
     * JShell's thread (it could be slow, or never end).
     */
    @Override
    public String varValue(String className, String varName) {
        return "";
    }

    /** Interrupts the running cell, then stops it, then abandons its thread (see the class comment). */
    public void interrupt() {
        interrupted = true;
        Invocation inv = running;
        if (inv == null) {
            return;
        }
        Thread t = inv.thread;
        if (t != null) {
            t.interrupt();
        }
        watchdog.schedule(() -> {
            Thread th = inv.thread;
            if (running == inv && !inv.task.isDone() && th != null) {
                stop(th);
            }
        }, STOP_AFTER_MS, TimeUnit.MILLISECONDS);
        watchdog.schedule(() -> {
            if (running == inv && !inv.task.isDone()) {
                ExecutorService lost = cellThread;
                cellThread = newCellThread();
                lost.shutdown();
                inv.task.cancel(false);
            }
        }, ABANDON_AFTER_MS, TimeUnit.MILLISECONDS);
    }

    @SuppressWarnings("deprecation")
    private static void stop(Thread t) {
        try {
            t.stop();
        } catch (UnsupportedOperationException | SecurityException e) {
            // Java 20+: nothing more to do than wait for the abandon step
        }
    }

    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        cellThread.shutdownNow();
        watchdog.shutdownNow();
    }

    private static ExecutorService newCellThread() {
        return Executors.newSingleThreadExecutor(
                r -> daemon(new Thread(null, r, "linrepro-cell-" + THREADS.incrementAndGet(), CELL_THREAD_STACK)));
    }

    private static Thread daemon(Thread t) {
        t.setDaemon(true);
        return t;
    }

    private static final class Invocation {
        final FutureTask<Object> task;
        volatile Thread thread;

        Invocation(FutureTask<Object> task) {
            this.task = task;
        }
    }
}
