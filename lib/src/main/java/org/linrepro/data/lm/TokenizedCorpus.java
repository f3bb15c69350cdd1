package org.linrepro.data.lm;

import java.util.Arrays;
import org.linrepro.util.LinreproException;

/**
 * A word-level corpus: the training-split vocabulary and each split as an int array of token ids (one
 * {@code <eos>} per line). Built by {@link WikiTextCorpora}.
 */
public record TokenizedCorpus(String dataset, Vocabulary vocabulary, int[] train, int[] valid, int[] test) {

    public int vocabSize() {
        return vocabulary.size();
    }

    /** {@code train}, {@code valid} or {@code test}. */
    public int[] split(String name) {
        return switch (name) {
            case "train" -> train;
            case "valid" -> valid;
            case "test" -> test;
            default -> throw new LinreproException("unknown split '" + name + "'; known: train, valid, test");
        };
    }

    /** The first {@code n} tokens of a split (a fixed prefix: quick-tier claims train on a subset). */
    public int[] prefix(String split, int n) {
        int[] s = split(split);
        if (n < 1 || n > s.length) {
            throw new LinreproException(dataset + " " + split + " has " + s.length + " tokens; asked for " + n);
        }
        return Arrays.copyOf(s, n);
    }
}
