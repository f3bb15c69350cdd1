package org.linrepro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.data.lra.ListOpsFormat;

class GenerateCommandTest {

    @Test
    void listopsIsDeterministicInTheSeedAndAnswersAgreeWithTheEvaluator(@TempDir Path dir) throws Exception {
        String[] args = {"data", "generate", "listops", "--count", "50", "--seed", "4", "--min-length", "20",
            "--max-length", "200", "--out"};
        assertEquals(0, Main.execute(concat(args, dir.resolve("a.tsv").toString())));
        assertEquals(0, Main.execute(concat(args, dir.resolve("b.tsv").toString())));
        List<String> a = Files.readAllLines(dir.resolve("a.tsv"));
        assertEquals(a, Files.readAllLines(dir.resolve("b.tsv")));
        assertEquals("Source\tTarget", a.get(0));
        assertEquals(51, a.size());
        for (String line : a.subList(1, a.size())) {
            String[] f = line.split("\t");
            assertEquals(Integer.parseInt(f[1]), ListOpsFormat.evaluate(f[0]));
        }
    }

    @Test
    void pathfinderWritesBalancedLabelsAndPngs(@TempDir Path dir) throws Exception {
        assertEquals(0, Main.execute("data", "generate", "pathfinder", "--difficulty", "easy", "--count", "10", "--seed",
                "1", "--out", dir.toString()));
        List<String> labels = Files.readAllLines(dir.resolve("labels.tsv"));
        assertEquals("file\tlabel", labels.get(0));
        assertEquals(5, labels.stream().skip(1).filter(l -> l.endsWith("\t1")).count());
        assertTrue(Files.isRegularFile(dir.resolve("images/000009.png")));
    }

    @Test
    void impossibleSettingsExitWithUsageCode(@TempDir Path dir) {
        assertEquals(2, Main.execute("data", "generate", "listops", "--max-depth", "1", "--out",
                dir.resolve("x.tsv").toString()));
        assertEquals(2, Main.execute("data", "generate", "pathfinder", "--difficulty", "medium", "--out", dir.toString()));
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
