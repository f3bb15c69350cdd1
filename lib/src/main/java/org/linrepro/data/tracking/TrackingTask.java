package org.linrepro.data.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.linrepro.util.LinreproException;

/**
 * A state-tracking task: a vocabulary, answer classes, the chance level r of the scaled accuracy
 * (acc − r)/(1 − r) (Grazzi et al. 2411.12537, Table 3), and a generator of examples by length, deterministic in seed.
 *
 * <p>Lengths follow the official code ({@code automl/unlocking_state_tracking}, {@code tasks/*.py}; CATALOGUE ST-7):
 * the length of a sequence counts every token including the answer, so a parity sequence of length 40 has 39 bits.
 */
public interface TrackingTask {

    String name();

    /** Token ids 0..vocabulary−1 the model reads. */
    int vocabulary();

    /** Answer classes 0..classes−1. */
    int classes();

    /** Chance accuracy r of the scaled accuracy (1/classes for these uniform-answer tasks). */
    default double chance() {
        return 1.0 / classes();
    }

    /** Shortest length the task can generate (shorter requests are raised to it, as the official code does). */
    int minimumLength();

    /** One example of the given length (answer included), drawn from {@code random}. */
    TrackingExample sample(int length, SplittableRandom random);

    /** {@code count} examples with lengths uniform in [minLength, maxLength], a pure function of the arguments. */
    default List<TrackingExample> generate(int count, int minLength, int maxLength, long seed) {
        if (count < 0 || minLength < 1 || maxLength < minLength) {
            throw new LinreproException(name() + ": need count ≥ 0 and 1 ≤ min length ≤ max length, got count "
                    + count + ", lengths " + minLength + ".." + maxLength);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<TrackingExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int len = Math.max(minimumLength(), minLength + random.nextInt(maxLength - minLength + 1));
            out.add(sample(len, random));
        }
        return out;
    }

    /** Scaled accuracy (acc − r)/(1 − r): 0 at chance, 1 when perfect. */
    default double scaled(double accuracy) {
        return (accuracy - chance()) / (1 - chance());
    }

    /**
     * A task by name: {@code parity}, {@code mod-arithmetic} (without brackets), {@code mod-arithmetic-brackets},
     * or a word problem {@code S2}, {@code S3}, {@code S5}, {@code A5}.
     */
    static TrackingTask of(String name) {
        return switch (name) {
            case "parity" -> new Parity();
            case "mod-arithmetic" -> new ModularArithmetic();
            case "mod-arithmetic-brackets" -> new BracketArithmetic();
            case "S2", "S3", "S4", "S5", "A4", "A5" -> new WordProblem(PermutationGroup.of(name));
            default -> throw new LinreproException("unknown tracking task '" + name + "'; known: parity, "
                    + "mod-arithmetic, mod-arithmetic-brackets, S2, S3, S4, S5, A4, A5");
        };
    }
}
