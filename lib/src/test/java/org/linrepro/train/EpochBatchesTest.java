package org.linrepro.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EpochBatchesTest {
    private static final List<Integer> TEN = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    @Test
    void eachEpochVisitsEveryExampleOnceAndBatchesSpanEpochs() {
        EpochBatches<Integer> b = new EpochBatches<>(TEN, 4, new SplittableRandom(3)::nextInt);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<Integer> batch = b.next();
            assertEquals(4, batch.size());
            seen.addAll(batch);
        }
        assertEquals(new TreeSet<>(TEN), new TreeSet<>(seen.subList(0, 10)), "first epoch");
        assertEquals(new TreeSet<>(TEN), new TreeSet<>(seen.subList(10, 20)), "second epoch");
        assertNotEquals(seen.subList(0, 10), seen.subList(10, 20), "a fresh permutation per epoch");
    }

    @Test
    void theSameSourceGivesTheSameBatchesAndThePermutationIsFisherYatesFromTheTop() {
        List<Integer> a = new EpochBatches<>(TEN, 3, new Random(5)::nextInt).next();
        List<Integer> b = new EpochBatches<>(TEN, 3, new Random(5)::nextInt).next();
        assertEquals(a, b);
        // the draws: bound 4, then 3, then 2 (i = 3, 2, 1), answering 0 each time
        assertArrayEquals(new int[] {1, 2, 3, 0}, EpochBatches.permutation(4, bound -> 0));
    }
}
