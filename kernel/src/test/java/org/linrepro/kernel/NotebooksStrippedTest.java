package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Notebooks are committed without outputs: executed copies go elsewhere (see .ci/notebooks.sh). */
class NotebooksStrippedTest {

    static Path notebooksDir() {
        String prop = System.getProperty("linrepro.notebooks.dir");
        return prop != null ? Path.of(prop) : Path.of("../notebooks");
    }

    @Test
    void committedNotebooksHaveNoOutputs() throws Exception {
        Path dir = notebooksDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> dirty = new ArrayList<>();
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(dir)) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        for (Path nb : notebooks) {
            JsonNode root = Json.parse(Files.readString(nb));
            int i = 0;
            for (JsonNode c : root.path("cells")) {
                i++;
                if (!"code".equals(c.path("cell_type").asText())) {
                    continue;
                }
                boolean outputs = c.path("outputs").size() > 0;
                boolean count = c.has("execution_count") && !c.get("execution_count").isNull();
                if (outputs || count) {
                    dirty.add(nb.getFileName() + " cell " + i + (outputs ? " has outputs" : "")
                            + (count ? " has an execution_count" : ""));
                }
            }
        }
        assertTrue(dirty.isEmpty(), "strip outputs before committing (e.g. jupyter nbconvert --clear-output"
                + " --inplace notebooks/NAME.ipynb):\n  " + String.join("\n  ", dirty));
    }
}
