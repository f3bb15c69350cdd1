package org.linrepro.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.claim.Claim;
import org.linrepro.results.CodeVersion;
import org.linrepro.results.ResultStore;
import org.linrepro.results.StoredRuns;
import org.linrepro.shard.CostEstimates;
import org.linrepro.shard.Shard;
import org.linrepro.shard.Sharding;
import org.linrepro.shard.WorkUnit;

/** reproduce's --shard/--plan/--rerun: which claims x seeds this process runs, and the result store it uses. */
final class ShardedRun {
    private ShardedRun() {}

    /** The selected claims at their seeds ({@code seed} overrides each claim's own), this shard's share of them. */
    static List<WorkUnit> units(List<Claim> claims, Long seed, String shard, Path plan) {
        CostEstimates costs = plan != null ? CostEstimates.fromPlan(plan) : CostEstimates.fromCounts();
        List<WorkUnit> all = new ArrayList<>();
        for (Claim c : claims) {
            all.add(new WorkUnit(c, seed != null ? seed : c.seed(), costs.of(c)));
        }
        return shard == null ? all : Sharding.of(all, Shard.parse(shard));
    }

    /** Sharded runs keep and reuse finished verdicts; plain runs measure everything (unless asked to use the store). */
    static StoredRuns store(boolean use, boolean rerun, Device device) {
        return new StoredRuns(use ? ResultStore.fromEnvironment() : null, rerun,
                CodeVersion.current(ShardedRun.class), device);
    }
}
