package org.linrepro.data.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.data.DataException;
import org.linrepro.data.DataRoot;

class WikiTextCorporaTest {

    @Test
    void tokenizerFollowsTheStandardRecipe() {
        assertEquals(List.of("<eos>"), WordTokenizer.tokens(" \n"));
        assertEquals(List.of("=", "Valkyria", "=", "<eos>"), WordTokenizer.tokens(" = Valkyria = "));
        assertEquals(List.of("1", "@,@", "000", "<eos>"), WordTokenizer.tokens(" 1 @,@ 000 "));
    }

    private static void gz(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void tinyCorpusIdsCountsAndCacheRoundTrip(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        gz(data.resolve("wikitext-2/wiki.train.tokens.gz"), " a b \n \n b c \n");
        gz(data.resolve("wikitext-2/wiki.valid.tokens.gz"), " c a \n");
        gz(data.resolve("wikitext-2/wiki.test.tokens.gz"), " b \n");
        // DataRoot.at checks shipped checksums, which the fake files fail: use a root without them.
        DataRoot root = org.linrepro.data.LmTestRoots.unchecked(data);
        Path cache = dir.resolve("cache");
        TokenizedCorpus c = new WikiTextCorpora(root, cache).load("wikitext-2");
        assertEquals(4, c.vocabSize()); // a b <eos> c
        assertArrayEquals(new int[] {0, 1, 2, 2, 1, 3, 2}, c.train());
        assertArrayEquals(new int[] {3, 0, 2}, c.valid());
        assertArrayEquals(new int[] {1, 2}, c.test());
        try (var files = Files.list(cache.resolve("lm"))) {
            Path f = files.filter(p -> p.toString().endsWith(".tokens")).findFirst().orElseThrow();
            TokenizedCorpus back = WikiTextCorpora.readCache(f, "wikitext-2");
            assertArrayEquals(c.train(), back.train());
            assertEquals(c.vocabulary().words(), back.vocabulary().words());
        }
        assertTrue(Files.list(data.resolve("wikitext-2")).count() == 3, "nothing written into the data root");
    }

    @Test
    void frequentWordsKeepsTheTopWordsAndMapsTheRestToUnk() {
        Vocabulary v = Vocabulary.of(List.of("a", "<unk>", "b", "c", "<eos>"));
        // counts in train: a 1, <unk> 1, b 3, c 2, <eos> 2
        TokenizedCorpus c = new TokenizedCorpus("t", v, new int[] {0, 1, 2, 2, 2, 3, 3, 4, 4}, new int[] {0, 2, 3},
                new int[] {4});
        TokenizedCorpus k = FrequentWords.keep(c, 3);
        // kept by count then first occurrence: b, c, <eos>; <unk> must stay, so it replaces the last kept word
        assertEquals(List.of("b", "c", "<unk>"), k.vocabulary().words());
        assertArrayEquals(new int[] {2, 2, 0, 0, 0, 1, 1, 2, 2}, k.train());
        assertArrayEquals(new int[] {2, 0, 1}, k.valid());
    }

    @Test
    void unknownValidWordIsAClearError(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        gz(data.resolve("wikitext-2/wiki.train.tokens.gz"), " a \n");
        gz(data.resolve("wikitext-2/wiki.valid.tokens.gz"), " zebra \n");
        gz(data.resolve("wikitext-2/wiki.test.tokens.gz"), " a \n");
        DataException e = assertThrows(DataException.class,
                () -> new WikiTextCorpora(org.linrepro.data.LmTestRoots.unchecked(data), dir.resolve("c")).load("wikitext-2"));
        assertTrue(e.getMessage().contains("zebra"), e.getMessage());
    }

    @Test
    void missingFileNamesTheFetchCommand(@TempDir Path dir) {
        DataException e = assertThrows(DataException.class,
                () -> new WikiTextCorpora(org.linrepro.data.LmTestRoots.unchecked(dir), dir.resolve("c")).load("wikitext-2"));
        assertTrue(e.getMessage().contains("linrepro data fetch wikitext-2"), e.getMessage());
        DataException s = assertThrows(DataException.class, () -> WikiTextStats.of(
                new WikiTextCorpora(org.linrepro.data.LmTestRoots.unchecked(dir), dir.resolve("c")), "wikitext-2"));
        assertTrue(s.getMessage().contains("linrepro data fetch wikitext-2"), s.getMessage());
    }

    /** The real mirror: the published counts (skipped when LINREPRO_DATA lacks WikiText-2). */
    @Test
    void wikitext2MatchesPublishedCounts(@TempDir Path cache) {
        DataRoot root = DataRoot.fromEnvironment();
        assumeTrue(root.isAvailable("wikitext-2"), "wikitext-2 not in the data root");
        WikiTextCorpora corpora = new WikiTextCorpora(root, cache);
        TokenizedCorpus c = corpora.load("wikitext-2");
        assertEquals(33_278, c.vocabSize());
        assertEquals(2_088_628, c.train().length);
        assertEquals(217_646, c.valid().length);
        assertEquals(245_569, c.test().length);
        WikiTextStats s = WikiTextStats.of(corpora, "wikitext-2");
        assertEquals(36_718L, s.trainLines());
        assertTrue(s.toJson().contains("\"vocabSize\" : 33278"), s.toJson());
    }
}
