package org.linrepro.nn.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linrepro.run.Progress;
import org.linrepro.train.LmTrainer;
import org.linrepro.util.LinreproException;

class TextGeneratorTest {

    @Test
    void pickTakesTheArgmaxOrDrawsAmongTheTopK() {
        float[] lp = {-3f, -0.5f, -2f, -1f, -9f};
        assertEquals(1, TextGenerator.pick(lp, 1, 1.0, new Random(1)));
        Set<Integer> seen = new HashSet<>();
        Random r = new Random(2);
        for (int i = 0; i < 400; i++) {
            seen.add(TextGenerator.pick(lp, 2, 1.0, r));
        }
        assertEquals(Set.of(1, 3), seen);
        // a very low temperature is greedy
        assertEquals(1, TextGenerator.pick(lp, 5, 1e-3, new Random(3)));
    }

    @Test
    void aModelTrainedOnAPatternContinuesItGreedily() {
        int[] pattern = {3, 1, 4, 1, 5, 9, 2, 6};
        int[] tokens = new int[400];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = pattern[i % pattern.length];
        }
        try (org.linrepro.run.CpuThreads one = org.linrepro.run.CpuThreads.limit(ai.djl.Device.cpu(), 1);
                NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            LanguageModel lm = LanguageModel.create(m, LmConfig.small(12, "softmax", 16, 1, 2, 16));
            LmTrainer.train(lm, tokens, LmTrainer.Settings.quick(80, 8, 16, 1e-2, 5), Progress.NONE);
            TextGenerator g = new TextGenerator(lm, m);
            // 20 tokens: longer than the model's 16-token window, so the context slides
            int[] out = g.greedy(new int[] {3, 1, 4, 1, 5, 9}, 20);
            int[] expected = new int[20];
            for (int i = 0; i < 20; i++) {
                expected[i] = pattern[(6 + i) % pattern.length];
            }
            assertArrayEquals(expected, out);
            int[] a = g.generate(new int[] {3}, 10, 3, 1.0, 7);
            assertArrayEquals(a, g.generate(new int[] {3}, 10, 3, 1.0, 7));
            for (int t : a) {
                assertTrue(t >= 0 && t < 12);
            }
            assertThrows(LinreproException.class, () -> g.greedy(new int[0], 3));
            // banning the pattern's next word forces another choice
            int[] banned = g.generate(new int[] {3, 1, 4}, 1, 1, 1.0, 0, Set.of(1));
            assertTrue(banned[0] != 1, "banned id emitted");
            for (int t : g.generate(new int[] {3}, 30, 12, 2.0, 4, Set.of(1, 5))) {
                assertTrue(t != 1 && t != 5, "banned id emitted: " + t);
            }
        }
    }
}
