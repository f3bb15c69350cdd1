package org.linrepro.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    @Test
    void registryNamesAndFiles() {
        assertEquals(List.of("wikitext-2", "wikitext-103", "glue", "imdb", "cifar10", "aan"),
                Datasets.all().stream().map(Dataset::name).toList());
        assertEquals(4, Datasets.byName("wikitext-2").files().size());
        assertEquals(20, Datasets.byName("glue").files().size());
        assertEquals(List.of("glue/QNLI/dev.tsv.gz", "glue/QNLI/test.tsv.gz"), Datasets.byName("glue/QNLI").files());
        assertEquals(List.of("glue/SST-2/train.tsv.gz", "glue/SST-2/dev.tsv.gz", "glue/SST-2/test.tsv.gz"),
                Datasets.byName("glue/SST-2").files());
        assertEquals("glue.sh", Datasets.byName("glue/SST-2").script());
        assertTrue(Datasets.byName("wikitext-103").files().contains("wikitext-103/wiki.train.tokens.gz"));
        assertEquals("./linrepro data fetch aan", Datasets.byName("aan").fetchCommand());
        assertEquals(6 + Datasets.GLUE_TASKS.size() + 3, Datasets.names().size());
    }

    @Test
    void wikitext103SplitsAreDatasetsFetchedWithTheWholeArchive() {
        assertEquals(List.of("wikitext-103/train", "wikitext-103/valid", "wikitext-103/test"),
                Datasets.wikitext103Splits().stream().map(Dataset::name).toList());
        Dataset valid = Datasets.byName("wikitext-103/valid");
        assertEquals(List.of("wikitext-103/wiki.valid.tokens.gz"), valid.files());
        assertEquals("wikitext-103.sh", valid.script());
        assertEquals("./linrepro data fetch wikitext-103", valid.fetchCommand());
        assertEquals("./linrepro data fetch wikitext-103", Datasets.fetchCommand("wikitext-103/train"));
        assertEquals("./linrepro data fetch glue/SST-2", Datasets.fetchCommand("glue/SST-2"));
        Set<String> splitFiles = new HashSet<>();
        Datasets.wikitext103Splits().forEach(d -> splitFiles.addAll(d.files()));
        assertEquals(new HashSet<>(Datasets.byName("wikitext-103").files()), splitFiles);
        // data status lists datasets, not their parts
        assertFalse(Datasets.all().contains(valid));
        assertEquals("wikitext-103", Datasets.owning("wikitext-103/wiki.valid.tokens.gz").orElseThrow().name());
    }

    @Test
    void unknownDatasetListsKnownNamesAndSuggestsClosest() {
        DataException e = assertThrows(DataException.class, () -> Datasets.byName("wikitext2"));
        String m = e.getMessage();
        assertTrue(m.startsWith("unknown dataset 'wikitext2'; known: wikitext-2, wikitext-103, wikitext-103/train"), m);
        assertTrue(m.endsWith("did you mean 'wikitext-2'?"), m);
        assertEquals(Optional.of("glue/SST-2"), Datasets.closest("sst2"));
        assertEquals(Optional.of("cifar10"), Datasets.closest("CIFAR-10"));
        assertEquals(Optional.of("glue/CoLA"), Datasets.closest("cola"));
        assertEquals(Optional.empty(), Datasets.closest("imagenet-21k"));
        DataException none = assertThrows(DataException.class, () -> Datasets.byName("imagenet-21k"));
        assertFalse(none.getMessage().contains("did you mean"), none.getMessage());
        assertThrows(DataException.class, () -> Datasets.byName(null));
    }

    @Test
    void owningDatasetIsTopLevel() {
        assertEquals("glue", Datasets.owning("glue/SST-2/dev.tsv.gz").orElseThrow().name());
        assertEquals("wikitext-2", Datasets.owning("wikitext-2/raw/wiki.test.raw.gz").orElseThrow().name());
        assertEquals("aan", Datasets.owning("aan/other.tsv.gz").orElseThrow().name());
        assertTrue(Datasets.owning("generated/x.bin").isEmpty());
    }

    @Test
    void contentChecksumsMatchTheDataScriptsList() throws java.io.IOException {
        assertEquals(Checksums.shipped().keySet(), ContentChecksums.SHIPPED.keySet());
        java.nio.file.Path list = java.nio.file.Path.of("..", "data-scripts", "CONTENT-SHA256SUMS");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(list), "not run from the lib module");
        Map<String, String> fromScripts = new java.util.HashMap<>();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(list)) {
            Checksums.parse(in).forEach((k, v) -> fromScripts.put(k + ".gz", v));
        }
        assertEquals(fromScripts, ContentChecksums.SHIPPED);
    }

    @Test
    void shippedChecksumsCoverExactlyTheMirrorFilesOfTheRegistry() {
        Map<String, String> shipped = Checksums.shipped();
        assertEquals(30, shipped.size());
        Set<String> registered = new HashSet<>();
        Datasets.all().forEach(d -> registered.addAll(d.files()));
        for (String f : shipped.keySet()) {
            assertTrue(registered.contains(f), "checksum for a file no dataset lists: " + f);
        }
        Set<String> unlisted = new HashSet<>(registered);
        unlisted.removeAll(shipped.keySet());
        assertEquals(Set.of("wikitext-103/wiki.train.tokens.gz", "aan/train.tsv.gz", "aan/dev.tsv.gz", "aan/test.tsv.gz"),
                unlisted);
        Set<String> taskFiles = new HashSet<>();
        Datasets.glueTasks().forEach(d -> taskFiles.addAll(d.files()));
        assertEquals(new HashSet<>(Datasets.byName("glue").files()), taskFiles);
    }
}
