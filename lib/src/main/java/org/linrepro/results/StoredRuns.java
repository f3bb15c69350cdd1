package org.linrepro.results;

import ai.djl.Device;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.linrepro.claim.Claim;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Verdict;
import org.linrepro.run.CpuThreads;

/**
 * Runs a claim unless the result store already holds its verdict for this exact key; stores what finished. A reused
 * verdict is returned as it was measured (its own timestamp) with a {@link Ledger.Reuse} note, never as today's run.
 */
public final class StoredRuns {
    /** Statuses not stored: a broken run or missing data should be retried, not remembered. */
    private static final Set<String> NOT_STORED = Set.of("ERROR", "NO_DATA");

    private final ResultStore store;
    private final boolean rerun;
    private final String codeVersion;
    private final String deviceKind;

    /**
     * @param store null: no store (every run measured, nothing kept)
     * @param rerun true: measure even when a stored verdict exists (and store the new one)
     */
    public StoredRuns(ResultStore store, boolean rerun, String codeVersion, Device device) {
        this.store = store;
        this.rerun = rerun;
        this.codeVersion = codeVersion;
        this.deviceKind = deviceKind(device);
    }

    /** What a run gave: the verdict, and the reuse note when it came from the store (else null). */
    public record Outcome(Verdict verdict, Ledger.Reuse reused) {}

    /** CPU results depend on the thread count (reduction order), so it is part of the kind. */
    public static String deviceKind(Device device) {
        return "cpu".equals(device.getDeviceType()) ? "cpu/threads=" + CpuThreads.configured() : device.getDeviceType();
    }

    public ResultKey key(Claim c, long seed) {
        // The claim carries its effective config (defaults filled), so this hash changes with any default too.
        return new ResultKey(c.id(), c.config().hash(), seed, codeVersion, deviceKind);
    }

    public Outcome run(Claim c, long seed, Supplier<Verdict> measure) {
        if (store == null) {
            return new Outcome(measure.get(), null);
        }
        ResultKey key = key(c, seed);
        if (!rerun) {
            Optional<ResultStore.Stored> s = store.find(key);
            if (s.isPresent()) {
                return new Outcome(s.get().verdict(), Ledger.Reuse.now(key.hash()));
            }
        }
        Verdict v = measure.get();
        if (!NOT_STORED.contains(v.status().name())) {
            store.put(key, Ledger.idOf(v), v);
        }
        return new Outcome(v, null);
    }
}
