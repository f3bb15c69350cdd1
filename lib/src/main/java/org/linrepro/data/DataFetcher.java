package org.linrepro.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the fetch script of a dataset: {@code bash data-scripts/<script> <data root>} in the project directory,
 * with inherited standard streams. For a per-task GLUE dataset ({@code glue/SST-2}) the script is told to fetch
 * only that task through the environment variable {@code GLUE_TASKS}.
 */
public final class DataFetcher {
    /** Folder of the fetch scripts, relative to the project directory. */
    public static final String SCRIPTS_DIR = "data-scripts";

    private DataFetcher() {
    }

    /** The fetch script of {@code dataset} under {@code projectDir}; DataException if the dataset is unknown or the script absent. */
    public static Path scriptFor(String dataset, Path projectDir) {
        Dataset d = Datasets.byName(dataset);
        Path script = projectDir.toAbsolutePath().normalize().resolve(SCRIPTS_DIR).resolve(d.script());
        if (!Files.isRegularFile(script)) {
            throw new DataException("Fetch script " + SCRIPTS_DIR + "/" + d.script() + " for dataset '" + d.name()
                    + "' not found at " + script + " (run from the linrepro project directory)");
        }
        return script;
    }

    /**
     * Runs the fetch script for {@code dataset} into {@code root} and waits for it.
     *
     * @return the script's exit code (0 = fetched and verified)
     */
    public static int run(String dataset, Path projectDir, DataRoot root) {
        Dataset d = Datasets.byName(dataset);
        Path script = scriptFor(dataset, projectDir);
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), root.root().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir.toAbsolutePath().toFile()).inheritIO();
        pb.environment().put(DataRoot.ENV, root.root().toString());
        if (d.name().startsWith("glue/")) {
            pb.environment().put("GLUE_TASKS", d.name().substring("glue/".length()));
        } else {
            pb.environment().remove("GLUE_TASKS");
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DataException("Cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new DataException("Interrupted while fetching dataset '" + d.name() + "'", e);
        }
    }
}
