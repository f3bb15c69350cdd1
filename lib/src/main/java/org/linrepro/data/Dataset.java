package org.linrepro.data;

import java.util.List;
import java.util.Objects;

/**
 * A named set of files under the data root.
 *
 * @param name        registry name, e.g. {@code wikitext-2} or {@code glue/SST-2}
 * @param description one line for status listings
 * @param files       paths relative to the data root, '/'-separated
 * @param script      file name of the fetch script in {@code data-scripts/}
 */
public record Dataset(String name, String description, List<String> files, String script) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        files = List.copyOf(files);
        Objects.requireNonNull(script, "script");
    }

    /** The command that fetches this dataset into the data root: {@code ./linrepro data fetch <name>}. */
    public String fetchCommand() {
        return Datasets.fetchCommand(name);
    }

    /** Whether {@code relativePath} is one of this dataset's files. */
    public boolean contains(String relativePath) {
        return files.contains(relativePath);
    }
}
