package org.linrepro.eval;

/**
 * A language model as the perplexity evaluator sees it: for a batch of equal-length windows, the natural-log
 * probability of each target token given the window's inputs up to and including the same position.
 */
@FunctionalInterface
public interface NextTokenScorer {
    /**
     * @param inputs  [batch][length] token ids
     * @param targets [batch][length] token ids; targets[b][t] is the token after inputs[b][t]
     * @return [batch][length] ln p(targets[b][t] | inputs[b][0..t])
     */
    double[][] logProbs(int[][] inputs, int[][] targets);

    /** The model that gives every token of a vocabulary of {@code vocabSize} the same probability. */
    static NextTokenScorer uniform(int vocabSize) {
        double lp = -Math.log(vocabSize);
        return (inputs, targets) -> {
            double[][] out = new double[targets.length][];
            for (int b = 0; b < targets.length; b++) {
                out[b] = new double[targets[b].length];
                java.util.Arrays.fill(out[b], lp);
            }
            return out;
        };
    }
}
