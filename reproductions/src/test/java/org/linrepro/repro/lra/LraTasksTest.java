package org.linrepro.repro.lra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linrepro.data.lra.PathfinderGenerator;
import org.linrepro.data.lra.TokenExample;

class LraTasksTest {
    @Test
    void lazyPathfinderImagesAreTheStoredOnes() {
        PathfinderGenerator gen = new PathfinderGenerator(PathfinderGenerator.Params.of(32,
                PathfinderGenerator.Difficulty.HARD), 17);
        List<PathfinderGenerator.Image> stored = gen.generate(6);
        LraTasks.LazyPathfinder lazy = new LraTasks.LazyPathfinder(gen, gen.labels(6));
        assertEquals(6, lazy.size());
        for (int i = 0; i < 6; i++) {
            TokenExample e = LraTasks.tokens(stored.get(i));
            assertArrayEquals(e.tokens(), lazy.get(i).tokens());
            assertEquals(e.label(), lazy.get(i).label());
        }
    }
}
