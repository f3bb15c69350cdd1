package org.linrepro.eval;

import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * Word-level perplexity of a token stream, exp(mean negative log-likelihood), under the two standard protocols.
 * Both score every token of the stream except the first exactly once; they differ in the context each prediction
 * sees.
 *
 * <ul>
 *   <li>{@link #nonOverlapping}: the stream is cut into blocks of {@code block} predictions; a block's context starts
 *       afresh at its boundary, so early tokens of a block see little context (fairseq {@code eval_lm} with its
 *       default {@code --context-window 0}; the TransNormer recipe, CATALOGUE LM-1b, trains with fairseq at
 *       tokens_per_sample 512 — its evaluation flags were not seen, so which protocol its table uses is not
 *       verified). Cheapest; gives the higher perplexity.</li>
 *   <li>{@link #slidingWindow}: windows of {@code window} tokens advance by {@code stride}; only the last
 *       {@code stride} predictions of each window are counted (all of the first window's), so every prediction after
 *       the first window sees at least {@code window − stride} tokens of context (fairseq {@code --context-window},
 *       the Hugging Face "perplexity of fixed-length models" recipe). stride = window reduces to non-overlapping
 *       blocks.</li>
 * </ul>
 *
 * lm-evaluation-harness's {@code wikitext} task (the command the GLA/fla README prints) uses rolling disjoint
 * windows on the raw document-level WikiText-2 and normalises by words; that is not this word-level protocol.
 */
public final class Perplexity {
    /** Windows scored per call of the scorer. */
    private final int batch;

    public Perplexity(int batch) {
        if (batch < 1) {
            throw new LinreproException("perplexity batch must be ≥ 1, got " + batch);
        }
        this.batch = batch;
    }

    /** Total negative log-likelihood (nats) and number of scored tokens. */
    public record Result(double nll, long tokens) {
        public double meanNll() {
            return nll / tokens;
        }

        public double perplexity() {
            return Math.exp(meanNll());
        }
    }

    /** One window: inputs {@code tokens[start, start+len)}, targets shifted by one; count its last {@code counted}. */
    private record Window(int start, int length, int counted) {}

    public Result nonOverlapping(int[] tokens, int block, NextTokenScorer scorer) {
        return slidingWindow(tokens, block, block, scorer);
    }

    public Result slidingWindow(int[] tokens, int window, int stride, NextTokenScorer scorer) {
        if (window < 1 || stride < 1 || stride > window) {
            throw new LinreproException("perplexity needs 1 ≤ stride ≤ window, got window " + window + ", stride "
                    + stride);
        }
        if (tokens.length < 2) {
            throw new LinreproException("perplexity needs at least 2 tokens, got " + tokens.length);
        }
        int predictions = tokens.length - 1;
        List<Window> windows = new ArrayList<>();
        // first window: all its predictions count; then each window ends `stride` further and counts its new ones
        int end = Math.min(window, predictions);
        windows.add(new Window(0, end, end));
        while (end < predictions) {
            int newEnd = Math.min(end + stride, predictions);
            int start = Math.max(0, newEnd - window);
            windows.add(new Window(start, newEnd - start, newEnd - end));
            end = newEnd;
        }
        double nll = 0;
        long count = 0;
        // group equal-length windows into batches (only the last window may be shorter)
        int i = 0;
        while (i < windows.size()) {
            int len = windows.get(i).length;
            int j = i;
            while (j < windows.size() && j - i < batch && windows.get(j).length == len) {
                j++;
            }
            int[][] in = new int[j - i][len];
            int[][] tg = new int[j - i][len];
            for (int k = i; k < j; k++) {
                Window w = windows.get(k);
                System.arraycopy(tokens, w.start, in[k - i], 0, len);
                System.arraycopy(tokens, w.start + 1, tg[k - i], 0, len);
            }
            double[][] lp = scorer.logProbs(in, tg);
            for (int k = i; k < j; k++) {
                Window w = windows.get(k);
                for (int t = len - w.counted; t < len; t++) {
                    nll -= lp[k - i][t];
                    count++;
                }
            }
            i = j;
        }
        if (count != predictions) {
            throw new IllegalStateException("scored " + count + " of " + predictions + " predictions");
        }
        return new Result(nll, count);
    }
}
