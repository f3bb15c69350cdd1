package org.linrepro.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

class PerplexityTest {
    private static int[] stream(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i * 7) % 11;
        }
        return t;
    }

    @Test
    void uniformModelHasPerplexityVocabSize() {
        Perplexity p = new Perplexity(4);
        for (int block : new int[] {1, 7, 64, 1000}) {
            Perplexity.Result r = p.nonOverlapping(stream(1000), block, NextTokenScorer.uniform(33_278));
            assertEquals(999, r.tokens());
            assertEquals(33_278, r.perplexity(), 1e-6);
        }
        assertEquals(33_278, p.slidingWindow(stream(1000), 64, 16, NextTokenScorer.uniform(33_278)).perplexity(), 1e-6);
    }

    /** A scorer whose log-prob is −1/(context length): shows which context each counted prediction had. */
    private static final NextTokenScorer CONTEXT = (in, tg) -> {
        double[][] o = new double[in.length][in[0].length];
        for (int b = 0; b < in.length; b++) {
            for (int t = 0; t < in[0].length; t++) {
                o[b][t] = -1.0 / (t + 1);
            }
        }
        return o;
    };

    @Test
    void slidingWindowScoresEveryTokenOnceWithLongerContext() {
        Perplexity p = new Perplexity(3);
        int[] s = stream(101); // 100 predictions
        Perplexity.Result blocks = p.nonOverlapping(s, 10, CONTEXT);
        Perplexity.Result slide = p.slidingWindow(s, 10, 2, CONTEXT);
        assertEquals(100, blocks.tokens());
        assertEquals(100, slide.tokens());
        // blocks: 10 × H(10); sliding: first window H(10), then 45 windows × (1/9 + 1/10)
        double h10 = 0;
        for (int i = 1; i <= 10; i++) {
            h10 += 1.0 / i;
        }
        assertEquals(10 * h10, blocks.nll(), 1e-12);
        assertEquals(h10 + 45 * (1.0 / 9 + 1.0 / 10), slide.nll(), 1e-12);
        assertTrue(slide.perplexity() < blocks.perplexity());
    }

    @Test
    void badArgumentsAreClearErrors() {
        Perplexity p = new Perplexity(1);
        assertThrows(LinreproException.class, () -> p.slidingWindow(stream(10), 4, 5, CONTEXT));
        assertThrows(LinreproException.class, () -> p.nonOverlapping(new int[] {1}, 4, CONTEXT));
    }
}
