package org.linrepro.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real mirror when {@code LINREPRO_DATA} is set (CI: shared/data); skipped otherwise. */
class MirrorTest {
    @TempDir
    Path cache;

    @Test
    void mirrorDatasetsVerify() throws IOException {
        String env = System.getenv(DataRoot.ENV);
        Assumptions.assumeTrue(env != null && !env.isBlank(), "LINREPRO_DATA is not set");
        DataRoot root = new DataRoot(DataRoot.fromEnvironment().root(), Checksums.shipped(), cache);
        Map<String, DatasetStatus> st = root.statusAll().stream()
                .collect(Collectors.toMap(DatasetStatus::name, Function.identity()));
        for (String name : List.of("wikitext-2", "glue", "imdb", "cifar10")) {
            assertEquals(DatasetStatus.State.VERIFIED, st.get(name).state(), st.get(name).summary());
            assertTrue(root.isAvailable(name));
        }
        DatasetStatus wt103 = st.get("wikitext-103");
        if (wt103.state() != DatasetStatus.State.VERIFIED && wt103.state() != DatasetStatus.State.UNCHECKED) {
            assertEquals(List.of("wikitext-103/wiki.train.tokens.gz"), wt103.missingFiles(), wt103.summary());
        }
        assertTrue(root.isAvailable("wikitext-103/valid"));
        assertTrue(root.isAvailable("wikitext-103/test"));
        int hashed = root.hashCount();
        assertEquals(30, hashed);
        // second pass is served from the cache
        DataRoot again = new DataRoot(root.root(), Checksums.shipped(), cache);
        again.statusAll();
        assertEquals(0, again.hashCount());
        try (BufferedReader r = again.openGzipReader("wikitext-2/wiki.valid.tokens.gz")) {
            assertEquals(3760, r.lines().count());
        }
    }
}
