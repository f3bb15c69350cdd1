package org.linrepro.shard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits claims x seeds into shards of about equal cost, the same way in every shard: units sorted by cost (largest
 * first, ties by claim id and seed), each given to the shard with the least cost so far (ties: the lowest index).
 * Greedy longest-processing-time scheduling: within 4/3 of the best possible longest shard.
 */
public final class Sharding {
    private Sharding() {}

    /** Every shard's units, in the order the shard runs them (input order, so related claims stay together). */
    public static List<List<WorkUnit>> assign(List<WorkUnit> units, int shards) {
        List<Integer> byCost = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            byCost.add(i);
        }
        byCost.sort(Comparator.comparingDouble((Integer i) -> -units.get(i).cost())
                .thenComparing(i -> units.get(i).claim().id()).thenComparingLong(i -> units.get(i).seed()));
        double[] load = new double[shards];
        int[] owner = new int[units.size()];
        for (int i : byCost) {
            int best = 0;
            for (int s = 1; s < shards; s++) {
                if (load[s] < load[best]) {
                    best = s;
                }
            }
            owner[i] = best;
            load[best] += Math.max(units.get(i).cost(), 0);
        }
        List<List<WorkUnit>> out = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < units.size(); i++) {
            out.get(owner[i]).add(units.get(i));
        }
        return out;
    }

    public static List<WorkUnit> of(List<WorkUnit> units, Shard shard) {
        return assign(units, shard.count()).get(shard.index());
    }
}
