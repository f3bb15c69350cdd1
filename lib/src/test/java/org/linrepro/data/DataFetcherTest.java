package org.linrepro.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {
    @TempDir
    Path project;

    @Test
    void runsTheDatasetScriptWithTheRootAndReturnsItsExitCode() throws IOException {
        Path scripts = Files.createDirectories(project.resolve("data-scripts"));
        Files.writeString(scripts.resolve("glue.sh"),
                "set -euo pipefail\nmkdir -p \"$1\"\nprintf '%s|%s' \"$1\" \"${GLUE_TASKS:-all}\" > \"$1/ran\"\nexit 3\n");
        Path root = project.resolve("root");
        DataRoot dr = new DataRoot(root, Map.of(), null);
        assertEquals(scripts.resolve("glue.sh"), DataFetcher.scriptFor("glue/RTE", project));
        assertEquals(3, DataFetcher.run("glue/RTE", project, dr));
        assertEquals(root + "|RTE", Files.readString(root.resolve("ran")));
        assertEquals(3, DataFetcher.run("glue", project, dr));
        assertEquals(root + "|all", Files.readString(root.resolve("ran")));
    }

    @Test
    void missingScriptIsADataException() {
        DataException e = assertThrows(DataException.class, () -> DataFetcher.scriptFor("imdb", project));
        assertTrue(e.getMessage().contains("data-scripts/imdb.sh"), e.getMessage());
        assertThrows(DataException.class, () -> DataFetcher.scriptFor("nope", project));
    }
}
