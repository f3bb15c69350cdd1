package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
            JsonObject root = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
            int i = 0;
            for (JsonElement cell : root.getAsJsonArray("cells")) {
                JsonObject c = cell.getAsJsonObject();
                i++;
                if (!"code".equals(c.get("cell_type").getAsString())) {
                    continue;
                }
                boolean outputs = c.has("outputs") && c.getAsJsonArray("outputs").size() > 0;
                boolean count = c.has("execution_count") && !c.get("execution_count").isJsonNull();
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
