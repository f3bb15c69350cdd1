package org.linrepro.data.lra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.data.DataException;
import org.linrepro.data.DataRoot;

class LoadersTest {

    /** Two pairs in the release's layout: label, ids, Python bytes literals with escapes. */
    private static final String AAN = "1\tP01-1\tP02-2\tb'Parsing \\'trees\\'\\n'\tb\"caf\\xc3\\xa9\"\n"
            + "0.0\tA\tB\tplain text\tb'x'\n";

    @Test
    void aanReleaseFormatFromAFileTheTestWrites(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("aan/test.tsv.gz");
        Files.createDirectories(f.getParent());
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(AAN.getBytes(StandardCharsets.UTF_8));
        }
        List<TokenExample> ex = AanPairs.load(DataRoot.at(dir), "test", 4000);
        assertEquals(2, ex.size());
        assertEquals(1, ex.get(0).label());
        assertArrayEquals(ByteTokens.encode("Parsing 'trees'\n", 100), ex.get(0).tokens());
        assertArrayEquals(ByteTokens.encode("café", 100), ex.get(0).second()); // \xc3\xa9 = é in UTF-8
        assertEquals(0, ex.get(1).label());
        assertArrayEquals(ByteTokens.encode("plain text", 100), ex.get(1).tokens());
        assertEquals(3, AanPairs.load(DataRoot.at(dir), "test", 3).get(0).tokens().length);
    }

    @Test
    void aanBadLinesNameTheLine() {
        DataException e = assertThrows(DataException.class,
                () -> AanPairs.parse("t.tsv", new BufferedReader(new StringReader("1\ta\tb\tc\n")), 10));
        assertTrue(e.getMessage().contains("line 1 has 4"));
        e = assertThrows(DataException.class,
                () -> AanPairs.parse("t.tsv", new BufferedReader(new StringReader("2\ta\tb\tc\td\n")), 10));
        assertTrue(e.getMessage().contains("label must be 0 or 1"));
    }

    @Test
    void bytesAreShiftedSoZeroPads() {
        assertArrayEquals(new int[] {'a' + 1, 0xC3 + 1, 0xA9 + 1}, ByteTokens.encode("aé", 10));
    }

    @Test
    void mirrorImdbAndCifarWhenPresent() {
        DataRoot root = DataRoot.fromEnvironment();
        Assumptions.assumeTrue(root.isAvailable("cifar10") && root.isAvailable("imdb"), "mirror data not present");
        List<TokenExample> c = Cifar10Gray.load(root, "test", 100);
        assertEquals(100, c.size());
        assertEquals(1024, c.get(0).tokens().length);
        assertEquals(3, c.get(0).label()); // CIFAR-10 test record 0 is a cat
        List<TokenExample> t = ImdbBytes.load(root, "test", 4096);
        assertEquals(25_000, t.size());
        assertEquals(12_500, t.stream().mapToInt(TokenExample::label).sum());
        assertTrue(t.stream().allMatch(e -> e.tokens().length <= 4096));
    }
}
