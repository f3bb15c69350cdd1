package org.linrepro.run;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one cache of expensive runs (a trained model's measurements, a generated task, a benchmark), for the life of
 * the JVM: several claims read different numbers of the very same run (same config, seed and device), so
 * {@code ./linrepro reproduce} trains each once. Determinism makes this exact: on the CPU the same run gives the
 * same numbers, so a kept result is the one a rerun would give.
 *
 * <p>A run is named by its kind (e.g. {@code "icl.lsa"}: which experiment and what its result is) and a key holding
 * everything the result depends on. Concurrent asks for one run wait for the first; different runs proceed in
 * parallel, and a run may itself ask for another (no lock is held while running). A run that throws is not kept.
 */
public final class RunCache {
    private record Name(String kind, Object key) {}

    private static final ConcurrentHashMap<Name, CompletableFuture<Object>> RUNS = new ConcurrentHashMap<>();

    private RunCache() {}

    /** The result of run {@code kind}/{@code key}: kept from an earlier ask, else {@code run}'s, kept for later. */
    @SuppressWarnings("unchecked")
    public static <T> T get(String kind, Object key, Supplier<T> run) {
        Name name = new Name(kind, key);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> earlier = RUNS.putIfAbsent(name, mine);
        if (earlier != null) {
            return (T) join(earlier);
        }
        try {
            T result = run.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            RUNS.remove(name, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Keeps {@code result} as run {@code kind}/{@code key}'s (a run made elsewhere, e.g. by a notebook). */
    public static void put(String kind, Object key, Object result) {
        RUNS.put(new Name(kind, key), CompletableFuture.completedFuture(result));
    }

    /** The kept result of run {@code kind}/{@code key}, if any (a run still under way counts as none). */
    @SuppressWarnings("unchecked")
    public static <T> Optional<T> find(String kind, Object key) {
        CompletableFuture<Object> f = RUNS.get(new Name(kind, key));
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of((T) f.join()) : Optional.empty();
    }

    /** Forgets every kept run (tests that need a run to happen again). */
    public static void clear() {
        RUNS.clear();
    }

    private static Object join(CompletableFuture<Object> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
