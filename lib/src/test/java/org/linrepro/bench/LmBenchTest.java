package org.linrepro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LmBenchTest {

    @Test
    void shapesParseAndBadInputIsRejected() {
        assertEquals(new LmBench.Shape(2048, 1), LmBench.Shape.parse("2048x1"));
        assertEquals("64x16", LmBench.Shape.parse(" 64X16 ").toString());
        assertThrows(IllegalArgumentException.class, () -> LmBench.Shape.parse("64"));
        assertThrows(IllegalArgumentException.class, () -> LmBench.Shape.parse("ax2"));
        assertThrows(IllegalArgumentException.class, () -> LmBench.Shape.parse("1x4"));
        assertThrows(IllegalArgumentException.class,
                () -> LmBench.Settings.defaults().withMixers(List.of("softmax", "nope")));
    }

    @Test
    void everyMixerGetsACellPerShapeWithItsThroughput() {
        List<LmBench.Shape> shapes = List.of(new LmBench.Shape(16, 2), new LmBench.Shape(32, 1));
        LmBench.Settings s = new LmBench.Settings(List.of("softmax", "lightning"), shapes, 50, 16, 1, 2, 2, 1, 1, 1);
        LmBench.Result r = LmBench.run(s, null);
        assertEquals(4, r.cells().size());
        for (String id : s.mixers()) {
            for (LmBench.Shape sh : shapes) {
                LmBench.Cell c = r.cell(id, sh);
                assertNotNull(c, id + " " + sh);
                assertEquals(2, c.runsMs().length);
                assertTrue(c.stepMs() > 0, c.toString());
                assertEquals(sh.length() * sh.batch() / (c.stepMs() / 1000), c.tokensPerSecond(), 1e-6);
                assertTrue(c.parameters() > 0);
            }
        }
        assertEquals(1.0, r.speedup("softmax", "softmax", shapes.get(0)), 1e-12);
        String table = LmBench.table(r);
        assertTrue(table.contains("lightning") && table.contains("L=32 B=1"), table);
    }

    @Test
    void stepLeavesNoGradientBehind() {
        LmBench.Settings s = new LmBench.Settings(List.of("softmax"), List.of(new LmBench.Shape(8, 1)), 20, 8, 1, 1, 1,
                0, 3, 1);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            org.linrepro.nn.lm.LanguageModel lm = org.linrepro.nn.lm.LanguageModel.create(m, s.model("softmax", 8));
            lm.parameterArrays().forEach(p -> p.setRequiresGradient(true));
            LmBench.step(lm, LmBench.tokens(s, s.shapes().get(0)));
            for (ai.djl.ndarray.NDArray p : lm.parameterArrays()) {
                assertEquals(0f, p.getGradient().abs().max().getFloat(), 0f);
            }
        }
    }
}
