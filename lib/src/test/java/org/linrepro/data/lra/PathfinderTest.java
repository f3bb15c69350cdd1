package org.linrepro.data.lra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.util.LinreproException;

class PathfinderTest {

    @Test
    void deterministicBalancedAndInked() {
        for (PathfinderGenerator.Difficulty d : PathfinderGenerator.Difficulty.values()) {
            PathfinderGenerator.Params p = PathfinderGenerator.Params.of(32, d);
            List<PathfinderGenerator.Image> a = new PathfinderGenerator(p, 5).generate(40);
            List<PathfinderGenerator.Image> b = new PathfinderGenerator(p, 5).generate(40);
            int ones = 0;
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).pixels(), b.get(i).pixels());
                assertEquals(1024, a.get(i).pixels().length);
                ones += a.get(i).label();
                int lit = 0;
                for (byte v : a.get(i).pixels()) {
                    lit += (v & 0xFF) > 128 ? 1 : 0;
                }
                assertTrue(lit > 15 && lit < 700, d + ": " + lit + " bright pixels");
            }
            assertEquals(20, ones);
        }
    }

    @Test
    void pathXResolution() {
        PathfinderGenerator.Image img = new PathfinderGenerator(
                PathfinderGenerator.Params.of(128, PathfinderGenerator.Difficulty.HARD), 1).image(0, 1);
        assertEquals(128 * 128, img.pixels().length);
    }

    @Test
    void writesPngsAndLabels(@TempDir Path dir) throws Exception {
        PathfinderGenerator.Params p = PathfinderGenerator.Params.of(32, PathfinderGenerator.Difficulty.EASY);
        List<PathfinderGenerator.Image> imgs = new PathfinderGenerator(p, 2).generate(6);
        PathfinderFiles.write(dir, 32, imgs);
        List<PathfinderGenerator.Image> back = PathfinderFiles.read(dir);
        assertEquals(6, back.size());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(imgs.get(i).pixels(), back.get(i).pixels());
            assertEquals(imgs.get(i).label(), back.get(i).label());
        }
        assertTrue(java.nio.file.Files.readAllLines(dir.resolve("labels.tsv")).get(0).equals("file\tlabel"));
    }

    @Test
    void unknownDifficulty() {
        assertTrue(assertThrows(LinreproException.class, () -> PathfinderGenerator.Difficulty.parse("medium"))
                .getMessage().contains("easy, intermediate, hard"));
    }
}
