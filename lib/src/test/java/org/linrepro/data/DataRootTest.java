package org.linrepro.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.util.CacheFolder;

class DataRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path cacheDir;
    Map<String, String> sums;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("data"));
        cacheDir = tmp.resolve("cache");
        sums = new HashMap<>();
        sums.put("imdb/train.jsonl.gz", writeGz("imdb/train.jsonl.gz", "{\"text\": \"good\", \"label\": 1}\n"));
        sums.put("imdb/test.jsonl.gz", writeGz("imdb/test.jsonl.gz", "{\"text\": \"bad\", \"label\": 0}\n"));
        // listed in the checksum list but not present
        sums.put("cifar10/train_gray.bin.gz", "0".repeat(64));
        sums.put("cifar10/test_gray.bin.gz", "1".repeat(64));
    }

    private String writeGz(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(p, bytes.toByteArray());
        return Checksums.sha256(p);
    }

    private DataRoot newRoot() {
        return new DataRoot(root, sums, cacheDir);
    }

    @Test
    void verifiedFileReturnsAbsolutePathAndOpenGzipReadsIt() throws IOException {
        DataRoot dr = newRoot();
        Path p = dr.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(root.resolve("imdb/train.jsonl.gz"), p);
        assertTrue(p.isAbsolute());
        try (InputStream in = dr.openGzip("imdb/test.jsonl.gz")) {
            assertEquals("{\"text\": \"bad\", \"label\": 0}\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(2, dr.hashCount());
    }

    @Test
    void missingFileMessageNamesFileDatasetAndFetchCommand() {
        DataException e = assertThrows(DataException.class, () -> newRoot().verifiedFile("cifar10/train_gray.bin.gz"));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains(root.resolve("cifar10/train_gray.bin.gz").toString()), m);
        assertTrue(m.contains("'cifar10'"), m);
        assertTrue(m.contains("./linrepro data fetch cifar10"), m);
        assertEquals(2, e.exitCode());
    }

    @Test
    void missingGlueFileSuggestsFetchingGlue() {
        DataException e = assertThrows(DataException.class, () -> newRoot().verifiedFile("glue/SST-2/dev.tsv.gz"));
        assertTrue(e.getMessage().contains("./linrepro data fetch glue"), e.getMessage());
    }

    @Test
    void corruptFileMessageGivesExpectedAndActualPrefixes() throws IOException {
        String good = sums.get("imdb/train.jsonl.gz");
        String bad = writeGz("imdb/train.jsonl.gz", "tampered\n");
        DataException e = assertThrows(DataException.class, () -> newRoot().verifiedFile("imdb/train.jsonl.gz"));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("Corrupt data file " + root.resolve("imdb/train.jsonl.gz")), m);
        assertTrue(m.contains("'imdb'"), m);
        assertTrue(m.contains(good.substring(0, 12)), m);
        assertTrue(m.contains(bad.substring(0, 12)), m);
        assertTrue(m.contains("./linrepro data fetch imdb"), m);
    }

    @Test
    void recompressedFileWithSameContentIsAcceptedViaContentChecksum() throws IOException {
        String text = "{\"text\": \"good\", \"label\": 1}\n";
        Map<String, String> gz = new HashMap<>(sums);
        gz.put("imdb/train.jsonl.gz", "f".repeat(64)); // as if the mirror had been written by another compressor
        Map<String, String> content = Map.of("imdb/train.jsonl.gz", sha256(text));
        DataRoot dr = new DataRoot(root, gz, content, cacheDir);
        assertEquals(root.resolve("imdb/train.jsonl.gz"), dr.verifiedFile("imdb/train.jsonl.gz"));
        DataRoot cached = new DataRoot(root, gz, content, cacheDir);
        cached.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(0, cached.hashCount());

        writeGz("imdb/train.jsonl.gz", "other content\n");
        DataException e = assertThrows(DataException.class,
                () -> new DataRoot(root, gz, content, cacheDir).verifiedFile("imdb/train.jsonl.gz"));
        assertTrue(e.getMessage().contains("decompressed content differs too"), e.getMessage());
        Files.write(root.resolve("imdb/train.jsonl.gz"), new byte[] {1, 2, 3}); // not gzip at all
        assertThrows(DataException.class, () -> new DataRoot(root, gz, content, cacheDir).verifiedFile("imdb/train.jsonl.gz"));
    }

    private static String sha256(String text) throws IOException {
        Path t = Files.createTempFile("sha", ".txt");
        try {
            Files.writeString(t, text);
            return Checksums.sha256(t);
        } finally {
            Files.delete(t);
        }
    }

    @Test
    void fileWithoutChecksumIsReturnedUnhashedIfPresent() throws IOException {
        DataRoot dr = newRoot();
        Path gen = root.resolve("generated/listops/x.bin");
        Files.createDirectories(gen.getParent());
        Files.writeString(gen, "x");
        assertEquals(gen, dr.verifiedFile("generated/listops/x.bin"));
        assertEquals(0, dr.hashCount());
        DataException e = assertThrows(DataException.class, () -> dr.verifiedFile("generated/listops/y.bin"));
        assertTrue(e.getMessage().contains("no known dataset"), e.getMessage());
    }

    @Test
    void cacheHitAvoidsRehashingAcrossInstancesAndNothingIsWrittenIntoTheRoot() throws IOException {
        List<Path> before = listAll(root);
        DataRoot first = newRoot();
        first.verifiedFile("imdb/train.jsonl.gz");
        first.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(1, first.hashCount());
        assertTrue(Files.isRegularFile(cacheDir.resolve(VerifiedCache.FILE_NAME)));
        assertEquals(cacheDir.resolve(VerifiedCache.FILE_NAME), first.cacheFile().orElseThrow());

        DataRoot second = newRoot(); // reads the cache file
        second.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(0, second.hashCount());
        assertTrue(second.isAvailable("imdb"));
        assertEquals(1, second.hashCount()); // only test.jsonl.gz was new
        assertEquals(before, listAll(root));
        try (Stream<Path> s = Files.list(cacheDir)) {
            assertEquals(1, s.count(), "no temp files left behind");
        }
    }

    @Test
    void cacheInvalidatedWhenMtimeChanges() throws IOException {
        newRoot().verifiedFile("imdb/train.jsonl.gz");
        Path p = root.resolve("imdb/train.jsonl.gz");
        Files.setLastModifiedTime(p, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() - 60_000));
        DataRoot dr = newRoot();
        dr.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(1, dr.hashCount());
        DataRoot again = newRoot();
        again.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(0, again.hashCount());
    }

    @Test
    void cacheInvalidatedWhenContentAndSizeChangeEvenWithSameMtime() throws IOException {
        newRoot().verifiedFile("imdb/train.jsonl.gz");
        Path p = root.resolve("imdb/train.jsonl.gz");
        FileTime mtime = Files.getLastModifiedTime(p);
        writeGz("imdb/train.jsonl.gz", "{\"text\": \"a much longer review than before\", \"label\": 1}\n");
        Files.setLastModifiedTime(p, mtime);
        DataRoot dr = newRoot();
        assertThrows(DataException.class, () -> dr.verifiedFile("imdb/train.jsonl.gz"));
        assertEquals(1, dr.hashCount());
    }

    @Test
    void unwritableCacheDirFallsBackToMemorySilently() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        DataRoot dr = new DataRoot(root, sums, notADir.resolve("sub"));
        dr.verifiedFile("imdb/train.jsonl.gz");
        dr.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(1, dr.hashCount());
        assertTrue(dr.cacheFile().isEmpty());
        DataRoot memoryOnly = new DataRoot(root, sums, null);
        memoryOnly.verifiedFile("imdb/train.jsonl.gz");
        assertEquals(1, memoryOnly.hashCount());
    }

    @Test
    void concurrentVerificationHashesOnce() throws Exception {
        DataRoot dr = newRoot();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> dr.verifiedFile("imdb/train.jsonl.gz"));
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(1, dr.hashCount());
    }

    @Test
    void statusStates() throws IOException {
        DataRoot dr = newRoot();
        DatasetStatus imdb = dr.status("imdb");
        assertEquals(DatasetStatus.State.VERIFIED, imdb.state());
        assertTrue(imdb.available());
        assertEquals(Files.size(root.resolve("imdb/train.jsonl.gz")) + Files.size(root.resolve("imdb/test.jsonl.gz")),
                imdb.totalBytes());
        assertEquals("./linrepro data fetch imdb", imdb.fetchCommand());

        DatasetStatus cifar = dr.status("cifar10");
        assertEquals(DatasetStatus.State.MISSING, cifar.state());
        assertEquals(List.of("cifar10/train_gray.bin.gz", "cifar10/test_gray.bin.gz"), cifar.missingFiles());
        assertFalse(dr.isAvailable("cifar10"));
        assertEquals("MISSING; missing: cifar10/train_gray.bin.gz, cifar10/test_gray.bin.gz", cifar.summary());

        // aan has no checksums: present files are UNCHECKED (usable), partial ones PARTIAL
        writeGz("aan/train.tsv.gz", "1\ta\tb\tx\ty\n");
        DatasetStatus aan = dr.status("aan");
        assertEquals(DatasetStatus.State.PARTIAL, aan.state());
        assertEquals(List.of("aan/dev.tsv.gz", "aan/test.tsv.gz"), aan.missingFiles());
        writeGz("aan/dev.tsv.gz", "1\ta\tb\tx\ty\n");
        writeGz("aan/test.tsv.gz", "1\ta\tb\tx\ty\n");
        assertEquals(DatasetStatus.State.UNCHECKED, dr.status("aan").state());
        assertTrue(dr.isAvailable("aan"));

        writeGz("imdb/test.jsonl.gz", "changed\n");
        DatasetStatus broken = dr.status("imdb");
        assertEquals(DatasetStatus.State.CORRUPT, broken.state());
        assertEquals(List.of("imdb/test.jsonl.gz"), broken.corruptFiles());
        assertFalse(dr.isAvailable("imdb"));

        List<DatasetStatus> all = dr.statusAll();
        assertEquals(Datasets.all().stream().map(Dataset::name).toList(), all.stream().map(DatasetStatus::name).toList());
    }

    @Test
    void aSplitIsAvailableWhileItsDatasetIsPartial() throws IOException {
        sums.put("wikitext-103/wiki.valid.tokens.gz", writeGz("wikitext-103/wiki.valid.tokens.gz", " a b \n"));
        sums.put("wikitext-103/wiki.test.tokens.gz", writeGz("wikitext-103/wiki.test.tokens.gz", " c \n"));
        DataRoot dr = newRoot();
        DatasetStatus whole = dr.status("wikitext-103");
        assertEquals(DatasetStatus.State.PARTIAL, whole.state());
        assertEquals(List.of("wikitext-103/wiki.train.tokens.gz"), whole.missingFiles());
        assertTrue(dr.isAvailable("wikitext-103/valid"));
        assertEquals(DatasetStatus.State.VERIFIED, dr.status("wikitext-103/test").state());
        DatasetStatus train = dr.status("wikitext-103/train");
        assertEquals(DatasetStatus.State.MISSING, train.state());
        assertFalse(train.available());
        assertEquals("./linrepro data fetch wikitext-103", train.fetchCommand());
        DataException e = assertThrows(DataException.class,
                () -> dr.verifiedFile("wikitext-103/wiki.train.tokens.gz"));
        assertTrue(e.getMessage().contains("./linrepro data fetch wikitext-103"), e.getMessage());
        // a corrupt split spoils that split and the dataset, not the other split
        writeGz("wikitext-103/wiki.test.tokens.gz", "changed\n");
        assertEquals(DatasetStatus.State.CORRUPT, dr.status("wikitext-103/test").state());
        assertEquals(DatasetStatus.State.CORRUPT, dr.status("wikitext-103").state());
        assertTrue(dr.isAvailable("wikitext-103/valid"));
    }

    @Test
    void statusOfUnknownDatasetThrows() {
        DataException e = assertThrows(DataException.class, () -> newRoot().status("imbd"));
        assertTrue(e.getMessage().startsWith("unknown dataset 'imbd'; known: "), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'imdb'?"), e.getMessage());
    }

    @Test
    void pathsMustStayInsideTheRoot() {
        DataRoot dr = newRoot();
        assertThrows(DataException.class, () -> dr.verifiedFile("../etc/passwd"));
        assertThrows(DataException.class, () -> dr.verifiedFile("/etc/passwd"));
        assertThrows(DataException.class, () -> dr.verifiedFile(""));
        assertEquals("imdb/train.jsonl.gz", DataRoot.normalize("./imdb//train.jsonl.gz"));
    }

    @Test
    void rootResolutionOrder() {
        String[] origin = new String[1];
        assertEquals(Path.of("/a/b"), DataRoot.resolveRoot("/a/b", "/c", origin));
        assertEquals(DataRoot.ENV, origin[0]);
        assertEquals(Path.of("/c"), DataRoot.resolveRoot("  ", "/c", origin));
        assertEquals("-D" + DataRoot.PROPERTY, origin[0]);
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(home.resolve(".cache/linrepro/data"), DataRoot.resolveRoot(null, null, origin));
        assertEquals("default", origin[0]);
        assertEquals(home.resolve("x"), DataRoot.resolveRoot("~/x", null, origin));
        assertEquals(home.resolve(".cache/linrepro"), CacheFolder.resolve(null, null));
        assertEquals(Path.of("/q"), CacheFolder.resolve("/q", "/r"));
        assertEquals(Path.of("/r"), CacheFolder.resolve("", "/r"));
    }

    @Test
    void fromEnvironmentAndAtUseTheShippedChecksums() {
        DataRoot env = DataRoot.fromEnvironment();
        assertTrue(env.root().isAbsolute());
        String v = System.getenv(DataRoot.ENV);
        if (v != null && !v.isBlank()) {
            assertEquals(Path.of(v).toAbsolutePath().normalize(), env.root());
        }
        assertEquals(root, DataRoot.at(root).root());
    }

    @Test
    void checksumListParsing() throws IOException {
        byte[] text = ("# comment\n\n" + "a".repeat(64) + "  x/y.gz\n" + "B".repeat(64) + " *./z.gz\n")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> m = Checksums.parse(new java.io.ByteArrayInputStream(text));
        assertEquals(Map.of("x/y.gz", "a".repeat(64), "z.gz", "b".repeat(64)), m);
        assertThrows(IOException.class,
                () -> Checksums.parse(new java.io.ByteArrayInputStream("nonsense\n".getBytes(StandardCharsets.UTF_8))));
    }

    private static List<Path> listAll(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }
}
