package org.linrepro.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.linrepro.kernel.JavaSession;
import org.linrepro.kernel.Json;
import org.linrepro.kernel.nb.NotebookRunner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code %load FILE}: a {@code .jsh}/{@code .java} file runs as one cell would (Java snippets and magics, so a helper
 * file may {@code %maven} what it needs); an {@code .ipynb} notebook runs its code cells in order, each as a cell (as
 * d2l-java's {@code %load ../utils/x.ipynb}). Messages name the file (and the cell of a notebook).
 */
final class Load {

    private Load() {
    }

    static Object run(JavaSession session, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        String name = file.getFileName().toString();
        if (!name.endsWith(".ipynb")) {
            return session.runSource(text, name);
        }
        JsonNode nb;
        try {
            nb = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not notebook JSON: " + e.getMessage());
        }
        Object last = JavaSession.NO_VALUE;
        int index = 0;
        for (JsonNode cell : nb.path("cells")) {
            index++;
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            last = session.runSource(NotebookRunner.source(cell), name + " cell " + index);
        }
        return last;
    }
}
