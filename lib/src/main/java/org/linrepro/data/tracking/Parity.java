package org.linrepro.data.tracking;

import java.util.SplittableRandom;

/**
 * Parity as the official code defines it ({@code tasks/parity.py}, vocabulary 3): bits are tokens 1 (bit 0) and
 * 2 (bit 1), id 0 is padding; a sequence of length n holds n − 1 bits and the answer at the last position, so the
 * model reads the bits and answers at the last bit. Answer: the number of 1-bits mod 2.
 */
public final class Parity implements TrackingTask {
    public static final int BIT_ZERO = 1;
    public static final int BIT_ONE = 2;

    @Override
    public String name() {
        return "parity";
    }

    @Override
    public int vocabulary() {
        return 3;
    }

    @Override
    public int classes() {
        return 2;
    }

    @Override
    public int minimumLength() {
        return 2;
    }

    @Override
    public TrackingExample sample(int length, SplittableRandom random) {
        int[] t = new int[length - 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextBoolean() ? BIT_ONE : BIT_ZERO;
        }
        return new TrackingExample(t, answer(t));
    }

    /** Number of {@link #BIT_ONE} tokens mod 2. */
    public static int answer(int[] tokens) {
        int ones = 0;
        for (int x : tokens) {
            ones += x == BIT_ONE ? 1 : 0;
        }
        return ones % 2;
    }
}
