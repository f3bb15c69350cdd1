package org.linrepro.data.tracking;

import java.util.SplittableRandom;

/**
 * The word problem of a permutation group (the DeltaProduct state-tracking task, CATALOGUE DP-2): tokens are group
 * elements drawn uniformly (token = element index), the answer is their product left to right. The DeltaProduct code
 * labels every position with its prefix product; here one label at the last token (a sequence of length n has n
 * elements and its answer), so a classifier reads out at the answer only; training on all lengths in a range gives
 * every prefix length its supervision.
 */
public final class WordProblem implements TrackingTask {
    private final PermutationGroup group;

    public WordProblem(PermutationGroup group) {
        this.group = group;
    }

    public PermutationGroup group() {
        return group;
    }

    @Override
    public String name() {
        return group.name();
    }

    @Override
    public int vocabulary() {
        return group.order();
    }

    @Override
    public int classes() {
        return group.order();
    }

    @Override
    public int minimumLength() {
        return 1;
    }

    @Override
    public TrackingExample sample(int length, SplittableRandom random) {
        int[] t = new int[length];
        for (int i = 0; i < length; i++) {
            t[i] = random.nextInt(group.order());
        }
        return new TrackingExample(t, group.product(t));
    }
}
