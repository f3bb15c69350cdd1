package org.linrepro.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linrepro.claim.Claim;
import org.linrepro.util.LinreproException;

class ShardingTest {
    static Claim claim(String id) {
        return new Claim(id, null, null, null, null, null, null, null, "x", null, null, List.of(), 1, null, null, null,
                "f");
    }

    static List<WorkUnit> units() {
        double[] costs = {100, 1, 1, 50, 50, 2, 30, 3, 20, 1};
        List<WorkUnit> u = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            u.add(new WorkUnit(claim("c" + i), 1, costs[i]));
            u.add(new WorkUnit(claim("c" + i), 2, costs[i]));
        }
        return u;
    }

    @Test
    void everyUnitInExactlyOneShardAndBalanced() {
        List<WorkUnit> all = units();
        List<List<WorkUnit>> shards = Sharding.assign(all, 3);
        Set<String> seen = new HashSet<>();
        double[] load = new double[3];
        for (int s = 0; s < 3; s++) {
            for (WorkUnit w : shards.get(s)) {
                assertTrue(seen.add(w.claim().id() + "/" + w.seed()), "twice: " + w);
                load[s] += w.cost();
            }
        }
        assertEquals(all.size(), seen.size());
        double total = load[0] + load[1] + load[2];
        for (double l : load) {
            assertTrue(l <= total / 3 * 4 / 3 + 1e-9, "shard load " + l + " of " + total);
        }
        // The same in every process: a second call, or one shard asked for by its index, gives the same share.
        assertEquals(shards, Sharding.assign(units(), 3));
        assertEquals(shards.get(2), Sharding.of(units(), Shard.parse("2/3")));
    }

    @Test
    void shardSyntax() {
        assertEquals(new Shard(0, 3), Shard.parse(" 0/3 "));
        assertThrows(LinreproException.class, () -> Shard.parse("3/3"));
        assertThrows(LinreproException.class, () -> Shard.parse("1-3"));
        assertThrows(LinreproException.class, () -> Shard.parse("a/b"));
    }

    @Test
    void countsFromConfigs() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(100.0 * 32 * 2000, CostEstimates.counted(json.readTree(
                "{\"steps\": 100, \"batch\": 32, \"maxLength\": 2000, \"dim\": 8}")));
        assertEquals(1.0, CostEstimates.counted(json.readTree("{\"d\": 10}")));
        assertEquals(10.0 + 20.0, CostEstimates.counted(json.readTree(
                "{\"runs\": [{\"steps\": 10}, {\"steps\": 20}]}")));
    }
}
